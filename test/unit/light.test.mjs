// The small CLI bundle (dist/cli.js) finds plan files, replays cached results
// and writes reports without loading the engine: it may use only the core's
// light surface (server/src/core/light.ts). A heavy import creeping in (the
// YAML reader, ajv, the analysis pipeline) slows every cached run.
import assert from 'node:assert/strict';
import { build } from 'esbuild';

const ROOT = new URL('../..', import.meta.url).pathname;

describe('the light CLI bundle', () => {
  it('holds no YAML reader, no ajv and no part of the engine', async function () {
    this.timeout(60_000);
    const r = await build({
      entryPoints: [`${ROOT}server/src/cli/main.ts`],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      write: false,
      metafile: true,
      logLevel: 'silent',
      outfile: 'cli.js',
      // The engine half is loaded on demand (server/src/cli/lazy.ts), as scripts/build.mjs bundles it.
      plugins: [{ name: 'engine-apart', setup: (b) => b.onResolve({ filter: /^\.\/engine$/ }, (a) => (a.importer.endsWith('lazy.ts') ? { path: './cli-engine.js', external: true } : undefined)) }],
    });
    const inputs = Object.keys(r.metafile.inputs);
    assert.ok(inputs.some((i) => i.endsWith('server/src/cli/main.ts')), 'the bundle was built from the CLI entry');
    // The cross-plan rules (check/cross.ts) read only the catalogue: the light surface names them on purpose.
    const heavy = inputs.filter((i) => /node_modules\/(yaml|ajv|ajv-formats)\//.test(i) || (/server\/src\/core\/(syntax|model|check|features|render|compare|report)\//.test(i) && !i.endsWith('core/check/cross.ts')));
    assert.deepEqual(heavy, []);
  });
});
