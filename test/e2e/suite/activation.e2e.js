// What the extension costs a person who opens YAML that is not a plan, and
// what opening a plan costs (issue 13): runs first (files run in name order),
// before anything else has loaded the extension. The figures are printed and
// written to test-output/e2e/activation.json, which `npm run bench` shows.
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const { EXTENSION_ID, planDiagnostics, sampleUri, waitUntil } = require('./helpers');

const OUTPUT = process.env.QIPP_E2E_OUTPUT ?? path.join(process.env.QIPP_E2E_REPO ?? process.cwd(), 'test-output', 'e2e');

function say(line) {
  // Mocha's printer is the one the launcher forwards to the test run's output.
  require('mocha').reporters.Base.consoleLog(`      ${line}`);
}

describe('activation cost', function () {
  const figures = {};

  after(function () {
    fs.mkdirSync(OUTPUT, { recursive: true });
    fs.writeFileSync(path.join(OUTPUT, 'activation.json'), `${JSON.stringify(figures, null, 2)}\n`);
  });

  it('a YAML file that is not a plan activates only the small entry: no language client, no server', async function () {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.equal(ext.isActive, false, 'nothing has activated the extension yet (this file runs first)');
    const file = sampleUri('workflow.yaml');
    fs.writeFileSync(file.fsPath, 'name: build\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n');
    const t0 = performance.now();
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    const api = await ext.activate(); // the activation onLanguage:yaml started, or this one
    figures.nonPlanActivationMs = Math.round(performance.now() - t0);
    assert.equal(doc.languageId, 'yaml', 'a workflow file stays YAML');
    assert.equal(api.loaded, false, 'the extension proper (language client, previews) is not loaded for a non-plan YAML file');
    assert.equal(api.server.state, 'not-started', 'no language server (and so no engine) is started for a non-plan YAML file');
    figures.nonPlanLoadsExtensionProper = api.loaded;
    say(`non-plan YAML: ${figures.nonPlanActivationMs} ms from open to activation settled; extension proper loaded: ${api.loaded}; server: ${api.server.state}`);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(file.fsPath, { force: true });
  });

  it('a plan loads the extension proper and gets its first diagnostics', async function () {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    const api = await ext.activate();
    const uri = sampleUri('northshire-reform.plan.yaml');
    const t0 = performance.now();
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await waitUntil(api.server.onDidChangeState, () => api.loaded && api.server.state === 'running', 60_000, () => `the server to run (loaded: ${api.loaded}, state: ${api.server.state})`);
    figures.planServerRunningMs = Math.round(performance.now() - t0);
    // The plan is clean: its first publication is an empty list, so wait for the server's answer by asking for a preview of it.
    await vscode.commands.executeCommand('qipp.openPreviewToSide', uri);
    await waitUntil(api.previews.onDidRender, () => api.previews.html(uri), 60_000, 'the first preview of the plan');
    figures.planFirstAnalysisMs = Math.round(performance.now() - t0);
    assert.deepEqual(planDiagnostics(uri), [], 'the sample is clean');
    say(`plan: ${figures.planServerRunningMs} ms from open to the language server running; ${figures.planFirstAnalysisMs} ms to its first analysis (the preview drawn)`);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
