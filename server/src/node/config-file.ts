/**
 * Reading a configuration file for the faces: its YAML, the extra schema
 * folders and the national timeline it names. The heavy half of config.ts
 * (it loads the YAML parser); see there.
 */
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseConfig } from '../core/config';
import type { ConfigLayer } from '../core/config';
import { parseTimeline } from '../core/model';
import { isPlanKind, PLAN_KINDS } from '../core/types';
import type { PlanKind } from '../core/types';
import { ConfigError, finish, type LoadedConfig } from './config';
import { describeFsError, displayPath } from './discover';
import { LIMITS, readGuarded, readTextGuarded } from './fs-guard';
import { cliRootOf, refusal, type RootOf } from './named-files';

/** How a configuration file may read what it names. */
export interface ConfigReadPolicy {
  /** The folder that files a configuration names must be inside (named-files.ts). */
  rootOf: RootOf;
}

export function readConfigFile(file: string, cwd: string, warn: (message: string) => void, policy: ConfigReadPolicy = { rootOf: cliRootOf(cwd, false) }): LoadedConfig {
  const shown = displayPath(file, cwd);
  const read = readGuarded(file, LIMITS.config);
  if (!read.ok) throw new ConfigError(`The configuration file "${shown}" could not be read: ${read.why}.`);
  // Decoded as it is (bad bytes become U+FFFD): the YAML reader then says where the configuration goes wrong.
  const { config, problems } = parseConfig(read.bytes.toString('utf8').replace(/^\uFEFF/, ''), shown);
  if (problems.length > 0) {
    throw new ConfigError(`The configuration file has problems, so no plan was checked:\n  ${problems.join('\n  ')}`);
  }
  const base = dirname(file);
  const layer: ConfigLayer = { rules: config.rules };
  const root = policy.rootOf(file);
  if (config.schemas) layer.extraSchemas = config.schemas.flatMap((folder) => schemasForCli(resolve(base, folder), folder, shown, cwd, warn, root));
  if (config.nationalTimeline !== undefined) layer.nationalTimeline = timelineOf(resolve(base, config.nationalTimeline), config.nationalTimeline, shown, root);
  return finish(file, layer);
}

/** The national timeline a configuration names, read within its root; a ConfigError says what is wrong. */
function timelineOf(path: string, written: string, shown: string, root: string | undefined): ConfigLayer['nationalTimeline'] {
  const refused = refusal(path, root);
  if (refused !== undefined) throw new ConfigError(`${shown}: the national timeline "${written}" was not read: ${refused}.`);
  const read = readTextGuarded(path, LIMITS.timeline);
  if (!read.ok) throw new ConfigError(`${shown}: the national timeline "${written}" could not be read: ${read.why}.`);
  const { milestones, problems } = parseTimeline(read.text);
  if (problems.length > 0) throw new ConfigError(`${shown}: the national timeline "${written}" has problems:\n  ${problems.join('\n  ')}`);
  return milestones;
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
export function readSchemaFolder(folder: string, root: string | undefined): SchemaFolder {
  const out: SchemaFolder = { schemas: [], files: [], bad: [], notKinds: [] };
  const refusedFolder = refusal(folder, root);
  if (refusedFolder !== undefined) {
    out.unreadable = refusedFolder;
    return out;
  }
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
    const refused = refusal(path, root);
    if (refused !== undefined) {
      out.bad.push({ path, why: refused });
      continue;
    }
    const read = readTextGuarded(path, LIMITS.schema);
    if (!read.ok) {
      out.bad.push({ path, why: read.why });
      continue;
    }
    let schema: unknown;
    try {
      schema = JSON.parse(read.text);
    } catch (e) {
      out.bad.push({ path, why: `it is not valid JSON (${(e as Error).message})` });
      continue;
    }
    if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) out.bad.push({ path, why: 'it should be a JSON object' });
    else out.schemas.push({ kind, schema, source: path });
  }
  return out;
}

/** The CLI's reading: a folder or schema that cannot be used stops the run (exit 2). */
function schemasForCli(folder: string, written: string, shown: string, cwd: string, warn: (message: string) => void, root: string | undefined): { kind: PlanKind; schema: object; source: string }[] {
  const read = readSchemaFolder(folder, root);
  if (read.unreadable !== undefined) throw new ConfigError(`${shown}: the schema folder "${written}" could not be read: ${read.unreadable}.`);
  for (const path of read.notKinds) {
    warn(`${displayPath(path, cwd)} is not used: an extra schema is named after the kind it applies to (${PLAN_KINDS.map((k) => `${k}.schema.json`).join(', ')}).`);
  }
  const bad = read.bad[0];
  if (bad) throw new ConfigError(`${shown}: the schema "${displayPath(bad.path, cwd)}" could not be read: ${bad.why}.`);
  return read.schemas.map((x) => ({ ...x, source: displayPath(x.source, cwd) }));
}
