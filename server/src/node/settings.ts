/**
 * The editor's `qipp.*` settings, declared once with their defaults, and how
 * they combine with `.qipprc.yaml`: the file nearest the plan first, the
 * settings of the plan's folder over it (spec section 5). Settings are pulled
 * per resource and kept per document only until they change; nothing here is
 * global state.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { createConfigLoader, ConfigError, type LoadedConfig } from './config';
import { readConfigFile, readSchemaFolder } from './config-file';
import { LIMITS, readTextGuarded } from './fs-guard';
import { refusal } from './named-files';
import { resolveConfig, untrustedConfig, type ConfigLayer, type PlanConfig, type Settings } from '../core/config';
import { parseTimeline } from '../core/model';
import { type PlanKind } from '../core/types';

export { DEFAULT_SETTINGS, readSettings, type PlanConfig, type Settings, type TraceLevel } from '../core/config';


/**
 * Reads `.qipprc.yaml` files (nearest to each plan) for one generation of the
 * configuration; a new loader is made when a configuration file or a setting changes.
 * In an untrusted workspace nothing of the workspace's is read but the plans
 * (issue 15): no `.qipprc.yaml` at all, and no extra schema (ajv compiles
 * schemas to code) or national timeline file from the settings either; the
 * built-in rules with the severities of the `qipp.rules` setting.
 * Otherwise what they name must be inside the workspace folder holding the
 * plan or configuration (its own folder outside every workspace folder),
 * unless qipp.allowFilesOutsideWorkspace is set.
 */
export function createPlanConfigLoader(trusted: boolean, folderOf: (path: string) => string | undefined = () => undefined): (planPath: string, folder: string | undefined, settings: Settings) => PlanConfig {
  if (!trusted) return (_planPath, _folder, settings) => untrustedConfig(settings);
  const problems: string[] = [];
  let anywhere = false;
  const rootOf = (file: string) => (anywhere ? undefined : (folderOf(file) ?? dirname(file)));
  const loader = createConfigLoader({ cwd: '/', warn: (m) => problems.push(m), read: (file, cwd, warn) => readConfigFile(file, cwd, warn, { rootOf }) });
  return (planPath, folder, settings) => {
    anywhere = settings.allowFilesOutsideWorkspace;
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
    const root = anywhere ? undefined : (folder ?? dirname(planPath));
    if (settings.schemas.length) layer.extraSchemas = settings.schemas.flatMap((f) => schemasFromSettings(resolvePath(base, f), f, out, files, root));
    if (settings.nationalTimeline) {
      const timeline = timelineFromSettings(resolvePath(base, settings.nationalTimeline), settings.nationalTimeline, out, root);
      files.push(resolvePath(base, settings.nationalTimeline));
      if (timeline?.length) layer.nationalTimeline = timeline;
    }
    const engineConfig = resolveConfig(file?.engineConfig, layer);
    return { engineConfig, key: JSON.stringify(engineConfig), source: file?.source, problems: out, files, anywhere };
  };
}

/** The national timeline named in `qipp.nationalTimeline`; problems are told, not fatal. */
function timelineFromSettings(path: string, written: string, problems: string[], root: string | undefined): ConfigLayer['nationalTimeline'] {
  const refused = refusal(path, root);
  if (refused !== undefined) {
    problems.push(`qipp.nationalTimeline: "${written}" was not read: ${refused}.`);
    return undefined;
  }
  const read = readTextGuarded(path, LIMITS.timeline);
  if (!read.ok) {
    problems.push(`qipp.nationalTimeline: "${written}" could not be read (${read.why}).`);
    return undefined;
  }
  const t = parseTimeline(read.text);
  problems.push(...t.problems.map((p) => `qipp.nationalTimeline: ${p}`));
  return t.milestones;
}

function resolvePath(base: string, p: string): string {
  return isAbsolute(p) ? p : resolve(base, p);
}

/** The `<kind>.schema.json` files of a folder named in `qipp.schemas`; problems are told, not fatal. */
function schemasFromSettings(folder: string, written: string, problems: string[], files: string[], root: string | undefined): { kind: PlanKind; schema: object; source: string }[] {
  const read = readSchemaFolder(folder, root);
  if (read.unreadable !== undefined) problems.push(`qipp.schemas: the folder "${written}" could not be read (${read.unreadable}).`);
  for (const b of read.bad) problems.push(`qipp.schemas: "${b.path}" could not be read (${b.why}).`);
  files.push(...read.files);
  return read.schemas;
}
