/**
 * The editor's `qipp.*` settings as the language server reads them, with
 * their defaults. Pure (no file system), so that the server in Node and the
 * server in a web worker read them the same way; the hosts (node/settings.ts,
 * web/config.ts) layer them over `.qipprc.yaml`.
 */
import { isRuleId, type EngineConfig, type RuleSettings } from '../catalogue';
import type { SeveritySetting } from '../types';
import { SEVERITY_SETTINGS } from './config';
import { resolveConfig } from './resolve';

export type TraceLevel = 'off' | 'messages' | 'verbose';

/** `qipp.*` as the server reads it. */
export interface Settings {
  /** Severity by rule id; overrides `.qipprc.yaml`. */
  rules: RuleSettings;
  /** Extra schema folders (holding `<kind>.schema.json`), relative to the workspace folder. */
  schemas: string[];
  /** A national timeline file replacing the built-in national milestones, relative to the workspace folder. */
  nationalTimeline?: string;
  /**
   * Lets plans and configurations name files outside the workspace folder (node/named-files.ts). A user
   * setting: package.json declares it with "machine" scope, so a workspace cannot turn it on for itself.
   */
  allowFilesOutsideWorkspace: boolean;
  trace: { server: TraceLevel };
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({ rules: {}, schemas: [], nationalTimeline: undefined, allowFilesOutsideWorkspace: false, trace: { server: 'off' as TraceLevel } });

/** Reads whatever the client sent for `qipp` over the defaults; what cannot be used is named in `problems`. */
export function readSettings(raw: unknown): { settings: Settings; problems: string[] } {
  const problems: string[] = [];
  const settings: Settings = { ...DEFAULT_SETTINGS, rules: { ...DEFAULT_SETTINGS.rules }, schemas: [...DEFAULT_SETTINGS.schemas], trace: { ...DEFAULT_SETTINGS.trace } };
  if (raw === null || raw === undefined || typeof raw !== 'object') return { settings, problems };
  const r = raw as Record<string, unknown>;
  if (r.rules && typeof r.rules === 'object') {
    for (const [id, level] of Object.entries(r.rules as Record<string, unknown>)) {
      if (!isRuleId(id)) problems.push(`qipp.rules: "${id}" is not a rule.`);
      else if (typeof level !== 'string' || !(SEVERITY_SETTINGS as readonly string[]).includes(level)) problems.push(`qipp.rules.${id}: use error, warning, info or off.`);
      else settings.rules[id] = level as SeveritySetting;
    }
  }
  if (Array.isArray(r.schemas)) settings.schemas = r.schemas.filter((s): s is string => typeof s === 'string' && s.trim() !== '');
  if (typeof r.nationalTimeline === 'string' && r.nationalTimeline.trim() !== '') settings.nationalTimeline = r.nationalTimeline;
  if (r.allowFilesOutsideWorkspace === true) settings.allowFilesOutsideWorkspace = true;
  const trace = (r.trace as { server?: unknown } | undefined)?.server;
  if (trace === 'messages' || trace === 'verbose' || trace === 'off') settings.trace.server = trace;
  return { settings, problems };
}

/** The configuration of one plan, ready for the engine (made by a host: node/settings.ts, web/config.ts). */
export interface PlanConfig {
  engineConfig: EngineConfig;
  /** A stable key of engineConfig, to share one engine between plans with the same configuration. */
  key: string;
  /** The `.qipprc.yaml` in force, when there is one. */
  source?: string;
  /** Sentences about configuration that could not be used (shown to the person once). */
  problems: string[];
  /** Files the configuration read, so that a change to one of them reloads it. */
  files: string[];
  /** qipp.allowFilesOutsideWorkspace: files a plan names may be outside its workspace folder. */
  anywhere: boolean;
}

/**
 * The configuration of every plan in an untrusted workspace (issue 15), on Node
 * and on the web alike: nothing of the workspace is read but the plans, so no
 * `.qipprc.yaml`, extra schema or national timeline file; the built-in rules
 * and national milestones, with the severities of the `qipp.rules` setting.
 */
export function untrustedConfig(settings: Settings): PlanConfig {
  const engineConfig = resolveConfig({ rules: settings.rules });
  return { engineConfig, key: JSON.stringify(engineConfig), problems: [], files: [], anywhere: false };
}
