/** Findings in the preview: lists under items, rows in tables, and the counts in the header. */
import type { Ctx, RenderOptions } from './context';
import { esc, messageHtml, plural } from './html';
import { SEVERITY_LABELS } from './labels';
import type { Finding } from '../types';

export function findingsList(findings: readonly Finding[], showLine = false): string {
  if (findings.length === 0) return '';
  return (
    `<ul class="findings">` +
    findings
      .map(
        (f) =>
          `<li class="finding sev-${f.severity}" data-line="${f.range.start.line}" data-character="${f.range.start.character}">` +
          `<span class="sev">${esc(SEVERITY_LABELS[f.severity])}</span> <span class="msg">${messageHtml(f.message)}</span>` +
          `<span class="rule">${esc(f.rule)}</span>` +
          (showLine ? `<span class="at">${esc(`line ${f.range.start.line + 1}`)}</span>` : '') +
          `</li>`,
      )
      .join('') +
    `</ul>`
  );
}

/** A table row spanning `cols` columns with the findings of the row above, if any. */
export function findingRow(c: Ctx, findings: Finding[], cols: number): string {
  return findings.length ? `<tr class="finding-row"><td colspan="${cols}">${findingsList(findings)}</td></tr>` : '';
}

/** How many errors, warnings and information there are. */
export function counts(findings: readonly Finding[], o: RenderOptions): string {
  const n = { error: 0, warning: 0, info: 0 };
  for (const f of findings) n[f.severity]++;
  const parts =
    findings.length === 0
      ? `<span class="count clean">No problems found</span>`
      : [
          `<span class="count errors">${esc(plural(n.error, 'error'))}</span>`,
          `<span class="count warnings">${esc(plural(n.warning, 'warning'))}</span>`,
          n.info ? `<span class="count infos">${esc(`${n.info} information`)}</span>` : '',
        ].join('');
  // In the editor the counts open the Problems panel; in an export they are plain text.
  return o.mode === 'webview'
    ? `<button type="button" class="counts" data-command="showProblems" title="Show in the Problems panel">${parts}</button>`
    : `<p class="counts">${parts}</p>`;
}
