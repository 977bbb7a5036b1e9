// Bundles the three faces with esbuild: the extension client (vscode external),
// the language server and the CLI, and the extension and the language server
// for VS Code for the Web. Types are checked separately by `tsc --noEmit`.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeBuiltinImports, WEB_BUNDLES } from './web-bundles.mjs';

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

/**
 * The engine half leaves the xlsx writer (server/src/cli/xlsx.ts) to dist/cli-xlsx.js,
 * loaded only by `qipp report --format xlsx`: see loadXlsx in server/src/cli/report.ts.
 */
const xlsxApart = {
  name: 'cli-xlsx-apart',
  setup(b) {
    b.onResolve({ filter: /^\.\/xlsx$/ }, (args) => (args.importer.endsWith('report.ts') ? { path: './cli-xlsx.js', external: true } : undefined));
  },
};
await build({ ...common, entryPoints: ['server/src/cli/xlsx.ts'], outfile: 'dist/cli-xlsx.js' });

// The engine half first: dist/cli.js carries its hash (the cache's tool identity) so as not to read it on every run.
const engineResult = await build({ ...common, entryPoints: ['server/src/cli/engine-main.ts'], outfile: 'dist/cli-engine.js', metafile: true, plugins: [...common.plugins, xlsxApart] });
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
  // The extension's entry only looks for plans and registers commands; the rest loads on the first plan (client/src/extension.ts).
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode', './client-main.js'] },
  { entryPoints: ['client/src/nodeMain.ts'], outfile: 'dist/client-main.js', external: ['vscode'] },
  // The pure core on its own, for data-driven tests and benchmarks that call the engine directly.
  { entryPoints: ['server/src/core/index.ts'], outfile: 'dist/core.js' },
];

const results = await Promise.all(
  entries
    .filter((e) => existsSync(e.entryPoints[0]))
    .map((e) => build({ ...common, ...e, metafile: true })),
);

// VS Code for the Web: the extension and the language server built for the browser (scripts/web-bundles.mjs).
const webMeta = { inputs: {}, outputs: {} };
const webResults = await Promise.all(WEB_BUNDLES.map((e) => build({ ...e, plugins: [packageMeta()] })));
for (const result of webResults) {
  Object.assign(webMeta.inputs, result.metafile.inputs);
  Object.assign(webMeta.outputs, result.metafile.outputs);
}
writeFileSync('dist/web-meta.json', JSON.stringify(webMeta));
const builtins = nodeBuiltinImports(webMeta);
if (builtins.length) {
  console.error(`The web bundles must not use Node built-ins:\n${builtins.map((b) => `  ${b.importer} imports ${b.path}`).join('\n')}`);
  process.exit(1);
}

// The bundles carry other people's code; their licences travel with it
// (dist/THIRD-PARTY-NOTICES.md, in the npm package and the .vsix).
const shipped = [engineResult, ...results, ...webResults].filter((r) => Object.keys(r.metafile.outputs).some((o) => /dist\/(cli|cli-engine|server|client|client-main|client-web|server-web)\.js$/.test(o)));
const packages = new Map();
for (const r of shipped) {
  for (const input of Object.keys(r.metafile.inputs)) {
    const m = /^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(input);
    if (m && !packages.has(m[1])) packages.set(m[1], m[2]);
  }
}
const notices = ['# Third-party notices', '', 'The bundles in dist/ include the following packages, under these licences.', ''];
for (const [dir, name] of [...packages].sort((a, b) => a[1].localeCompare(b[1]) || a[0].localeCompare(b[0]))) {
  const meta = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8'));
  const licenceFile = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f));
  notices.push(`## ${name} ${meta.version}`, '', `Licence: ${meta.license ?? 'see below'}`, '');
  if (licenceFile) notices.push('```text', readFileSync(`${dir}/${licenceFile}`, 'utf8').trim(), '```', '');
}
writeFileSync('dist/THIRD-PARTY-NOTICES.md', notices.join('\n'));
