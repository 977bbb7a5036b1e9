/** Finding nodes of the tree by JSON-pointer paths, and naming them for people. */
import { pairOf, type PMap, type PNode, type PPair } from './parse';
import type { Span } from '../types';

export interface Located {
  node: PNode;
  /** The pair whose value this node is, when its parent is a map. */
  pair?: PPair;
  /** True when the node is an item of a sequence. */
  inList: boolean;
  /** The path segments, decoded. */
  path: string[];
}

export function decodePointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The node at a JSON pointer, or the deepest existing ancestor. */
export function locate(root: PNode, pointer: string): Located {
  const path = decodePointer(pointer);
  let cur: Located = { node: root, inList: false, path: [] };
  for (const seg of path) {
    const n = cur.node;
    if (n.type === 'map') {
      const pair = pairNamed(n, seg);
      if (!pair) break;
      cur = { node: pair.value, pair, inList: false, path: [...cur.path, seg] };
    } else if (n.type === 'seq') {
      const item = n.items[Number(seg)];
      if (!item) break;
      cur = { node: item, inList: true, path: [...cur.path, seg] };
    } else break;
  }
  return cur;
}

/** Mappings with at least this many pairs are looked up through an index (see pairNamed). */
const INDEXED = 16;
const keyIndex = new WeakMap<PMap, Map<string, PPair>>();

/**
 * The first pair of a mapping whose key reads as `key` (keys compared as
 * text, as JSON pointers name them). A large mapping is indexed the first
 * time, so that looking up each of its 50,000 keys is not quadratic. The
 * index holds pairs, which stay the same objects when an edit moves a tree.
 */
export function pairNamed(map: PMap, key: string): PPair | undefined {
  if (map.pairs.length < INDEXED) return map.pairs.find((p) => String(p.key.value) === key);
  let index = keyIndex.get(map);
  if (!index) {
    index = new Map();
    for (const p of map.pairs) {
      const k = String(p.key.value);
      if (!index.has(k)) index.set(k, p);
    }
    keyIndex.set(map, index);
  }
  return index.get(key);
}

/**
 * Where a diagnostic about a whole mapping starts (spec section 3): a list item's
 * first line; else the key that holds the mapping; at the root, the `kind` key.
 */
export function holderSpan(root: PNode, at: Located): Span {
  if (at.inList) return at.node.span;
  if (at.pair) return at.pair.key.span;
  const kind = root.type === 'map' ? pairOf(root, 'kind') : undefined;
  return kind ? kind.key.span : [0, 0];
}

const ITEM_NOUNS: Record<string, string> = {
  initiatives: 'initiative',
  actions: 'action',
  milestones: 'milestone',
  organisations: 'organisation',
  risks: 'risk',
  improvements: 'improvement',
  non_recurrent_2pc: '2% non-recurring funds entry',
  named_support: 'named support entry',
  regional_funds: 'regional fund',
  access: 'access standard',
  policy_asks: 'policy ask',
};

/** A short name for what a path points at: "initiative C2", "`finance`", "the plan". */
export function describePath(root: PNode, path: string[]): string {
  if (path.length === 0) return 'the plan';
  const last = path[path.length - 1];
  if (/^\d+$/.test(last) && path.length >= 2) {
    const noun = ITEM_NOUNS[path[path.length - 2]] ?? `item ${Number(last) + 1} of \`${path[path.length - 2]}\``;
    const item = locate(root, '/' + path.join('/')).node;
    const id = item.type === 'map' ? pairOf(item as PMap, 'id')?.value : undefined;
    return id && id.type === 'scalar' && id.value !== null ? `${noun} ${String(id.value)}` : `this ${noun}`;
  }
  return `\`${last}\``;
}
