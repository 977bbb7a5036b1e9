import type { Diagnostic, Formatter } from './types';

/** Escapes text for XML content and attributes, dropping characters XML 1.0 cannot hold. */
export function escapeXml(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function line(d: Diagnostic): string {
  return `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.message} (${d.rule})`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * JUnit XML: one <testcase> per plan (name = the file's path, classname
 * `qipp.validate`). A plan with errors fails: one <failure type="error"> whose
 * message counts the errors and whose text lists every diagnostic of the plan.
 * Warnings and info do not fail a test case (they do not fail `qipp validate`
 * either, unless --max-warnings says so); they are listed in <system-out>.
 */
export const junit: Formatter = (reports) => {
  let failures = 0;
  const cases: string[] = [];
  for (const r of reports) {
    const errors = r.diagnostics.filter((d) => d.severity === 'error').length;
    const head = `    <testcase name="${escapeXml(r.file)}" classname="qipp.validate"`;
    const body = escapeXml(r.diagnostics.map(line).join('\n'));
    if (errors > 0) {
      failures++;
      cases.push(`${head}>\n      <failure type="error" message="${escapeXml(`${plural(errors, 'error')} in ${r.file}`)}">${body}</failure>\n    </testcase>`);
    } else if (r.diagnostics.length > 0) {
      cases.push(`${head}>\n      <system-out>${body}</system-out>\n    </testcase>`);
    } else {
      cases.push(`${head}/>`);
    }
  }
  const counts = `tests="${reports.length}" failures="${failures}" errors="0"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="qipp validate" ${counts}>`,
    `  <testsuite name="qipp.validate" ${counts} skipped="0">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
};
