/**
 * The one answer to "is this file a plan?", for the CLI's discovery, the
 * language server's workspace pass and the editor's choice of language
 * (spec section 1): a file named `*.plan.yaml` / `*.plan.yml`, or any other
 * `.yaml`/`.yml` file whose first document is a mapping with a top-level
 * `kind:` naming a plan kind.
 */
import { isPlanKind, type PlanKind } from './table';

/** Names that make a file a plan whatever it holds. */
export const PLAN_FILE_NAME = /\.plan\.ya?ml$/i;
/** Names of YAML files, which are plans when their text says so. */
export const YAML_FILE_NAME = /\.ya?ml$/i;
/** How much of a file is read to find its `kind:`: discovery must not read every YAML file whole. */
export const SNIFF_BYTES = 64 * 1024;

/**
 * The value of a block-style top-level `kind:` in the first YAML document of
 * `text`, or undefined. A cheap look, not a parse: a byte-order mark, comments,
 * directives and a leading `---` are passed over; a quoted key or value is
 * read; space before the colon is allowed (YAML allows it); the first document
 * ends at the next `---` or `...`.
 */
export function topLevelKind(text: string): string | undefined {
  let inContent = false;
  for (const line of text.slice(0, SNIFF_BYTES).replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)) {
    if (/^(---|\.\.\.)(\s|$)/.test(line)) {
      if (inContent) return undefined;
      continue;
    }
    if (/^\s*(#.*)?$/.test(line) || (!inContent && line.startsWith('%'))) continue;
    inContent = true;
    const m = /^(?:kind|"kind"|'kind')[ \t]*:[ \t]*(?:"([^"]*)"|'([^']*)'|([^\s#]+))[ \t]*(#.*)?$/.exec(line);
    if (m) return m[1] ?? m[2] ?? m[3];
  }
  return undefined;
}

/** The plan kind a text names at its top level, if it names one. */
export function sniffKind(text: string): PlanKind | undefined {
  const kind = topLevelKind(text);
  return isPlanKind(kind) ? kind : undefined;
}

/**
 * Whether a file is a plan, from its name and (for YAML files not named as
 * plans) the start of its text. `head` may be a prefix of the file of at least
 * SNIFF_BYTES, or undefined when it cannot be read.
 */
export function isPlanFile(name: string, head: string | undefined): boolean {
  if (PLAN_FILE_NAME.test(name)) return true;
  if (!YAML_FILE_NAME.test(name) || head === undefined) return false;
  return sniffKind(head) !== undefined;
}
