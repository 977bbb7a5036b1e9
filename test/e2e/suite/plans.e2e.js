// End-to-end tests inside a real VS Code extension host (code-server's, started
// by scripts/e2e/code-launcher.mjs), against the extension as installed from
// its .vsix, on a copy of samples/. The UI steps go through the launcher's
// Playwright driver (driver.js) and write screenshots to test-output/e2e/.
'use strict';
const assert = require('node:assert/strict');
const path = require('node:path');
const vscode = require('vscode');
const driver = require('./driver');
const {
  EXTENSION_ID, activeExtensionApi, expectedFindings, labelOf, ruleOf, sampleUri, waitForDiagnostics, waitUntil, workspaceDir,
} = require('./helpers');

// The first diagnostics wait covers the extension host starting the language server.
const FIRST_DIAGNOSTICS_MS = 60_000;
const DIAGNOSTICS_MS = 30_000;

async function open(name, column = vscode.ViewColumn.One) {
  const doc = await vscode.workspace.openTextDocument(sampleUri(name));
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: column, preview: false });
  return { doc, editor };
}

/** Puts a document back as it is on disk (the workspace is a temporary copy, but later tests read it). */
async function revert(doc) {
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preview: false });
  await vscode.commands.executeCommand('workbench.action.files.revert');
  assert.ok(!doc.isDirty, `${path.basename(doc.uri.fsPath)} is reverted`);
}

function lineOf(doc, re) {
  for (let i = 0; i < doc.lineCount; i++) if (re.test(doc.lineAt(i).text)) return i;
  throw new Error(`no line matches ${re} in ${path.basename(doc.uri.fsPath)}`);
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms))),
  ]);
}

