// Issue 15 in the language server: files a plan or .qipprc.yaml names are
// read bounded, only regular files, only inside the workspace folder, and not
// at all in an untrusted workspace (nor .qipprc.yaml itself); a named pipe in a file event does not
// stall the server; plan text in hover and completion Markdown is escaped.
// The server runs under `prlimit --as` (4 GB), so that a regression fails
// here instead of taking the machine's memory (it grew past 8 GB).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, uriOf } from './client.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const NAV = readFileSync(resolve(here, 'fixtures/nav.plan.yaml'), 'utf8');
const PRLIMIT = ['/usr/bin/prlimit', '/bin/prlimit'].find((p) => existsSync(p));
const command = PRLIMIT ? [PRLIMIT, '--as=4000000000'] : undefined;
const withTimeline = (path) => NAV.replace(/^status: draft$/m, `status: draft\nnational_timeline: ${path}`);

describe('issue 15: the language server reads files bounded and confined', function () {
  this.timeout(60000);
  let dir;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'qipp-lsp-files-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const diagnosticsOf = async (c, name, text) => {
    const uri = uriOf(join(dir, name));
    c.open(uri, text);
    return c.diagnosticsFor(uri, 1);
  };

  it('in an untrusted workspace, no .qipprc.yaml is read at all: not its severities, not what it names, not a named pipe', async () => {
    // Each of these, if the server opened it, would show: a severity of error, a message naming /dev, a message on the pipe.
    writeFileSync(join(dir, '.qipprc.yaml'), 'rules:\n  clinical-lead-missing: error\nnational_timeline: /dev/zero\nschemas: [/dev]\n');
    mkdirSync(join(dir, 'piped'));
    execFileSync('mkfifo', [join(dir, 'piped', '.qipprc.yaml')]);
    const c = new Client({ command, settings: { qipp: { rules: { 'risk-score': 'off' } } } });
    try {
      await c.initialize({ rootPath: dir, initializationOptions: { trusted: false } });
      const noLead = NAV.replace('      clinical_lead: Dr B. Okafor\n', '');
      const d = await diagnosticsOf(c, 'a.plan.yaml', noLead);
      const lead = (ds) => ds.filter((x) => x.code === 'clinical-lead-missing').map((x) => x.severity);
      assert.deepEqual(lead(d), [2], 'the built-in severity (warning), not the .qipprc.yaml one');
      assert.deepEqual(lead(await diagnosticsOf(c, 'piped/b.plan.yaml', noLead)), [2]);
      assert.deepEqual(c.messages.filter((m) => /qipprc|configuration file|dev|pipe/i.test(m.message)), []);
    } finally {
      await c.stop();
    }
  });

  it('in a trusted workspace, a device or a named pipe as a timeline gets a diagnostic at once', async () => {
    execFileSync('mkfifo', [join(dir, 'pipe.yaml')]);
    const c = new Client({ command, settings: { qipp: { allowFilesOutsideWorkspace: true } } });
    try {
      await c.initialize({ rootPath: dir });
      const pipe = await diagnosticsOf(c, 'pipe.plan.yaml', withTimeline('pipe.yaml'));
      assert.match(pipe.find((x) => x.code === 'national-timeline').message, /named pipe, not a file/);
      const zero = await diagnosticsOf(c, 'zero.plan.yaml', withTimeline('/dev/zero'));
      assert.match(zero.find((x) => x.code === 'national-timeline').message, /device, not a file/);
    } finally {
      await c.stop();
    }
  });

  it('a timeline outside the workspace folder is refused, and the setting allows it', async () => {
    mkdirSync(join(dir, 'ws'));
    writeFileSync(join(dir, 'outside.yaml'), '- {id: secret-zz-token, title: Private, deadline: 2010-12-31}\n');
    for (const [allow, expect] of [
      [false, /outside the folder .*qipp\.allowFilesOutsideWorkspace/],
      [true, undefined],
    ]) {
      const c = new Client({ settings: { qipp: { allowFilesOutsideWorkspace: allow } } });
      try {
        await c.initialize({ rootPath: join(dir, 'ws') });
        const d = await diagnosticsOf(c, `ws/p${allow}.plan.yaml`, withTimeline('../outside.yaml'));
        const t = d.find((x) => x.code === 'national-timeline');
        if (expect) assert.match(t?.message ?? '', expect);
        else assert.equal(t, undefined, JSON.stringify(d));
      } finally {
        await c.stop();
      }
    }
  });

  it('a named pipe called *.yaml in a file event does not stall the server', async () => {
    execFileSync('mkfifo', [join(dir, 'stall.yaml'), join(dir, 'stall.plan.yaml')]);
    const c = new Client({ command });
    try {
      await c.initialize({ rootPath: dir });
      c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(join(dir, 'stall.yaml')), type: 1 }, { uri: uriOf(join(dir, 'stall.plan.yaml')), type: 2 }] });
      const pipe = await c.diagnosticsFor(uriOf(join(dir, 'stall.plan.yaml')));
      assert.match(pipe[0].message, /named pipe/);
      // Still answering.
      assert.deepEqual(await diagnosticsOf(c, 'ok.plan.yaml', NAV), []);
    } finally {
      await c.stop();
    }
  });
});

describe('issue 15: plan text in hover and completion Markdown is escaped', function () {
  this.timeout(60000);
  const EVIL = '![x](https://evil.example/i.png) [click](https://evil.example) <img src=x> `code`';
  const text = NAV.replace('name: Aylesford PCT', `name: "${EVIL}"`).replace('title: Urgent care admissions avoidance', `title: "${EVIL}"`);
  const lines = text.split('\n');
  const at = (re, offset) => {
    const line = lines.findIndex((l) => re.test(l));
    return { line, character: lines[line].search(re) + offset };
  };
  /** No link, image or HTML survives: every `[`, `(`, `<` from the plan is escaped. */
  const inert = (markdown) => {
    assert.doesNotMatch(markdown, /(?<!\\)!(?<!\\)\[|(?<!\\)\]\(|(?<!\\)<img/, markdown);
    assert.match(markdown, /!\\\[x\\\]\(https\\:\/\/evil\.example/, 'the text is still there, escaped');
  };

  it('hover over a reference to an organisation whose name is Markdown', async () => {
    const c = new Client();
    try {
      await c.initialize({});
      const uri = uriOf(join(tmpdir(), 'md-hover.plan.yaml'));
      c.open(uri, text);
      await c.diagnosticsFor(uri, 1);
      const h = await c.request('textDocument/hover', { textDocument: { uri }, position: at(/lead: pct-ayle/, 8) });
      inert(h.contents.value);
    } finally {
      await c.stop();
    }
  });

  it('completion of an id whose title is Markdown', async () => {
    const c = new Client();
    try {
      await c.initialize({});
      const uri = uriOf(join(tmpdir(), 'md-complete.plan.yaml'));
      const withRef = text.replace('depends_on: [C1]', 'depends_on: []');
      c.open(uri, withRef);
      await c.diagnosticsFor(uri, 1);
      const l = withRef.split('\n').findIndex((x) => /depends_on: \[\]/.test(x));
      const r = await c.request('textDocument/completion', { textDocument: { uri }, position: { line: l, character: withRef.split('\n')[l].indexOf('[') + 1 } });
      const item = (r.items ?? r).find((i) => i.label === 'C1');
      assert.ok(item, JSON.stringify((r.items ?? r).map((i) => i.label)));
      inert(typeof item.documentation === 'string' ? item.documentation : item.documentation.value);
    } finally {
      await c.stop();
    }
  });
});
