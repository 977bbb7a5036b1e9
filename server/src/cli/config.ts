/**
 * Finds and reads the configuration for each plan: `--config FILE`, or the
 * nearest `.qipprc.yaml` walking up from the plan's folder. Reads the files the
 * configuration names (extra schema folders, a national timeline) and resolves
 * everything into an EngineConfig. A configuration that cannot be used is a
 * ConfigError: qipp stops with exit 2 rather than check plans with the wrong rules.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, parse as parsePath, resolve } from 'node:path';
import { CONFIG_FILE_NAME, parseConfig, resolveConfig } from '../core/config';
import type { ConfigLayer } from '../core/config';
import { parseTimeline } from '../core/timeline';
import { isPlanKind, PLAN_KINDS } from '../core/types';
import type { EngineConfig, PlanKind } from '../core/types';
import { describeFsError, displayPath } from './discover';

export class ConfigError extends Error {}

export interface LoadedConfig {
  /** The configuration file, when there is one. */
  source?: string;
  engineConfig: EngineConfig;
  /** A hash of everything in engineConfig, for the cache. */
  key: string;
}

export interface ConfigLoaderOptions {
  cwd: string;
  /** `--config FILE`: used for every plan instead of the nearest .qipprc.yaml. */
  explicit?: string;
  /** Notes that do not stop the run (for example a schema file named for no kind). */
  warn: (message: string) => void;
}

/**
 * Returns a function giving the configuration of a plan (by absolute path).
 * Each configuration file is read once per run.
 */
export function createConfigLoader(options: ConfigLoaderOptions): (planPath: string) => LoadedConfig {
  const { cwd, warn } = options;
  const byFile = new Map<string | undefined, LoadedConfig>();
  const nearestByDir = new Map<string, string | undefined>();

  const load = (file: string | undefined): LoadedConfig => {
    let loaded = byFile.get(file);
    if (!loaded) {
      loaded = file === undefined ? finish(undefined, undefined) : readConfigFile(file, cwd, warn);
      byFile.set(file, loaded);
    }
    return loaded;
  };

  if (options.explicit !== undefined) {
    const file = resolve(cwd, options.explicit);
    let isFile = false;
    try {
      isFile = statSync(file).isFile();
    } catch (e) {
      throw new ConfigError(`The configuration file "${options.explicit}" could not be read: ${describeFsError(e)}.`);
    }
    if (!isFile) throw new ConfigError(`The configuration "${options.explicit}" is not a file.`);
    const loaded = load(file);
    return () => loaded;
  }

  const nearest = (dir: string): string | undefined => {
    if (nearestByDir.has(dir)) return nearestByDir.get(dir);
    const candidate = join(dir, CONFIG_FILE_NAME);
    const parent = dirname(dir);
    const found = existsSync(candidate) ? candidate : parent === dir || dir === parsePath(dir).root ? undefined : nearest(parent);
    nearestByDir.set(dir, found);
    return found;
  };
  return (planPath) => load(nearest(dirname(planPath)));
}

function readConfigFile(file: string, cwd: string, warn: (message: string) => void): LoadedConfig {
  const shown = displayPath(file, cwd);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`The configuration file "${shown}" could not be read: ${describeFsError(e)}.`);
  }
  const { config, problems } = parseConfig(text, shown);
  if (problems.length > 0) {
    throw new ConfigError(`The configuration file has problems, so no plan was checked:\n  ${problems.join('\n  ')}`);
  }
  const base = dirname(file);
  const layer: ConfigLayer = { rules: config.rules };
  if (config.schemas) layer.extraSchemas = config.schemas.flatMap((folder) => schemasForCli(resolve(base, folder), folder, shown, cwd, warn));
  if (config.nationalTimeline !== undefined) {
    const path = resolve(base, config.nationalTimeline);
    let timelineText: string;
    try {
      timelineText = readFileSync(path, 'utf8');
    } catch (e) {
      throw new ConfigError(`${shown}: the national timeline "${config.nationalTimeline}" could not be read: ${describeFsError(e)}.`);
    }
    const { milestones, problems: timelineProblems } = parseTimeline(timelineText.replace(/^\uFEFF/, ''));
    if (timelineProblems.length > 0) {
      throw new ConfigError(`${shown}: the national timeline "${config.nationalTimeline}" has problems:\n  ${timelineProblems.join('\n  ')}`);
    }
    layer.nationalTimeline = milestones;
  }
  return finish(file, layer);
}

/** What a folder of extra schemas holds: `<kind>.schema.json` files, read and parsed. */
export interface SchemaFolder {
  schemas: { kind: PlanKind; schema: object; source: string }[];
  /** Every schema file looked at (to watch for changes). */
  files: string[];
  /** Set when the folder itself could not be read. */
  unreadable?: string;
  /** Files that could not be read or are not a JSON object, with why. */
  bad: { path: string; why: string }[];
  /** `*.schema.json` files not named after a plan kind (not used). */
  notKinds: string[];
}

/** Read a folder of extra schemas; never throws (the CLI and the server report problems their own way). */
export function readSchemaFolder(folder: string): SchemaFolder {
  const out: SchemaFolder = { schemas: [], files: [], bad: [], notKinds: [] };
  let names: string[];
  try {
    names = readdirSync(folder).filter((n) => n.endsWith('.schema.json')).sort();
  } catch (e) {
    out.unreadable = describeFsError(e);
    return out;
  }
  for (const name of names) {
    const kind = name.slice(0, -'.schema.json'.length);
    const path = join(folder, name);
    if (!isPlanKind(kind)) {
      out.notKinds.push(path);
      continue;
    }
    out.files.push(path);
    let schema: unknown;
    try {
      schema = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
    } catch (e) {
      out.bad.push({ path, why: e instanceof SyntaxError ? `it is not valid JSON (${e.message})` : describeFsError(e) });
      continue;
    }
    if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) out.bad.push({ path, why: 'it should be a JSON object' });
    else out.schemas.push({ kind, schema, source: path });
  }
  return out;
}

/** The CLI's reading: a folder or schema that cannot be used stops the run (exit 2). */
function schemasForCli(folder: string, written: string, shown: string, cwd: string, warn: (message: string) => void): { kind: PlanKind; schema: object; source: string }[] {
  const read = readSchemaFolder(folder);
  if (read.unreadable !== undefined) throw new ConfigError(`${shown}: the schema folder "${written}" could not be read: ${read.unreadable}.`);
  for (const path of read.notKinds) {
    warn(`${displayPath(path, cwd)} is not used: an extra schema is named after the kind it applies to (${PLAN_KINDS.map((k) => `${k}.schema.json`).join(', ')}).`);
  }
  const bad = read.bad[0];
  if (bad) throw new ConfigError(`${shown}: the schema "${displayPath(bad.path, cwd)}" could not be read: ${bad.why}.`);
  return read.schemas.map((x) => ({ ...x, source: displayPath(x.source, cwd) }));
}

function finish(source: string | undefined, layer: ConfigLayer | undefined): LoadedConfig {
  const engineConfig = resolveConfig(layer);
  const key = createHash('sha256').update(JSON.stringify(engineConfig)).digest('hex');
  return { source, engineConfig, key };
}
