/**
 * Reading a configuration file for the faces: its YAML, the extra schema
 * folders and the national timeline it names. The heavy half of config.ts
 * (it loads the YAML parser); see there.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseConfig } from '../core/config';
import type { ConfigLayer } from '../core/config';
import { parseTimeline } from '../core/model';
import { isPlanKind, PLAN_KINDS } from '../core/types';
import type { PlanKind } from '../core/types';
import { ConfigError, finish, type LoadedConfig } from './config';
import { describeFsError, displayPath } from './discover';

export function readConfigFile(file: string, cwd: string, warn: (message: string) => void): LoadedConfig {
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
