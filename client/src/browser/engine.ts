/**
 * The engine as the web extension host uses it, for the preview, the HTML
 * export and Validate Workspace: ../engine.ts's PlanEngines without a file
 * system. `.qipprc.yaml` and timeline files are read through
 * `vscode.workspace.fs` with the same loader as the web language server
 * (server/src/web/config.ts), so the preview shows the findings the Problems
 * panel shows. Reading is asynchronous and analysis is not: until a plan's
 * configuration has been read it is drawn with the settings alone, and when
 * the files arrive `onDidChange` fires and it is drawn again.
 */
import * as vscode from 'vscode';
import { createEngine, resolveConfig, type Analysis, type Engine, type EngineConfig } from '../../../server/src/core/index';
import { readSettings } from '../../../server/src/lsp/readSettings';
import type { PlanConfig } from '../../../server/src/lsp/settings';
import { SETTINGS_SECTION } from '../../../server/src/protocol';
import { createWebConfigLoader, WebFileCache } from '../../../server/src/web/config';
import { dirnameUri, resolveUri } from '../../../server/src/web/uri';
import type { PlanEngines } from '../engine';
import { listFolder, readFiles } from './files';

export class WebPlanEngines implements Pick<PlanEngines, 'analyze' | 'configFor' | 'onDidChange' | 'dispose'> {
  private files = new WebFileCache(readFiles, listFolder);
  private loader = createWebConfigLoader(vscode.workspace.isTrusted, this.files);
  private readonly configs = new Map<string, { config?: PlanConfig; loading: Promise<PlanConfig> }>();
  private readonly engines = new Map<string, Engine>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private readonly told = new Set<string>();

  readonly onDidChange = this.changed.event;

  constructor(private readonly output: vscode.OutputChannel) {
    const reset = (): void => {
      this.files = new WebFileCache(readFiles, listFolder);
      this.loader = createWebConfigLoader(vscode.workspace.isTrusted, this.files);
      this.configs.clear();
      this.engines.clear();
      this.changed.fire();
    };
    const watcher = vscode.workspace.createFileSystemWatcher('**/{.qipprc.yaml,*.schema.json,*.timeline.yaml}');
    this.disposables.push(
      watcher,
      watcher.onDidChange(reset),
      watcher.onDidCreate(reset),
      watcher.onDidDelete(reset),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SETTINGS_SECTION)) reset();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(reset),
    );
  }

  private load(uri: vscode.Uri): { config?: PlanConfig; loading: Promise<PlanConfig> } {
    const key = uri.toString();
    let entry = this.configs.get(key);
    if (!entry) {
      const { settings, problems } = readSettings(vscode.workspace.getConfiguration(SETTINGS_SECTION, uri));
      this.tell(problems);
      const folder = (vscode.workspace.getWorkspaceFolder(uri) ?? vscode.workspace.workspaceFolders?.[0])?.uri.toString().replace(/\/$/, '');
      const loaded: { config?: PlanConfig; loading: Promise<PlanConfig> } = {
        loading: this.loader(key, folder, settings).then((config) => {
          loaded.config = config;
          this.tell(config.problems);
          if (config.source || config.files.length) this.changed.fire(); // drawn with the settings alone until now
          return config;
        }),
      };
      entry = loaded;
      this.configs.set(key, entry);
    }
    return entry;
  }

  /** The engine configuration of a plan: the settings alone until its files have been read. */
  configFor(uri: vscode.Uri): EngineConfig {
    const entry = this.load(uri);
    if (entry.config) return entry.config.engineConfig;
    const { settings } = readSettings(vscode.workspace.getConfiguration(SETTINGS_SECTION, uri));
    return resolveConfig(undefined, { rules: settings.rules });
  }

  analyze(uri: vscode.Uri, text: string): Analysis {
    return this.run(uri, text).analysis;
  }

  /** Analyses once every file the plan needs has been read (its configuration, its national timeline). */
  async analyzeWhenRead(uri: vscode.Uri, text: string): Promise<Analysis> {
    await this.load(uri).loading;
    const first = this.run(uri, text);
    if (!first.missed.length) return first.analysis;
    await this.files.get(first.missed);
    return this.run(uri, text).analysis;
  }

  private run(uri: vscode.Uri, text: string): { analysis: Analysis; missed: string[] } {
    const config = this.configFor(uri);
    const key = JSON.stringify(config);
    let engine = this.engines.get(key);
    if (!engine) {
      engine = createEngine(config);
      this.engines.set(key, engine);
      this.tell(engine.problems);
    }
    const missed: string[] = [];
    const trusted = vscode.workspace.isTrusted && uri.scheme !== 'untitled';
    const readRelative = (rel: string): string | undefined => {
      const target = resolveUri(dirnameUri(uri.toString()), rel);
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target);
      if (open) return open.getText();
      const got = this.files.peek(target);
      if (!got) missed.push(target);
      return got?.text;
    };
    const analysis = engine.analyze(text, trusted ? { readRelative } : {});
    if (missed.length) void this.files.get(missed).then(() => this.changed.fire());
    return { analysis, missed };
  }

  private tell(problems: readonly string[]): void {
    for (const p of problems) {
      if (this.told.has(p)) continue;
      this.told.add(p);
      this.output.appendLine(p);
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
