/**
 * The `.qipprc.yaml` configuration (spec section 5): rule severities, extra
 * schema folders and the national timeline. PURE: this module reads text it is
 * given and never touches files; the faces (CLI, language server) find and read
 * the files the configuration names and hand their contents to resolveConfig.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import { CATALOGUE, isRuleId, type RuleSettings } from '../catalogue';
import { tooDeepAt, tooDeepMessage } from '../syntax';
import type { SeveritySetting } from '../types';
import { editDistance } from '../text';
export { CONFIG_FILE_NAME, resolveConfig } from './resolve';
export type { ConfigLayer } from './resolve';

export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['error', 'warning', 'info', 'off'];

/**
 * What one configuration source says, before defaults are applied. Paths are
 * exactly as written; a face resolves them (relative to the configuration file).
 */
export interface ConfigFile {
  rules?: RuleSettings;
  /** Extra schema folders holding `<kind>.schema.json` files. */
  schemas?: string[];
  /** A national timeline file replacing the built-in national milestones. */
  nationalTimeline?: string;
}

export interface ParsedConfig {
  config: ConfigFile;
  /** One plain sentence per fault, prefixed with the source and line. Empty when the file is sound. */
  problems: string[];
}

const TOP_LEVEL_KEYS = ['rules', 'schemas', 'national_timeline'] as const;

/**
 * Reads the text of a `.qipprc.yaml`. Never throws: what it cannot use is
 * reported in `problems` (unknown keys and rule ids, bad severities, wrong
 * types, invalid YAML) and left out of `config`. `source` names the file in
 * the messages. An empty file is a valid, empty configuration.
 */
export function parseConfig(text: string, source: string): ParsedConfig {
  const problems: string[] = [];
  const config: ConfigFile = {};
  const deep = tooDeepAt(text);
  if (deep !== undefined) {
    // Refused before the parser sees it: the yaml library recurses once per level (see depth.ts).
    problems.push(`${source}, line ${text.slice(0, deep).split(/\r\n|\r|\n/).length}: ${tooDeepMessage('This configuration')}`);
    return { config, problems };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { version: '1.2', schema: 'core', uniqueKeys: true, lineCounter, prettyErrors: false });
  const at = (node: YamlNode | null | undefined | { range?: unknown }): string => {
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    return range ? `${source}, line ${lineCounter.linePos(range[0]).line}` : source;
  };
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const line = lineCounter.linePos(e.pos[0]).line;
      problems.push(`${source}, line ${line}: this is not valid YAML (${firstLine(e.message)}).`);
    }
    return { config, problems };
  }
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === undefined))) {
    return { config, problems };
  }
  if (!isMap(root)) {
    problems.push(`${at(root)}: the configuration should be a mapping with the keys ${TOP_LEVEL_KEYS.join(', ')}.`);
    return { config, problems };
  }
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    const value = pair.value as YamlNode | null;
    const here = at(pair.key as YamlNode);
    switch (key) {
      case 'rules':
        config.rules = readRules(value, here, at, problems);
        break;
      case 'schemas': {
        const folders = readStringList(value);
        if (folders) config.schemas = folders;
        else problems.push(`${here}: schemas should be a list of folders, for example [schemas/local].`);
        break;
      }
      case 'national_timeline':
        if (isScalar(value) && typeof value.value === 'string' && value.value.trim() !== '') config.nationalTimeline = value.value;
        else problems.push(`${here}: national_timeline should be the path of a timeline file.`);
        break;
      default:
        problems.push(`${here}: "${key ?? '?'}" is not a configuration key${suggest(key ?? '', TOP_LEVEL_KEYS)}; the keys are ${TOP_LEVEL_KEYS.join(', ')}.`);
    }
  }
  return { config, problems };
}

function readRules(
  value: YamlNode | null,
  here: string,
  at: (node: YamlNode | null | undefined) => string,
  problems: string[],
): RuleSettings | undefined {
  if (value === null || (isScalar(value) && value.value === null)) return {};
  if (!isMap(value)) {
    problems.push(`${here}: rules should be a mapping from rule id to error, warning, info or off.`);
    return undefined;
  }
  const rules: RuleSettings = {};
  for (const pair of value.items) {
    const id = isScalar(pair.key) ? String(pair.key.value) : '';
    const where = at(pair.key as YamlNode);
    if (!isRuleId(id)) {
      problems.push(`${where}: "${id}" is not a rule${suggest(id, CATALOGUE.map((r) => r.id))}.`);
      continue;
    }
    const setting = isScalar(pair.value) ? pair.value.value : undefined;
    if (typeof setting !== 'string' || !(SEVERITY_SETTINGS as readonly string[]).includes(setting)) {
      const shown = isScalar(pair.value) ? `"${String(pair.value.value)}"` : 'that value';
      problems.push(`${where}: ${shown} is not a severity for ${id}; use error, warning, info or off.`);
      continue;
    }
    rules[id] = setting as SeveritySetting;
  }
  return rules;
}

function readStringList(value: YamlNode | null): string[] | undefined {
  if (isScalar(value) && typeof value.value === 'string' && value.value.trim() !== '') return [value.value];
  if (!isSeq(value)) return undefined;
  const out: string[] = [];
  for (const item of value.items) {
    if (!isScalar(item) || typeof item.value !== 'string' || item.value.trim() === '') return undefined;
    out.push(item.value);
  }
  return out;
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/\s+at line \d+, column \d+:?$/, '').replace(/\.$/, '');
}

/** ` (did you mean "x"?)` for a near miss among `known`, else ''. */
function suggest(word: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = editDistance(word, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(word.length / 4)) ? ` (did you mean "${best}"?)` : '';
}

