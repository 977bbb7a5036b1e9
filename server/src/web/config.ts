/**
 * The configuration of a plan on the web, where files come through the
 * extension (`vscode.workspace.fs`) rather than from a disk: the nearest
 * `.qipprc.yaml` walking up from the plan's folder, the national timeline it
 * names, and the `qipp.*` settings over it, rule by rule, as
 * node/settings.ts's createPlanConfigLoader does on Node (same messages; in an
 * untrusted workspace, as there, nothing is read at all: untrustedConfig). PURE apart from the `read` function it is given.
 * Extra schema folders (`schemas:` in `.qipprc.yaml`, `qipp.schemas`) are
 * listed through the client too (WebFiles.LIST).
 */
import { CONFIG_FILE_NAME, parseConfig, resolveConfig, untrustedConfig, type ConfigLayer, type PlanConfig, type Settings } from '../core/config';
import { isPlanKind, PLAN_KINDS, type PlanKind } from '../core/types';
import { parseTimeline } from '../core/model';
import type { WebFiles } from '../protocol';
import { dirnameUri, displayUri, foldersUp, resolveUri } from './uri';

export type ReadFiles = (uris: readonly string[]) => Promise<WebFiles.ReadResult[]>;
export type ListFolder = (uri: string) => Promise<WebFiles.ListResult>;

/**
 * Files read through the client, each asked for once per generation of the
 * configuration (a new cache is made when a configuration file changes).
 * Several files wanted at once go in one request.
 */
export class WebFileCache {
  private readonly files = new Map<string, Promise<WebFiles.ReadResult>>();
  private readonly settled = new Map<string, WebFiles.ReadResult>();

  constructor(
    private readonly read: ReadFiles,
    private readonly listFolder: ListFolder,
  ) {}

  /** The names of the files in a folder (not cached: asked once per configuration). */
  list(uri: string): Promise<WebFiles.ListResult> {
    return this.listFolder(uri).catch((e: unknown) => ({ uri, error: String((e as Error)?.message ?? e) }));
  }

  /** The files, reading those not read yet in one request. A failed request counts as unreadable files. */
  get(uris: readonly string[]): Promise<WebFiles.ReadResult[]> {
    const wanted = [...new Set(uris.filter((u) => !this.files.has(u)))];
    if (wanted.length) {
      const batch = this.read(wanted).then(
        (results) => new Map(results.map((r) => [r.uri, r])),
        (e: unknown) => new Map(wanted.map((uri) => [uri, { uri, error: String((e as Error)?.message ?? e) }])),
      );
      for (const uri of wanted) {
        const one = batch.then((m) => m.get(uri) ?? { uri, error: 'no answer from the editor' });
        this.files.set(uri, one);
        void one.then((r) => this.settled.set(uri, r));
      }
    }
    return Promise.all(uris.map((u) => this.files.get(u)!));
  }

  /** A file already read, without waiting; undefined when it has not been asked for (or is still on its way). */
  peek(uri: string): WebFiles.ReadResult | undefined {
    return this.settled.get(uri);
  }
}

const notRead = (r: { missing?: boolean; error?: string }): string => (r.missing ? 'it does not exist' : (r.error ?? 'unknown error'));

/**
 * Returns a function giving the configuration of a plan (by URI) in a
 * workspace folder (by URI; undefined for a plan outside every folder).
 * In an untrusted workspace nothing is asked of the editor: no `.qipprc.yaml`,
 * no extra schema, no timeline; the built-in rules with the `qipp.rules` severities.
 */
export function createWebConfigLoader(trusted: boolean, files: WebFileCache): (planUri: string, folderUri: string | undefined, settings: Settings) => Promise<PlanConfig> {
  if (!trusted) return async (_planUri, _folderUri, settings) => untrustedConfig(settings);
  return async (planUri, folderUri, settings) => {
    const out: string[] = [];
    const read: string[] = [];
    // An untitled plan has no folder of its own: it takes the configuration of the first workspace folder, as on Node.
    const planFolder = /^untitled:/.test(planUri) ? folderUri : dirnameUri(planUri);
    let fileLayer: ConfigLayer | undefined;
    let source: string | undefined;
    if (planFolder !== undefined) {
      const candidates = foldersUp(planFolder).map((f) => resolveUri(f, CONFIG_FILE_NAME));
      const found = (await files.get(candidates)).find((r) => !r.missing);
      if (found) {
        source = found.uri;
        read.push(found.uri);
        const shown = displayUri(found.uri, folderUri);
        const layer = await readConfigFile(found, shown, files, read, out);
        if (layer instanceof Error) out.push(`${layer.message} The editor uses the default rules until it is mended.`);
        else fileLayer = layer;
      }
    }
    const settingsLayer: ConfigLayer = { rules: settings.rules };
    if (settings.schemas.length) {
      const extra: ExtraSchema[] = [];
      for (const written of settings.schemas) {
        const folder = await readSchemaFolder(resolveUri(folderUri ?? planFolder ?? '/', written), files, read);
        if (folder.unreadable !== undefined) out.push(`qipp.schemas: the folder "${written}" could not be read (${folder.unreadable}).`);
        for (const b of folder.bad) out.push(`qipp.schemas: "${displayUri(b.uri, folderUri)}" could not be read (${b.why}).`);
        extra.push(...folder.schemas);
      }
      settingsLayer.extraSchemas = extra;
    }
    if (settings.nationalTimeline) {
      const uri = resolveUri(folderUri ?? planFolder ?? '/', settings.nationalTimeline);
      read.push(uri);
      const [r] = await files.get([uri]);
      if (r.text === undefined) out.push(`qipp.nationalTimeline: "${settings.nationalTimeline}" could not be read (${notRead(r)}).`);
      else {
        const t = parseTimeline(r.text);
        out.push(...t.problems.map((p) => `qipp.nationalTimeline: ${p}`));
        if (t.milestones.length) settingsLayer.nationalTimeline = t.milestones;
      }
    }
    const engineConfig = resolveConfig(fileLayer, settingsLayer);
    // The web server reads only through the editor, which keeps to the workspace: nothing outside it is named.
    return { engineConfig, key: JSON.stringify(engineConfig), source, problems: out, files: read, anywhere: false };
  };
}

