// The web bundles (VS Code for the Web): the extension for the web worker
// extension host (dist/client-web.js, CommonJS, `vscode` external) and the
// language server for a web worker (dist/server-web.js, an IIFE). Both are
// built for the browser from the same core as the Node bundles, and must not
// need Node: every Node built-in is marked external here, so that one that
// creeps in does not fail deep in esbuild's resolver but shows up in the
// metafile, where nodeBuiltinImports() finds it and the build stops naming
// the file that imported it. test/web/bundles.test.mjs checks the same.
import { builtinModules } from 'node:module';

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
/** Every Node built-in, and each of its subpaths (fs/promises is in the list; `node:` prefixed too). */
export const NODE_BUILTINS = [...BUILTINS];

export function isNodeBuiltin(path) {
  return BUILTINS.has(path) || BUILTINS.has(path.replace(/^node:/, '')) || BUILTINS.has(path.split('/')[0]);
}

const web = {
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  sourcemap: true,
  logLevel: 'warning',
  legalComments: 'none',
  metafile: true,
  // Downloaded by the browser (and, from a remote, read through the editor): half the size minified; the source maps stay beside them.
  minify: true,
  external: NODE_BUILTINS,
  // The Node server's feature modules import the LSP library's Node entry; on the web its browser entry
  // has the same protocol types and values.
  alias: { 'vscode-languageserver/node': 'vscode-languageserver/browser' },
  define: { 'process.env.NODE_ENV': '"production"' },
};

export const WEB_BUNDLES = [
  { ...web, entryPoints: ['client/src/browser/extension.ts'], outfile: 'dist/client-web.js', format: 'cjs', external: [...NODE_BUILTINS, 'vscode'] },
  { ...web, entryPoints: ['server/src/lsp/browserMain.ts'], outfile: 'dist/server-web.js', format: 'iife' },
];

/** The Node built-ins a build's metafile shows imported, with the file importing each. */
export function nodeBuiltinImports(metafile) {
  const found = [];
  for (const [file, input] of Object.entries(metafile.inputs)) {
    for (const imp of input.imports ?? []) if (isNodeBuiltin(imp.path)) found.push({ importer: file, path: imp.path });
  }
  for (const [file, output] of Object.entries(metafile.outputs)) {
    for (const imp of output.imports ?? []) if (isNodeBuiltin(imp.path)) found.push({ importer: file, path: imp.path });
  }
  return found;
}
