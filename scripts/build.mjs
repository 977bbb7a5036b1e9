// Bundles the three faces with esbuild: the extension client (vscode external),
// the language server and the CLI. Types are checked separately by `tsc --noEmit`.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const manifest = resolve(dirname(fileURLToPath(import.meta.url)), '../package.json');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Minified: the published package and the .vsix carry these files, and smaller
  // bundles load faster. The source maps (kept out of both) map back for debugging.
  minify: true,
  sourcemap: true,
  logLevel: 'warning',
  legalComments: 'none',
  plugins: [packageMeta()],
};

/**
 * The bundles read their version, homepage and repository from package.json;
 * they get those fields only, not the whole manifest (its scripts and the
 * extension's contributions have no business in the CLI or the server).
 */
function packageMeta() {
  return {
    name: 'package-meta',
    setup(b) {
      b.onLoad({ filter: /[\\/]package\.json$/ }, (args) => {
        if (args.path !== manifest) return undefined; // a library's own package.json stays whole
        const { name, version, homepage, repository } = JSON.parse(readFileSync(args.path, 'utf8'));
        return { contents: JSON.stringify({ name, version, homepage, repository }), loader: 'json' };
      });
    },
  };
}

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
    plugins: [engineApart, packageMeta()],
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
