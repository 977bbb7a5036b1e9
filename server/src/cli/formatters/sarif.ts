import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Severity } from '../../core/types';
import { toPosix } from '../../node/discover';
import { ALL_RULES } from '../../node/rules';
import type { Formatter } from './types';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SRCROOT = '%SRCROOT%';

/** Where a person reads about qipp's rules; overridden by the `homepage` of package.json when it has one. */
export interface SarifOptions {
  informationUri?: string;
}

/** A relative path as a URI reference: forward slashes, each segment percent-encoded. */
function relativeUri(file: string): string {
  return toPosix(file)
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/**
 * SARIF 2.1.0, one run: the driver lists every rule (catalogue order, then
 * the CLI's own) with its default level; results point at files relative to
 * %SRCROOT% (the working folder) with one-based regions in UTF-16 columns.
 */
export function sarifFormatter(options: SarifOptions = {}): Formatter {
  return (reports, ctx) => {
    const index = new Map(ALL_RULES.map((r, i) => [r.id, i]));
    const rules = ALL_RULES.map((r) => ({
      id: r.id,
      shortDescription: { text: r.summary },
      fullDescription: { text: `${r.summary} ${r.why}` },
      help: { text: `${r.summary} ${r.why}`, markdown: `${r.summary}\n\n${r.why}` },
      defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
    }));
    const results = reports.flatMap((report) => {
      const artifactLocation = isAbsolute(report.file)
        ? { uri: pathToFileURL(report.file).href }
        : { uri: relativeUri(report.file), uriBaseId: SRCROOT };
      return report.diagnostics.map((d) => {
        const ruleIndex = index.get(d.rule);
        return {
          ruleId: d.rule,
          ...(ruleIndex === undefined ? {} : { ruleIndex }),
          level: LEVEL[d.severity],
          message: { text: d.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation,
                region: {
                  startLine: d.range.start.line + 1,
                  startColumn: d.range.start.character + 1,
                  endLine: d.range.end.line + 1,
                  endColumn: d.range.end.character + 1,
                },
              },
            },
          ],
        };
      });
    });
    const driver: Record<string, unknown> = { name: 'qipp', version: ctx.version };
    if (options.informationUri) driver.informationUri = options.informationUri;
    driver.rules = rules;
    const log = {
      $schema: SARIF_SCHEMA,
      version: '2.1.0',
      runs: [
        {
          tool: { driver },
          originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(ctx.cwd.endsWith('/') ? ctx.cwd : ctx.cwd + '/').href } },
          columnKind: 'utf16CodeUnits',
          results,
        },
      ],
    };
    return JSON.stringify(log, null, 2) + '\n';
  };
}
