// The layout holds itself (CONTRIBUTING.md, "Code map"): the core is pure and
// grouped in layers that import only downward, through each group's index.ts;
// the faces depend on the core and the Node layer, never on each other the
// wrong way; no import cycle anywhere; no function over 100 lines.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyseSources, CORE_RANK, findCycles, layerProblems, longFunctions } from './layers.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const FORBIDDEN = /from '(vscode|vscode-languageserver[^']*|vscode-languageclient[^']*|(node:)?(fs|fs\/promises|timers|child_process|worker_threads|net|http|https))'|\brequire\(|\b(setTimeout|setInterval|setImmediate)\(|\bprocess\./;

describe('the layout', () => {
  const graph = analyseSources(ROOT);
  const coreFiles = [...graph.keys()].filter((f) => f.startsWith('server/src/core/'));

  it('no file in server/src/core imports vscode, LSP, fs or timers, or touches process', () => {
    assert.ok(coreFiles.length > 10, 'server/src/core was not found');
    const offenders = coreFiles.flatMap((f) =>
      readFileSync(ROOT + f, 'utf8').split('\n').flatMap((line, i) => (FORBIDDEN.test(line) && !/^\s*(\/\/|\*)/.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
    );
    assert.deepEqual(offenders, []);
  });

  it('the core is grouped: every core file but the shared words lives in a layer folder', () => {
    const loose = coreFiles.filter((f) => !f.slice('server/src/core/'.length).includes('/'));
    assert.deepEqual(loose.sort(), ['server/src/core/index.ts', 'server/src/core/light.ts', 'server/src/core/text.ts', 'server/src/core/types.ts']);
    for (const group of Object.keys(CORE_RANK)) assert.ok(graph.has(`server/src/core/${group}/index.ts`), `core/${group}/index.ts is missing`);
  });

  it('imports go downward, through a group’s index.ts, and faces keep to their side', () => {
    assert.deepEqual(layerProblems(graph), []);
  });

  it('no import cycle in server/src or client/src (type imports included)', () => {
    assert.deepEqual(findCycles(graph), []);
  });

  it('no function is over 100 lines', () => {
    assert.deepEqual(longFunctions(ROOT, [...graph.keys()], 100), []);
  });
});

describe('the layout checks can fail', () => {
  const fake = (edges) => new Map(Object.entries(edges).map(([f, to]) => [f, to.map((t) => ({ to: t, line: 1 }))]));

  it('an upward import is caught', () => {
    const g = fake({ 'server/src/core/syntax/parse.ts': ['server/src/core/model/index.ts'], 'server/src/core/model/index.ts': [] });
    assert.equal(layerProblems(g).length, 1);
  });

  it('a reach into another group’s internals is caught', () => {
    const g = fake({ 'server/src/core/features/hover.ts': ['server/src/core/check/schema.ts'], 'server/src/core/check/schema.ts': [] });
    assert.equal(layerProblems(g).length, 1);
  });

  it('lsp importing cli, and the client importing the engine, are caught', () => {
    const g = fake({ 'server/src/lsp/server.ts': ['server/src/cli/args.ts'], 'client/src/extension.ts': ['server/src/core/index.ts'], 'server/src/cli/args.ts': [], 'server/src/core/index.ts': [] });
    assert.equal(layerProblems(g).length, 2);
  });

  it('the web host importing node/ or lsp/, the web server importing node/, and the web client importing the engine, are caught', () => {
    const g = fake({
      'server/src/web/config.ts': ['server/src/node/settings.ts', 'server/src/lsp/context.ts', 'server/src/core/index.ts', 'server/src/protocol.ts'],
      'server/src/lsp/browser/context.ts': ['server/src/node/check.ts', 'server/src/web/config.ts'],
      'client/src/browser/extension.ts': ['server/src/web/config.ts', 'server/src/protocol.ts', 'client/src/main.ts'],
      'client/src/main.ts': ['client/src/browser/files.ts'],
    });
    assert.equal(layerProblems(g).length, 5);
  });

  it('a cycle is caught', () => {
    const g = fake({ 'a.ts': ['b.ts'], 'b.ts': ['c.ts'], 'c.ts': ['a.ts'] });
    assert.equal(findCycles(g).length, 1);
  });

  it('a 101-line function is caught', () => {
    const body = Array.from({ length: 99 }, (_, i) => `  const v${i} = ${i};`).join('\n');
    const long = longFunctions(ROOT, [], 100, { 'x.ts': `function f() {\n${body}\n}\n` });
    assert.equal(long.length, 1);
    const ok = longFunctions(ROOT, [], 100, { 'x.ts': `function f() {\n${body.split('\n').slice(1).join('\n')}\n}\n` });
    assert.equal(ok.length, 0);
  });
});
