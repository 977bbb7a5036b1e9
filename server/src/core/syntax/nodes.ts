/**
 * The plain YAML tree both readers build: every node keeps its span of the text.
 * Types only, so that the two readers (parse.ts, fastparse.ts) share them without importing each other.
 */
import type { Span } from '../types';

export interface PScalar {
  type: 'scalar';
  span: Span;
  value: string | number | boolean | null;
}
export interface PPair {
  key: PScalar;
  /** The value; a missing value (`key:`) is a null scalar at the end of the key. */
  value: PNode;
  span: Span;
}
export interface PMap {
  type: 'map';
  span: Span;
  pairs: PPair[];
}
export interface PSeq {
  type: 'seq';
  span: Span;
  items: PNode[];
}
export type PNode = PScalar | PMap | PSeq;

export interface SyntaxProblem {
  span: Span;
  message: string;
  /** False for problems after which the tree is still a faithful reading (duplicate keys, extra documents). */
  fatal: boolean;
}

/** A list item in a path (its index does not matter for the schema). */
export const ITEM = -1;
/** One step of a path through the tree: a mapping key, or ITEM for any list item. */
export type Seg = string | typeof ITEM;
