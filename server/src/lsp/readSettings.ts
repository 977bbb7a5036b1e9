/**
 * The editor's `qipp.*` settings as the server reads them, with their
 * defaults. Pure (no file system), so that the language server in a web
 * worker reads them exactly as the Node one does; settings.ts layers them
 * over `.qipprc.yaml`.
 */
import { ruleInfo } from '../core/catalogue';
import { SEVERITY_SETTINGS } from '../core/config';
import type { SeveritySetting } from '../core/types';

export type TraceLevel = 'off' | 'messages' | 'verbose';

/** `qipp.*` as the server reads it. */
export interface Settings {
  /** Severity by rule id; overrides `.qipprc.yaml`. */
  rules: Record<string, SeveritySetting>;
  /** Extra schema folders (holding `<kind>.schema.json`), relative to the workspace folder. */
  schemas: string[];
  /** A national timeline file replacing the built-in national milestones, relative to the workspace folder. */
  nationalTimeline?: string;
  trace: { server: TraceLevel };
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({ rules: {}, schemas: [], nationalTimeline: undefined, trace: { server: 'off' as TraceLevel } });

/** Reads whatever the client sent for `qipp` over the defaults; what cannot be used is named in `problems`. */
export function readSettings(raw: unknown): { settings: Settings; problems: string[] } {
  const problems: string[] = [];
  const settings: Settings = { ...DEFAULT_SETTINGS, rules: { ...DEFAULT_SETTINGS.rules }, schemas: [...DEFAULT_SETTINGS.schemas], trace: { ...DEFAULT_SETTINGS.trace } };
  if (raw === null || raw === undefined || typeof raw !== 'object') return { settings, problems };
  const r = raw as Record<string, unknown>;
  if (r.rules && typeof r.rules === 'object') {
    for (const [id, level] of Object.entries(r.rules as Record<string, unknown>)) {
      if (!ruleInfo(id)) problems.push(`qipp.rules: "${id}" is not a rule.`);
      else if (typeof level !== 'string' || !(SEVERITY_SETTINGS as readonly string[]).includes(level)) problems.push(`qipp.rules.${id}: use error, warning, info or off.`);
      else settings.rules[id] = level as SeveritySetting;
    }
  }
  if (Array.isArray(r.schemas)) settings.schemas = r.schemas.filter((s): s is string => typeof s === 'string' && s.trim() !== '');
  if (typeof r.nationalTimeline === 'string' && r.nationalTimeline.trim() !== '') settings.nationalTimeline = r.nationalTimeline;
  const trace = (r.trace as { server?: unknown } | undefined)?.server;
  if (trace === 'messages' || trace === 'verbose' || trace === 'off') settings.trace.server = trace;
  return { settings, problems };
}
