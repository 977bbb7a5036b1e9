import { diagnosticsJson } from '../../node/report';
import type { Formatter } from './types';

/**
 * The CLI contract's JSON (spec section 6): one entry per file, clean files
 * included, each diagnostic with exactly rule, severity, message and range.
 * A result replayed from the cache is written from its checked diagnostics,
 * never from the cache's text (cache.ts).
 */
export const json: Formatter = (reports) =>
  `[${reports.map((r) => `{"file":${JSON.stringify(r.file)},"diagnostics":${diagnosticsJson(r.diagnostics)}}`).join(',')}]\n`;
