// The Node and web builds of the language server agree: every plan in
// samples/, the national-timeline fixtures and a folder with a .qipprc.yaml
// (a rule turned off, a national timeline file, an extra schema folder) go through dist/server.js
// (over stdio, reading the disk) and dist/server-web.js (in a Web Worker in
// headless Chromium, reading through the editor: qipp/readFiles), both as
// plans checked by workspace validation and as open documents, and every
// diagnostic (rule, severity, message, range) must be the same; so must the
// preview each renders of an open plan (qipp/renderPreview) and the counts of
// Validate Workspace (qipp/validateWorkspace).
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Client, uriOf } from '../lsp/client.mjs';
import { chromiumOrSkip, ROOT } from '../preview/helpers.mjs';
import { WorkerClient, yamlFiles } from './worker-client.mjs';

const norm = (ds) => ds.map((d) => JSON.stringify({ code: d.code, severity: d.severity, message: d.message, range: d.range })).sort();

describe('Node and web language servers agree', function () {
  this.timeout(120_000);
  let configured;

  before(function () {
    if (!chromiumOrSkip(this)) return;
    configured = mkdtempSync(join(tmpdir(), 'qipp-web-agree-'));
    cpSync(join(ROOT, 'samples', 'with-mistakes.plan.yaml'), join(configured, 'plans', 'with-mistakes.plan.yaml'));
    cpSync(join(ROOT, 'test/golden/rules/national-timeline/timeline.yaml'), join(configured, 'timeline.yaml'));
    writeFileSync(join(configured, '.qipprc.yaml'), 'rules:\n  split-dual-role: off\n  risk-score: error\nnational_timeline: timeline.yaml\nschemas: [extra]\n');
    // An extra schema folder: the regional plan must also name its clinical network.
    mkdirSync(join(configured, 'extra'));
    writeFileSync(join(configured, 'extra', 'qipp-reform-plan.schema.json'), JSON.stringify({ required: ['clinical_network'] }));
    writeFileSync(join(configured, 'extra', 'notes.schema.json'), '{}');
  });
  after(() => configured && rmSync(configured, { recursive: true, force: true }));

  const folders = [
    ['samples/', () => join(ROOT, 'samples')],
    ['the national-timeline fixtures', () => join(ROOT, 'test/golden/rules/national-timeline')],
    ['a folder with a .qipprc.yaml, a national timeline file and an extra schema folder', () => configured],
  ];

  for (const [name, folderOf] of folders) {
    it(`${name}: the same findings for every plan, unopened and open`, async function () {
      const folder = folderOf();
      const plans = yamlFiles(folder).filter((p) => /\.plan\.ya?ml$/.test(p));
      assert.ok(plans.length > 0);
      const node = new Client();
      const web = new WorkerClient({ root: folder });
      try {
        await web.start();
        await node.initialize({ rootPath: folder });
        await web.initialize();
        // Workspace validation: neither server has any plan open.
        for (const p of plans) {
          const a = norm(await node.diagnosticsFor(uriOf(p)));
          const b = norm(await web.diagnosticsFor(web.uriOf(p)));
          assert.deepEqual(b, a, `${relative(ROOT, p)} (unopened): the web server's findings`);
        }
        // Open documents.
        for (const p of plans) {
          const text = readFileSync(p, 'utf8');
          node.open(uriOf(p), text, 7, 'qipp-plan');
          await web.open(web.uriOf(p), text, 7);
          const a = norm(await node.diagnosticsFor(uriOf(p), 7));
          const b = norm(await web.diagnosticsFor(web.uriOf(p), 7));
          assert.ok(a.length > 0 || /northshire|aylesford|vale|near-miss|portfolio/.test(p), `${p} has findings`);
          assert.deepEqual(b, a, `${relative(ROOT, p)} (open): the web server's findings`);
        }
        // The preview, rendered by each server from its own analysis, and Validate Workspace's counts.
        const params = (u) => ({ uri: u, mode: 'webview', nonce: 'n0nce12345', cspSource: 'vscode-webview:', scriptUri: 'media/preview.js', styleUri: 'media/preview.css', fileName: 'plan.yaml' });
        const htmlNode = await node.request('qipp/renderPreview', params(uriOf(plans[0])));
        const htmlWeb = await web.request('qipp/renderPreview', params(web.uriOf(plans[0])));
        assert.equal(htmlWeb.version, 7);
        assert.ok(htmlWeb.html.length > 1000 && htmlWeb.html.includes('n0nce12345'), 'the web server renders the preview');
        assert.equal(htmlWeb.html, htmlNode.html, `${relative(ROOT, plans[0])}: the same preview from both servers`);
        const countsNode = await node.request('qipp/validateWorkspace');
        const countsWeb = await web.request('qipp/validateWorkspace');
        assert.equal(countsWeb.cancelled, false);
        assert.equal(countsWeb.plans, plans.length, 'every plan counted once');
        assert.deepEqual(countsWeb, countsNode, 'the same counts from Validate Workspace');
        if (name.includes('qipprc')) {
          const asked = web.fileRequests.map((u) => u.slice(web.base.length));
          assert.ok(asked.includes('/.qipprc.yaml') && asked.includes('/timeline.yaml'), `the web server asked the editor for the configuration and its timeline (asked: ${asked.join(', ')})`);
          const ds = await web.diagnosticsFor(web.uriOf(plans[0]), 7);
          assert.ok(!ds.some((d) => d.code === 'split-dual-role'), 'split-dual-role is off, as the .qipprc.yaml says');
          assert.ok(ds.some((d) => d.message.includes('clinical_network')), 'the extra schema applies');
        }
        assert.deepEqual(web.errors, [], 'no error in the browser');
      } finally {
        await node.stop();
        await web.stop();
      }
    });
  }
});