describe('QIPP plans in a real VS Code', function () {
  let api;
  let serverReady;
  // Tests that need the language server first wait for it through the extension's API: if it
  // cannot start they fail at once with the reason, rather than wait for diagnostics that never come.
  const needsServer = () =>
    (serverReady ??= withTimeout(api.server.ready(), FIRST_DIAGNOSTICS_MS, 'the language server to start').catch((e) => {
      throw new Error(`the language server did not start (state: ${api.server.state}): ${e instanceof Error ? e.message : e}`);
    }));

  before(async function () {
    if (process.env.QIPP_E2E_WORKSPACE) assert.equal(workspaceDir(), process.env.QIPP_E2E_WORKSPACE, 'the copy of samples/ is the open folder');
    await open('with-mistakes.plan.yaml');
    ({ api } = await activeExtensionApi());
    if (process.env.QIPP_E2E_MODE === 'vsix' && process.env.QIPP_E2E_REPO) {
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(!ext.extensionPath.startsWith(process.env.QIPP_E2E_REPO), `the extension runs from its installed .vsix, not the work tree (${ext.extensionPath})`);
    }
  });

  after(async function () {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  describe('diagnostics', function () {
    it('gives plan files the plan language', async function () {
      const { doc } = await open('with-mistakes.plan.yaml');
      assert.equal(doc.languageId, 'qipp-plan');
    });

    it('reports every planted mistake in with-mistakes.plan.yaml with its rule id as the code', async function () {
      await needsServer();
      const { doc } = await open('with-mistakes.plan.yaml');
      const expected = expectedFindings(doc.getText());
      assert.ok(expected.length >= 20, `the sample plants its mistakes (${expected.length} found)`);
      const has = (ds, [line, rule]) => ds.some((d) => d.range.start.line === line && ruleOf(d) === rule);
      const ds = await waitForDiagnostics(doc.uri, (ds) => expected.every((e) => has(ds, e)), FIRST_DIAGNOSTICS_MS, `all ${expected.length} planted mistakes`);
      const unexpected = ds.filter((d) => !expected.some(([line, rule]) => d.range.start.line === line && ruleOf(d) === rule));
      assert.deepEqual(unexpected.map((d) => `${d.range.start.line + 1}:${ruleOf(d)} ${d.message}`), [], 'no diagnostic the sample does not plant');
      assert.ok(ds.some((d) => d.severity === vscode.DiagnosticSeverity.Error), 'some are errors');
    });

    it('QIPP: Validate Workspace counts the plans of the folder and the problems it publishes', async function () {
      await needsServer();
      const summary = await withTimeout(Promise.resolve(vscode.commands.executeCommand('qipp.validateWorkspace')), DIAGNOSTICS_MS, 'Validate Workspace');
      assert.ok(summary && !summary.cancelled, `a finished pass (${JSON.stringify(summary)})`);
      const plans = await vscode.workspace.findFiles('**/*.plan.{yaml,yml}');
      assert.ok(summary.plans >= plans.length && plans.length > 1, `${summary.plans} plans counted, ${plans.length} .plan.yaml files in the folder`);
      // The server publishes before it answers; the counts are those of the Problems panel.
      const counts = () => {
        const all = vscode.languages.getDiagnostics().flatMap(([, ds]) => ds.filter((d) => d.source === 'qipp'));
        return { errors: all.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length, warnings: all.filter((d) => d.severity === vscode.DiagnosticSeverity.Warning).length };
      };
      await waitUntil(vscode.languages.onDidChangeDiagnostics, () => summary.errors === counts().errors && summary.warnings === counts().warnings, DIAGNOSTICS_MS, () => `the Problems panel's ${JSON.stringify(counts())} to be the summary's ${summary.errors} errors, ${summary.warnings} warnings`);
      assert.ok(summary.errors > 0, 'with-mistakes.plan.yaml has errors');
    });

    it('shows them as squiggles and in the Problems panel (screenshot)', async function () {
      if (!driver.available) this.skip();
      await needsServer();
      await open('with-mistakes.plan.yaml');
      await driver.waitFor('.monaco-editor .squiggly-error');
      await driver.click('.monaco-editor .view-lines');
      await driver.press('Control+Shift+M');
      // The rows show the source and rule id, as "qipp(rule)".
      await driver.waitFor('.markers-panel .monaco-list-row', 'non-recurrent-cap');
      await driver.screenshot('editor-problems.png');
    });

    it('gives no diagnostic for a clean sample, and follows edits', async function () {
      await needsServer();
      const { doc, editor } = await open('northshire-reform.plan.yaml');
      // Plant a mistake and wait for it, so we know the server is checking this document...
      const line = lineOf(doc, /^status: submitted$/);
      assert.ok(await editor.edit((b) => b.replace(doc.lineAt(line).range, 'status: drafted')));
      await waitForDiagnostics(doc.uri, (ds) => ds.some((d) => ruleOf(d) === 'schema' && d.range.start.line === line), DIAGNOSTICS_MS, 'the planted schema error');
      // ...then take it out again: the clean plan has no diagnostic at all.
      assert.ok(await editor.edit((b) => b.replace(doc.lineAt(line).range, 'status: submitted')));
      await waitForDiagnostics(doc.uri, (ds) => ds.length === 0, DIAGNOSTICS_MS, 'no diagnostics for the clean plan');
      await revert(doc);
    });
  });

  describe('recovery', function () {
    it('restarts a language server that dies, checks the open plan again, and keeps what was typed', async function () {
      await needsServer();
      const { doc, editor } = await open('northshire-reform.plan.yaml');
      const line = lineOf(doc, /^status: submitted$/);
      assert.ok(await editor.edit((b) => b.replace(doc.lineAt(line).range, 'status: drafted')));
      await waitForDiagnostics(doc.uri, (ds) => ds.some((d) => ruleOf(d) === 'schema' && d.range.start.line === line), DIAGNOSTICS_MS, 'the planted schema error');
      const before = api.server.pid;
      assert.ok(Number.isInteger(before), 'the server runs in a process of its own');
      process.kill(before, 'SIGKILL');
      // Typed while the server is down: it must reach the new server, not be lost.
      assert.ok(await editor.edit((b) => b.replace(doc.lineAt(line).range, 'status: submittedX')));
      await waitForDiagnostics(
        doc.uri,
        (ds) => api.server.pid !== undefined && api.server.pid !== before && ds.some((d) => ruleOf(d) === 'schema' && d.range.start.line === line && d.message.includes('submittedX')),
        FIRST_DIAGNOSTICS_MS,
        () => `a new server (was pid ${before}, now ${api.server.pid}) to report the text typed while it was down`,
      );
      assert.equal(doc.lineAt(line).text, 'status: submittedX', 'the edit made while the server was down is in the document');
      await revert(doc);
    });
  });

  describe('completion', function () {
    for (const [key, re] of [
      ['lead', /^\s+lead: pct-kirk\s*$/],
      ['owner', /owner: gpc-kirk, after: \[C1\.1\]/],
    ]) {
      it(`offers the organisation ids at a ${key}: value`, async function () {
        await needsServer();
        const { doc } = await open('with-mistakes.plan.yaml');
        await waitForDiagnostics(doc.uri, (ds) => ds.length > 0, FIRST_DIAGNOSTICS_MS, 'the server to answer');
        const orgIds = [...doc.getText().matchAll(/\{id: ([\w-]+), name: [^,]+, type:/g)].map((m) => m[1]);
        assert.equal(orgIds.length, 8, 'the sample declares eight organisations');
        const line = lineOf(doc, re);
        const col = doc.lineAt(line).text.indexOf(`${key}: `) + key.length + 2;
        const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(line, col));
        const labels = list.items.map(labelOf);
        const missing = orgIds.filter((id) => !labels.includes(id));
        assert.deepEqual(missing, [], `completion at ${key}: offers every organisation id (got ${labels.slice(0, 30).join(', ')})`);
      });
    }
  });

  describe('quick fix', function () {
    it('rewrites a malformed financial year (fy-format) and the diagnostic goes away', async function () {
      await needsServer();
      const { doc } = await open('with-mistakes.plan.yaml');
      const ds = await waitForDiagnostics(doc.uri, (ds) => ds.some((d) => ruleOf(d) === 'fy-format'), FIRST_DIAGNOSTICS_MS, 'the fy-format diagnostic');
      const diag = ds.find((d) => ruleOf(d) === 'fy-format');
      const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, diag.range, vscode.CodeActionKind.QuickFix.value);
      const fix = actions.find((a) => a.diagnostics?.some((d) => ruleOf(d) === 'fy-format')) ?? actions.find((a) => /2011\/12/.test(a.title));
      assert.ok(fix, `a quick fix for fy-format is offered (offered: ${actions.map((a) => a.title).join(' | ') || 'none'})`);
      if (fix.edit) assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the edit applies');
      if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
      assert.match(doc.lineAt(diag.range.start.line).text, /2011\/12: 1\.5/, 'the year is written the way the format asks');
      await waitForDiagnostics(doc.uri, (ds) => ds.length > 0 && !ds.some((d) => ruleOf(d) === 'fy-format'), DIAGNOSTICS_MS, 'the fy-format diagnostic to go');
      await revert(doc);
    });
  });

  describe('compare with previous version', function () {
    it('compares the plan with an earlier file by meaning: a slipped milestone, with its line to open', async function () {
      await needsServer();
      const { doc } = await open('northshire-reform.plan.yaml');
      // The earlier version had C1.1 due a month sooner: the plan as it is now slipped it by 30 days.
      const earlier = doc.getText().replace('{id: C1.1, title: Consortium boundaries agreed by both PCT boards, due: 2010-11-30,', '{id: C1.1, title: Consortium boundaries agreed by both PCT boards, due: 2010-10-31,');
      assert.notEqual(earlier, doc.getText(), 'the earlier version differs');
      const previous = vscode.Uri.file(path.join(workspaceDir(), 'northshire-earlier.txt'));
      await vscode.workspace.fs.writeFile(previous, new TextEncoder().encode(earlier));
      const html = await vscode.commands.executeCommand('qipp.compareWithPrevious', doc.uri, previous);
      assert.equal(typeof html, 'string', 'the comparison page was shown');
      assert.match(html, /slipped by 30 days/, 'the slip of C1.1 is reported with its days');
      const line = lineOf(doc, /id: C1\.1,/);
      assert.ok(html.includes(`data-line="${line}"`), `a change carries the line of C1.1 in the plan (${line})`);
      assert.match(html, /Content-Security-Policy/, 'the page has its CSP');
      await vscode.workspace.fs.delete(previous);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });
  });

  describe('preview', function () {
    it('opens beside the plan, shows it, and follows an edit', async function () {
      await vscode.commands.executeCommand('workbench.action.closePanel');
      const { doc, editor } = await open('northshire-reform.plan.yaml');
      const titleLine = lineOf(doc, /^title: /);
      const title = doc.lineAt(titleLine).text.replace(/^title:\s*/, '').trim();

      const rendering = (what, accept) =>
        waitUntil(
          (l) => api.previews.onDidRender((r) => r.uri === doc.uri.toString() && l()),
          () => {
            const html = api.previews.html(doc.uri);
            return html !== undefined && accept(html) ? html : undefined;
          },
          30_000,
          what,
        );

      await vscode.commands.executeCommand('qipp.openPreviewToSide');
      const tab = await waitUntil(
        vscode.window.tabGroups.onDidChangeTabs,
        () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview),
        30_000,
        'a webview tab',
      );
      assert.match(tab.input.viewType, /qipp/i, 'the webview is the plan preview');
      const first = await rendering('the first rendering of the preview', () => true);
      assert.ok(first.includes(title), 'the rendering has the plan title');
      if (driver.available) await driver.webviewText(title);

      const edited = `Northshire plan edited by the e2e test ${process.pid}`;
      const ok = await editor.edit((b) => b.replace(doc.lineAt(titleLine).range, `title: ${edited}`));
      assert.ok(ok, 'the edit applies');
      const after = await rendering('the preview to show the edited title', (html) => html.includes(edited));
      assert.ok(!after.includes(title), 'the old title is gone');
      if (driver.available) {
        await driver.webviewText(edited);
        await driver.screenshot('preview.png');
      }
      await revert(doc);
    });

    it('comes back after a reload from the state its webview kept, and closes when there is nothing to show', async function () {
      const { doc } = await open('aylesford-qipp.plan.yaml');
      const mine = (title) => vscode.window.createWebviewPanel('qipp.preview', title, vscode.ViewColumn.Beside, {});
      // What VS Code hands the serializer after a reload: a bare panel and the state the preview's script kept.
      const restored = mine('restored');
      assert.equal(await api.previews.restore(restored, { uri: doc.uri.toString(), line: 3 }), true);
      const html = await waitUntil(
        (l) => api.previews.onDidRender((r) => r.uri === doc.uri.toString() && l()),
        () => api.previews.html(doc.uri),
        30_000,
        'the restored preview to render its plan',
      );
      assert.ok(html.includes('Aylesford'), 'the restored preview shows its plan');
      assert.match(restored.title, /aylesford-qipp\.plan\.yaml/);
      assert.ok(restored.webview.options.enableScripts, 'its script may run again');

      // No plan to show: the panel is closed rather than left blank.
      const orphan = mine('orphan');
      const closed = new Promise((resolve) => orphan.onDidDispose(resolve));
      assert.equal(await api.previews.restore(orphan, {}), false);
      await withTimeout(closed, 10_000, 'the orphan panel to close');
      restored.dispose();
    });
  });
});