/** One `.qipprc.yaml`, as node/config-file.ts reads it; an Error when it cannot be used (the editor then uses the defaults). */
async function readConfigFile(file: WebFiles.ReadResult, shown: string, files: WebFileCache, read: string[], out: string[]): Promise<ConfigLayer | Error> {
  if (file.text === undefined) return new Error(`The configuration file "${shown}" could not be read: ${notRead(file)}.`);
  const { config, problems } = parseConfig(file.text, shown);
  if (problems.length > 0) return new Error(`The configuration file has problems, so no plan was checked:\n  ${problems.join('\n  ')}`);
  const layer: ConfigLayer = { rules: config.rules };
  if (config.schemas?.length) {
    const extra: ExtraSchema[] = [];
    for (const written of config.schemas) {
      const folder = await readSchemaFolder(resolveUri(dirnameUri(file.uri), written), files, read);
      if (folder.unreadable !== undefined) return new Error(`${shown}: the schema folder "${written}" could not be read: ${folder.unreadable}.`);
      for (const uri of folder.notKinds) {
        out.push(`${displayUri(uri, undefined)} is not used: an extra schema is named after the kind it applies to (${PLAN_KINDS.map((k) => `${k}.schema.json`).join(', ')}).`);
      }
      const bad = folder.bad[0];
      if (bad) return new Error(`${shown}: the schema "${displayUri(bad.uri, undefined)}" could not be read: ${bad.why}.`);
      extra.push(...folder.schemas);
    }
    layer.extraSchemas = extra;
  }
  if (config.nationalTimeline !== undefined) {
    const uri = resolveUri(dirnameUri(file.uri), config.nationalTimeline);
    read.push(uri);
    const [t] = await files.get([uri]);
    if (t.text === undefined) return new Error(`${shown}: the national timeline "${config.nationalTimeline}" could not be read: ${notRead(t)}.`);
    const { milestones, problems: timelineProblems } = parseTimeline(t.text);
    if (timelineProblems.length > 0) return new Error(`${shown}: the national timeline "${config.nationalTimeline}" has problems:\n  ${timelineProblems.join('\n  ')}`);
    layer.nationalTimeline = milestones;
  }
  return layer;
}

type ExtraSchema = { kind: PlanKind; schema: object; source: string };

/** A folder of `<kind>.schema.json` files, listed and read through the client, as node/config-file.ts's readSchemaFolder. */
async function readSchemaFolder(
  folderUri: string,
  files: WebFileCache,
  read: string[],
): Promise<{ schemas: ExtraSchema[]; unreadable?: string; bad: { uri: string; why: string }[]; notKinds: string[] }> {
  const out: { schemas: ExtraSchema[]; unreadable?: string; bad: { uri: string; why: string }[]; notKinds: string[] } = { schemas: [], bad: [], notKinds: [] };
  const listed = await files.list(folderUri);
  if (!listed.names) {
    out.unreadable = notRead(listed);
    return out;
  }
  const kinds: { kind: PlanKind; uri: string }[] = [];
  for (const name of listed.names.filter((n) => n.endsWith('.schema.json')).sort()) {
    const kind = name.slice(0, -'.schema.json'.length);
    const uri = resolveUri(folderUri, name);
    if (isPlanKind(kind)) kinds.push({ kind, uri });
    else out.notKinds.push(uri);
  }
  const texts = await files.get(kinds.map((k) => k.uri));
  kinds.forEach(({ kind, uri }, i) => {
    read.push(uri);
    const r = texts[i];
    if (r.text === undefined) {
      out.bad.push({ uri, why: notRead(r) });
      return;
    }
    let schema: unknown;
    try {
      schema = JSON.parse(r.text);
    } catch (e) {
      out.bad.push({ uri, why: `it is not valid JSON (${(e as Error).message})` });
      return;
    }
    if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) out.bad.push({ uri, why: 'it should be a JSON object' });
    else out.schemas.push({ kind, schema, source: uri });
  });
  return out;
}
