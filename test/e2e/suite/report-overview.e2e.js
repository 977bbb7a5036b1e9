// QIPP: Open Overview (issue 11) in a real VS Code: the report across the
// workspace's plans as a live webview. It opens with one row per plan, follows
// an edit in an open plan (unsaved), a plan file created on disk and one
// deleted; a click on a problem opens its plan at its line; and it exports
// the html report. Checked in the extension (the page it
// was sent, through its test API) and, with the launcher's UI driver, in the
// webview's DOM. Runs after plans.e2e.js (files run in name order) and leaves
// the workspace as it found it.
'use strict';
const assert = require('node:assert/strict');
const path = require('node:path');
const vscode = require('vscode');
const driver = require('./driver');
const { activeExtensionApi, sampleUri, waitUntil, workspaceDir } = require('./helpers');

const WAIT_MS = 60_000;
const EXTRA = 'overview-e2e-extra.plan.yaml';

/** The rows of the page's Plans table (`table[data-table="plans"]`), as their html. */
function planRows(html) {
  const table = /<table class="report-table" data-table="plans">([\s\S]*?)<\/table>/.exec(html);
  return table ? table[1].match(/<tr class="report-row[^"]*">[\s\S]*?<\/tr>/g) ?? [] : [];
}

describe('the overview of the workspace plans in a real VS Code', function () {
  let api;
  let last;

  /** Resolves with the first page the overview shows (or shows now) that `accept` takes. */
  const page = (what, accept) =>
    waitUntil(
      (l) => api.overview.onDidRender((r) => ((last = r), l())),
      () => {
        const html = api.overview.html();
        return html !== undefined && accept(html, last) ? html : undefined;
      },
      WAIT_MS,
      () => {
        const html = api.overview.html();
        const about = last ? `generation ${last.generation}, ${last.plans} plans${last.partial ? ', partial' : ''}, ` : '';
        return `${what} (the page shown: ${html === undefined ? 'none' : `${about}${planRows(html).length} rows`})`;
      },
    );

  before(async function () {
    ({ api } = await activeExtensionApi());
    await api.server.ready();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async function () {
    await vscode.workspace.fs.delete(sampleUri(EXTRA)).then(undefined, () => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens with one row per plan, then follows an edit, a new plan file and a deleted one', async function () {
    this.timeout(6 * WAIT_MS);
    const plans = (await vscode.workspace.findFiles('**/*.plan.yaml', '**/node_modules/**')).map((u) => path.basename(u.fsPath));
    assert.ok(plans.length >= 5, `the workspace has plans (${plans.length})`);

    await vscode.commands.executeCommand('qipp.openOverview');
    const tab = await waitUntil(
      vscode.window.tabGroups.onDidChangeTabs,
      () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && /qipp\.overview/.test(t.input.viewType)),
      30_000,
      'the overview tab',
    );
    assert.equal(tab.label, 'QIPP Overview');
    const first = await page(`a complete page with ${plans.length} rows`, (html, r) => !r?.partial && planRows(html).length === plans.length);
    for (const name of plans) assert.ok(planRows(first).some((row) => row.includes(name)), `a row for ${name}`);
    assert.match(first, /Content-Security-Policy/, 'the page has its CSP');
    assert.match(first, /<a href="[^"]+\.plan\.yaml#L\d+"/, 'plans link to their file and line');
    if (driver.available) {
      assert.equal((await driver.webviewCount('table[data-table="plans"] tbody tr')).count, plans.length, 'one row per plan in the webview');
      await driver.webviewText(`${plans.length} plans`);
    }

    // An edit in an open plan, not saved: the overview follows the editor's text.
    const doc = await vscode.workspace.openTextDocument(sampleUri('aylesford-qipp.plan.yaml'));
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: false });
    const titleLine = [...Array(doc.lineCount).keys()].find((i) => /^title: /.test(doc.lineAt(i).text));
    const edited = `Aylesford retitled by the overview test ${process.pid}`;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, doc.lineAt(titleLine).range, `title: ${edited}`);
    assert.ok(await vscode.workspace.applyEdit(edit), 'the edit applies');
    await page('the edited title in its row', (html) => planRows(html).some((row) => row.includes('aylesford-qipp.plan.yaml') && row.includes(edited)));
    if (driver.available) await driver.webviewText(edited);

    // A plan file created on disk gets a row.
    const text = (await vscode.workspace.fs.readFile(sampleUri('vale-provider.plan.yaml'))).toString();
    await vscode.workspace.fs.writeFile(sampleUri(EXTRA), new TextEncoder().encode(text.replace(/^title: .*$/m, 'title: A plan the overview test wrote')));
    await page('a row for the new plan file', (html) => planRows(html).length === plans.length + 1 && planRows(html).some((row) => row.includes(EXTRA)));
    if (driver.available) await driver.webviewText(`${plans.length + 1} plans`);

    // And loses it when the file is deleted.
    await vscode.workspace.fs.delete(sampleUri(EXTRA));
    const gone = await page('the deleted plan file to lose its row', (html) => planRows(html).length === plans.length && !html.includes(EXTRA));
    assert.ok(planRows(gone).some((row) => row.includes(edited)), 'the unsaved edit is still shown');
    if (driver.available) {
      await driver.webviewText(`${plans.length} plans`);
      assert.equal((await driver.webviewCount('table[data-table="plans"] tbody tr')).count, plans.length, 'the row is gone from the webview');
      await driver.screenshot('overview.png');
    }

    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.ok(!doc.isDirty, 'the edited plan is put back');
  });

  it('a click on a problem in the webview opens its plan at that line, the overview still in sight', async function () {
    if (!driver.available) this.skip();
    const html = api.overview.html();
    const m = /<span class="at"><a href="([^"]*\/with-mistakes\.plan\.yaml#L(\d+))"/.exec(html ?? '');
    assert.ok(m, 'a problem of with-mistakes.plan.yaml links to its file and line');
    const href = m[1].replace(/&amp;/g, '&');
    const line = Number(m[2]) - 1;
    const opened = waitUntil(
      (l) => vscode.Disposable.from(vscode.window.onDidChangeActiveTextEditor(l), vscode.window.onDidChangeTextEditorSelection(l)),
      () => {
        const e = vscode.window.activeTextEditor;
        return e && path.basename(e.document.uri.fsPath) === 'with-mistakes.plan.yaml' && e.selection.active.line === line ? e : undefined;
      },
      30_000,
      () => `with-mistakes.plan.yaml to open at line ${line + 1} (active: ${vscode.window.activeTextEditor?.document.uri.fsPath}:${(vscode.window.activeTextEditor?.selection.active.line ?? -2) + 1})`,
    );
    await driver.webviewClick(`a[href="${href}"]`);
    const editor = await opened;
    const overviewTab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && /qipp\.overview/.test(t.input.viewType));
    assert.ok(overviewTab?.isActive, 'the overview is still the active tab of its group');
    assert.notEqual(editor.viewColumn, overviewTab.group.viewColumn, 'the plan opened beside the overview');
  });

  it('exports the html report: the self-contained page, no script', async function () {
    const target = vscode.Uri.file(path.join(workspaceDir(), 'overview-export.html'));
    const written = await vscode.commands.executeCommand('qipp.exportOverview', target);
    assert.equal(written?.toString(), target.toString(), 'the export was written where asked');
    const html = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
    assert.match(html, /<table class="report-table" data-table="plans">/, 'the report has its Plans table');
    assert.doesNotMatch(html, /<script/i, 'the export runs nothing');
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/, 'with the strict CSP of qipp report');
    await vscode.workspace.fs.delete(target);
  });
});
