// Bundles the three faces with esbuild: the extension client (vscode external),
// the language server and the CLI. Types are checked separately by `tsc --noEmit`.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { nodeBuiltinImports, WEB_BUNDLES } from './web-bundles.mjs';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  legalComments: 'none',
};

/**
 * dist/cli.js leaves its engine half (server/src/cli/engine.ts) to a bundle of
 * its own, dist/cli-engine.js, loaded on first use: see server/src/cli/lazy.ts.
 */
const engineApart = {
  name: 'cli-engine-apart',
  setup(b) {
    b.onResolve({ filter: /^\.\/engine$/ }, (args) => (args.importer.endsWith('lazy.ts') ? { path: './cli-engine.js', external: true } : undefined));
  },
};

// The engine half first: dist/cli.js carries its hash (the cache's tool identity) so as not to read it on every run.
await build({ ...common, entryPoints: ['server/src/cli/engine-main.ts'], outfile: 'dist/cli-engine.js' });
const engineBuild = createHash('sha1').update(readFileSync('dist/cli-engine.js')).digest('hex').slice(0, 16);

const entries = [
  {
    entryPoints: ['server/src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [engineApart],
    define: { __QIPP_ENGINE_BUILD__: JSON.stringify(engineBuild) },
  },
  { entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  // The pure core on its own, for data-driven tests and benchmarks that call the engine directly.
  { entryPoints: ['server/src/core/index.ts'], outfile: 'dist/core.js' },
];

await Promise.all(
  entries
    .filter((e) => existsSync(e.entryPoints[0]))
    .map((e) => build({ ...common, ...e })),
);

// VS Code for the Web: the extension and the language server built for the browser (scripts/web-bundles.mjs).
const webMeta = { inputs: {}, outputs: {} };
for (const result of await Promise.all(WEB_BUNDLES.map((e) => build(e)))) {
  Object.assign(webMeta.inputs, result.metafile.inputs);
  Object.assign(webMeta.outputs, result.metafile.outputs);
}
writeFileSync('dist/web-meta.json', JSON.stringify(webMeta));
const builtins = nodeBuiltinImports(webMeta);
if (builtins.length) {
  console.error(`The web bundles must not use Node built-ins:\n${builtins.map((b) => `  ${b.importer} imports ${b.path}`).join('\n')}`);
  process.exit(1);
}
