/**
 * The editor's `qipp.*` settings, declared once with their defaults, and how
 * they combine with `.qipprc.yaml`: the file nearest the plan first, the
 * settings of the plan's folder over it (spec section 5). Settings are pulled
 * per resource and kept per document only until they change; nothing here is
 * global state.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { createConfigLoader, ConfigError, type LoadedConfig } from './config';
import { readConfigFile, readSchemaFolder } from './config-file';
import { resolveConfig, type ConfigLayer, type PlanConfig, type Settings } from '../core/config';
import { parseTimeline } from '../core/model';
import { type PlanKind } from '../core/types';

export { DEFAULT_SETTINGS, readSettings, type PlanConfig, type Settings, type TraceLevel } from '../core/config';


/**
 * Reads `.qipprc.yaml` files (nearest to each plan) for one generation of the
 * configuration; a new loader is made when a configuration file changes.
 * In an untrusted workspace only rule severities are taken from the workspace:
 * no extra schema (ajv compiles schemas to code) and no national timeline file.
 */
export function createPlanConfigLoader(trusted: boolean): (planPath: string, folder: string | undefined, settings: Settings) => PlanConfig {
  const problems: string[] = [];
  const loader = createConfigLoader({ cwd: '/', warn: (m) => problems.push(m), read: readConfigFile });
  return (planPath, folder, settings) => {
    const out: string[] = [];
    const files: string[] = [];
    let file: LoadedConfig | undefined;
    try {
      file = loader(planPath);
      if (file.source) files.push(file.source);
    } catch (e) {
      if (!ConfigError.is(e)) throw e;
      out.push(`${e.message} The editor uses the default rules until it is mended.`);
    }
    out.push(...problems.splice(0));
    const base = folder ?? '/';
    const layer: ConfigLayer = { rules: settings.rules };
    if (!trusted) {
      const engineConfig = resolveConfig({ rules: file?.engineConfig.rules }, layer);
      return { engineConfig, key: JSON.stringify(engineConfig), source: file?.source, problems: out, files };
    }
    if (settings.schemas.length) layer.extraSchemas = settings.schemas.flatMap((f) => schemasFromSettings(resolvePath(base, f), f, out, files));
    if (settings.nationalTimeline) {
      const path = resolvePath(base, settings.nationalTimeline);
      files.push(path);
      try {
        const t = parseTimeline(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
        out.push(...t.problems.map((p) => `qipp.nationalTimeline: ${p}`));
        if (t.milestones.length) layer.nationalTimeline = t.milestones;
      } catch (e) {
        out.push(`qipp.nationalTimeline: "${settings.nationalTimeline}" could not be read (${(e as Error).message}).`);
      }
    }
    const engineConfig = resolveConfig(file?.engineConfig, layer);
    return { engineConfig, key: JSON.stringify(engineConfig), source: file?.source, problems: out, files };
  };
}

function resolvePath(base: string, p: string): string {
  return isAbsolute(p) ? p : resolve(base, p);
}

/** The `<kind>.schema.json` files of a folder named in `qipp.schemas`; problems are told, not fatal. */
function schemasFromSettings(folder: string, written: string, problems: string[], files: string[]): { kind: PlanKind; schema: object; source: string }[] {
  const read = readSchemaFolder(folder);
  if (read.unreadable !== undefined) problems.push(`qipp.schemas: the folder "${written}" could not be read (${read.unreadable}).`);
  for (const b of read.bad) problems.push(`qipp.schemas: "${b.path}" could not be read (${b.why}).`);
  files.push(...read.files);
  return read.schemas;
}
