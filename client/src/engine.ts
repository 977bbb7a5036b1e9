/**
 * The engine as the extension host uses it, for the preview, the HTML export
 * and Validate Workspace: the same core, `.qipprc.yaml` loader and `qipp.*`
 * settings reader as the language server, so the preview shows the findings
 * the Problems panel shows. In an untrusted workspace the loader takes only
 * rule severities from the workspace (no extra schemas, no timeline files).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as vscode from 'vscode';
import { createEngine, type Analysis, type Engine, type EngineConfig } from '../../server/src/core/index';
import { createPlanConfigLoader, readSettings } from '../../server/src/node/settings';
import { SETTINGS_SECTION } from '../../server/src/protocol';

export class PlanEngines implements vscode.Disposable {
  private loader = createPlanConfigLoader(vscode.workspace.isTrusted);
  private readonly engines = new Map<string, Engine>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private readonly told = new Set<string>();

  /** Fires when the configuration changed, so that what was drawn with the old one is drawn again. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly output: vscode.OutputChannel) {
    const reset = (): void => {
      this.loader = createPlanConfigLoader(vscode.workspace.isTrusted);
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

  /** The engine configuration of a plan at this URI. */
  configFor(uri: vscode.Uri): EngineConfig {
    const { settings, problems } = readSettings(vscode.workspace.getConfiguration(SETTINGS_SECTION, uri));
    this.tell(problems);
    const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const planPath = uri.scheme === 'file' ? uri.fsPath : resolve(folder ?? process.cwd(), 'untitled.plan.yaml');
    const config = this.loader(planPath, folder, settings);
    this.tell(config.problems);
    return config.engineConfig;
  }

  /** Analyses a plan's text as the language server would. */
  analyze(uri: vscode.Uri, text: string): Analysis {
    const config = this.configFor(uri);
    const key = JSON.stringify(config);
    let engine = this.engines.get(key);
    if (!engine) {
      engine = createEngine(config);
      this.engines.set(key, engine);
      this.tell(engine.problems);
    }
    const trustedFile = vscode.workspace.isTrusted && uri.scheme === 'file';
    return engine.analyze(text, trustedFile ? { readRelative: (rel) => readBeside(uri.fsPath, rel) } : {});
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

/** Reads a file a plan names (`national_timeline:`), preferring an open editor's text. */
function readBeside(planPath: string, relativePath: string): string | undefined {
  const target = resolve(dirname(planPath), relativePath);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === target);
  if (open) return open.getText();
  try {
    return readFileSync(target, 'utf8').replace(/^\uFEFF/, '');
  } catch {
    return undefined;
  }
}
