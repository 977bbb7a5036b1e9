// The import graph of server/src and client/src, and the rules of the layout,
// for layers.test.mjs. TypeScript's own parser reads the sources.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const ts = require('typescript');

/** The layers of the core, lowest first; a group may import only lower ranks. */
export const CORE_RANK = { kinds: 0, catalogue: 0.5, syntax: 1, model: 2, check: 3, config: 4, features: 4, render: 4, compare: 5, report: 5 };
const BASE = new Set(['server/src/core/types.ts', 'server/src/core/text.ts']);
/** The light surface (core/light.ts) may name these files of a group: they import only the lowest layers. */
const LIGHT_REACH = new Set(['server/src/core/config/resolve.ts', 'server/src/core/check/cross.ts', 'server/src/core/check/facts.ts']);

const walk = (root, d) =>
  existsSync(root + d)
    ? readdirSync(root + d).flatMap((n) => {
        const p = join(d, n);
        return statSync(root + p).isDirectory() ? walk(root, p) : /\.ts$/.test(n) && !/\.d\.ts$/.test(n) ? [p] : [];
      })
    : [];

/** file -> [{ to, line }] for every relative import or re-export (type-only ones included). */
export function analyseSources(root) {
  const graph = new Map();
  for (const f of [...walk(root, 'server/src'), ...walk(root, 'client/src')]) {
    const sf = ts.createSourceFile(f, readFileSync(root + f, 'utf8'), ts.ScriptTarget.Latest, true);
    const deps = [];
    for (const node of sf.statements) {
      if (!(ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) || !node.moduleSpecifier || !ts.isStringLiteral(node.moduleSpecifier)) continue;
      const spec = node.moduleSpecifier.text;
      if (!spec.startsWith('.')) continue;
      const t = resolve(root, dirname(f), spec);
      const hit = [t + '.ts', join(t, 'index.ts'), t].find((c) => existsSync(c) && statSync(c).isFile()) ?? t;
      deps.push({ to: relative(root, hit), line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    }
    graph.set(f, deps);
  }
  return graph;
}

const coreGroup = (f) => {
  const m = /^server\/src\/core\/([^/]+)\//.exec(f);
  return m ? m[1] : undefined;
};

/** Every import that breaks the layout, as a sentence. */
export function layerProblems(graph) {
  const out = [];
  for (const [from, deps] of graph) {
    for (const { to, line } of deps) {
      const where = `${from}:${line} -> ${to}`;
      if (!to.startsWith('server/src/') && !to.startsWith('client/src/')) {
        if (from.startsWith('server/src/core/') && !to.startsWith('schemas/')) out.push(`the core reaches outside itself: ${where}`);
        continue;
      }
      const fg = coreGroup(from);
      const tg = coreGroup(to);
      const isIndex = to === `server/src/core/${tg}/index.ts`;
      if (from === 'server/src/core/light.ts' && LIGHT_REACH.has(to)) continue;
      if (from.startsWith('server/src/core/')) {
        if (!to.startsWith('server/src/core/')) out.push(`the core imports a face: ${where}`);
        else if (BASE.has(from) && !BASE.has(to) && to !== 'server/src/core/kinds/index.ts') out.push(`shared words import a layer above kinds: ${where}`);
        else if (tg && fg !== tg) {
          if (fg && !(CORE_RANK[tg] < CORE_RANK[fg])) out.push(`upward or sideways import: ${where}`);
          else if (!isIndex) out.push(`reach into another group's internals: ${where}`);
        }
        continue;
      }
      // Outside the core: a group only through its index (or the core's own index and shared words).
      if (tg && !isIndex) out.push(`reach into a core group's internals: ${where}`);
      if (from.startsWith('client/') && to.startsWith('server/src/') && to !== 'server/src/protocol.ts') out.push(`the client imports more than the protocol: ${where}`);
      if ((from.startsWith('server/src/lsp/') || from.startsWith('server/src/node/')) && to.startsWith('server/src/cli/')) out.push(`imports the CLI: ${where}`);
      if (from.startsWith('server/src/node/') && to.startsWith('server/src/lsp/')) out.push(`the Node layer imports the language server: ${where}`);
      // The web host (server/src/web/, beside node/) is pure but for what it is handed: core and the protocol only.
      if (from.startsWith('server/src/web/') && /^server\/src\/(cli|node|lsp)\//.test(to)) out.push(`the web host imports the CLI, the Node layer or the language server: ${where}`);
      if ((from.startsWith('server/src/node/') || from.startsWith('server/src/cli/')) && to.startsWith('server/src/web/')) out.push(`a Node face imports the web host: ${where}`);
      // The language server in a web worker has no Node: it imports neither the Node layer nor the CLI.
      if ((from.startsWith('server/src/lsp/browser/') || from === 'server/src/lsp/browserMain.ts') && /^server\/src\/(cli|node)\//.test(to)) out.push(`the web language server imports Node code: ${where}`);
      // The Node extension does not carry the web one (client/src/browser/ builds on the shared client, not the other way).
      if (from.startsWith('client/src/') && !from.startsWith('client/src/browser/') && to.startsWith('client/src/browser/')) out.push(`the Node extension imports the web one: ${where}`);
      if (from === 'server/src/protocol.ts' && to !== 'server/src/core/kinds/index.ts') out.push(`the protocol imports more than the kinds table: ${where}`);
    }
  }
  return out;
}

/** Each import cycle once, as "a -> b -> a". */
export function findCycles(graph) {
  const state = new Map();
  const cycles = [];
  const visit = (f, stack) => {
    state.set(f, 1);
    stack.push(f);
    for (const { to } of graph.get(f) ?? []) {
      if (!graph.has(to)) continue;
      if (state.get(to) === 1) cycles.push([...stack.slice(stack.indexOf(to)), to].join(' -> '));
      else if (!state.get(to)) visit(to, stack);
    }
    stack.pop();
    state.set(f, 2);
  };
  for (const f of graph.keys()) if (!state.get(f)) visit(f, []);
  return cycles;
}

/** Functions (declarations, methods, arrows, expressions) longer than `limit` lines, as "file:line (n lines)". */
export function longFunctions(root, files, limit, inline = {}) {
  const out = [];
  const sources = [...files.map((f) => [f, readFileSync(root + f, 'utf8')]), ...Object.entries(inline)];
  for (const [f, text] of sources) {
    const sf = ts.createSourceFile(f, text, ts.ScriptTarget.Latest, true);
    const visit = (node) => {
      if (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isConstructorDeclaration(node)) {
        const a = sf.getLineAndCharacterOfPosition(node.getStart()).line;
        const b = sf.getLineAndCharacterOfPosition(node.end).line;
        if (b - a + 1 > limit) out.push(`${f}:${a + 1} (${b - a + 1} lines)`);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}
