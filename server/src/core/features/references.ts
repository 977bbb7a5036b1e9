/**
 * Ids and the references to them: go to definition, find references and
 * rename. Organisations, initiatives, milestones and risks share one id space
 * (spec section 1), so a reference is matched by its id; `delivers` names a
 * national milestone instead and is never renamed with a plan id. PURE.
 */
import type { Analysis } from '../check';
import type { IdDef } from '../model';
import type { PNode, PScalar } from '../syntax';
import type { NationalMilestone, Span } from '../types';
import { own } from '../text';

/** What a reference key names. */
export type RefTarget = 'organisation' | 'milestone' | 'initiative' | 'any' | 'national';

/** The keys that hold references, and what each names (spec section 3, `unknown-ref`). */
export const REFERENCE_KEYS: Readonly<Record<string, RefTarget>> = {
  lead: 'organisation',
  owner: 'organisation',
  organisation: 'organisation',
  after: 'milestone',
  depends_on: 'initiative',
  affects: 'any',
  delivers: 'national',
};

/** The id pattern of the plan format. */
export const ID_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]*$/;

/** Words YAML 1.2 reads as something other than text, so they cannot be written plain as ids. */
const RESERVED = /^(true|false|null|True|False|Null|TRUE|FALSE|NULL)$/;

export interface Reference {
  id: string;
  /** The scalar naming the id. */
  node: PScalar;
  key: string;
  target: RefTarget;
}

/** Every reference in the tree, in document order. */
export function collectReferences(root: PNode | undefined): Reference[] {
  const out: Reference[] = [];
  const visit = (n: PNode): void => {
    if (n.type === 'seq') {
      for (const it of n.items) visit(it);
      return;
    }
    if (n.type !== 'map') return;
    for (const p of n.pairs) {
      const key = typeof p.key.value === 'string' ? p.key.value : undefined;
      const target = own(REFERENCE_KEYS, key);
      if (key !== undefined && target) {
        const v = p.value;
        if (v.type === 'scalar' && typeof v.value === 'string') out.push({ id: v.value, node: v, key, target });
        else if (v.type === 'seq' && target !== 'organisation' && target !== 'national') {
          for (const it of v.items) if (it.type === 'scalar' && typeof it.value === 'string') out.push({ id: it.value, node: it, key, target });
        }
        continue;
      }
      visit(p.value);
    }
  };
  if (root) visit(root);
  return out;
}

const within = (span: Span, offset: number) => offset >= span[0] && offset <= span[1];

/** What the cursor is on: an id's definition, a reference, or nothing. */
export type IdHit =
  | { what: 'definition'; id: string; node: PScalar; def: IdDef }
  | { what: 'reference'; id: string; node: PScalar; ref: Reference; def?: IdDef; national?: NationalMilestone };

export function idAt(a: Analysis, offset: number): IdHit | undefined {
  const plan = a.plan;
  if (!plan) return undefined;
  for (const d of plan.ids) {
    if (within(d.id.node.span, offset)) return { what: 'definition', id: d.id.value, node: d.id.node as PScalar, def: d };
  }
  for (const r of collectReferences(a.root)) {
    if (!within(r.node.span, offset)) continue;
    if (r.target === 'national') return { what: 'reference', id: r.id, node: r.node, ref: r, national: a.timeline.find((n) => n.id === r.id) };
    return { what: 'reference', id: r.id, node: r.node, ref: r, def: plan.byId.get(r.id) };
  }
  return undefined;
}

/** The span of the id's definition, for go to definition. */
export function definitionAt(a: Analysis, offset: number): Span | undefined {
  const hit = idAt(a, offset);
  if (!hit) return undefined;
  if (hit.what === 'definition') return hit.def.id.node.span;
  return hit.def?.id.node.span;
}

/** Every use of the id under the cursor (its definitions first when asked for), in document order. */
export function referencesAt(a: Analysis, offset: number, includeDeclaration: boolean): Span[] {
  const hit = idAt(a, offset);
  if (!hit || (hit.what === 'reference' && hit.ref.target === 'national')) return [];
  return usesOf(a, hit.id, includeDeclaration);
}

function usesOf(a: Analysis, id: string, includeDeclaration: boolean): Span[] {
  const spans: Span[] = [];
  if (includeDeclaration) for (const d of a.plan?.ids ?? []) if (d.id.value === id) spans.push(d.id.node.span);
  for (const r of collectReferences(a.root)) if (r.id === id && r.target !== 'national') spans.push(r.node.span);
  return spans.sort((x, y) => x[0] - y[0]);
}

export type RenameCheck = { ok: true; span: Span; placeholder: string } | { ok: false; message: string };

/** Whether the id under the cursor can be renamed, and the span to rename. */
export function prepareRename(a: Analysis, offset: number): RenameCheck {
  const hit = idAt(a, offset);
  if (!hit) return { ok: false, message: 'Only the id of an organisation, initiative, milestone or risk, or a reference to one, can be renamed here.' };
  if (hit.what === 'reference' && hit.ref.target === 'national') {
    return { ok: false, message: `\`${hit.id}\` is a national milestone: it comes from the national timeline and cannot be renamed in the plan.` };
  }
  if (hit.what === 'reference' && !hit.def) return { ok: false, message: `\`${hit.id}\` names nothing in this plan, so there is nothing to rename.` };
  return { ok: true, span: innerSpan(a.text, hit.node.span), placeholder: hit.id };
}

export interface TextEdit {
  span: Span;
  newText: string;
}

/** The edits that rename the id under the cursor everywhere, or why it cannot be done. */
export function renameAt(a: Analysis, offset: number, newName: string): { ok: true; edits: TextEdit[] } | { ok: false; message: string } {
  const check = prepareRename(a, offset);
  if (!check.ok) return check;
  const old = check.placeholder;
  if (newName === old) return { ok: true, edits: [] };
  if (!ID_PATTERN.test(newName) || RESERVED.test(newName)) {
    return { ok: false, message: `\`${newName}\` cannot be used as an id: an id starts with a letter and uses only letters, digits, \`_\`, \`.\` and \`-\` (and cannot be true, false or null).` };
  }
  const taken = a.plan?.byId.get(newName);
  if (taken) return { ok: false, message: `The id \`${newName}\` is already used for ${taken.what === 'organisation' ? 'an organisation' : `a ${taken.what}`} in this plan; choose another.` };
  return { ok: true, edits: usesOf(a, old, true).map((span) => ({ span: innerSpan(a.text, span), newText: newName })) };
}

/** A scalar's span without its quotes, so that an edit keeps the quoting as written. */
export function innerSpan(text: string, span: Span): Span {
  const c = text[span[0]];
  if ((c === '"' || c === "'") && span[1] - span[0] >= 2 && text[span[1] - 1] === c) return [span[0] + 1, span[1] - 1];
  return span;
}
