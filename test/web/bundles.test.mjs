// The web bundles (dist/client-web.js for the web worker extension host,
// dist/server-web.js for a web worker) use nothing from Node: the build's
// metafile shows no Node built-in imported, our own sources in them use no
// Node global, and the check does catch one (a Node-only server module built
// with the same options). Prints the bundles' sizes.
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { nodeBuiltinImports, WEB_BUNDLES } from '../../scripts/web-bundles.mjs';
import { ROOT } from '../preview/helpers.mjs';

const meta = () => JSON.parse(readFileSync(join(ROOT, 'dist/web-meta.json'), 'utf8'));

describe('web bundles', function () {
  this.timeout(60_000);

  it('package.json has a browser entry, and the .vsix ships both web bundles', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    assert.equal(pkg.browser, './dist/client-web.js');
    const ignore = readFileSync(join(ROOT, '.vscodeignore'), 'utf8');
    for (const f of ['dist/client-web.js', 'dist/server-web.js']) assert.match(ignore, new RegExp(`^!${f.replace('.', '\\.')}$`, 'm'));
  });

  it('import no Node built-in (esbuild metafile)', () => {
    const m = meta();
    assert.ok(Object.keys(m.outputs).some((o) => o.endsWith('dist/server-web.js')) && Object.keys(m.outputs).some((o) => o.endsWith('dist/client-web.js')));
    assert.deepEqual(nodeBuiltinImports(m), []);
  });

  it('our own sources in them use no Node global (process, Buffer, setImmediate, __dirname, require)', () => {
    const ours = Object.keys(meta().inputs).filter((f) => /^(server|client)\/src\//.test(f));
    assert.ok(ours.length > 30, `the bundles hold our sources (${ours.length})`);
    const offences = [];
    for (const f of ours) {
      const code = readFileSync(join(ROOT, f), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/(^|[^:])\/\/.*$/gm, '$1')
        .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''");
      for (const m of code.matchAll(/(?<![.\w$])(process\s*\.|Buffer\s*\.|setImmediate\s*\(|__dirname|__filename|require\s*\()/g)) offences.push(`${f}: ${m[1]}`);
    }
    assert.deepEqual(offences, []);
  });

  it('the check catches a Node built-in: the Node server context built with the web options', async () => {
    const opts = { ...WEB_BUNDLES[1], entryPoints: [join(ROOT, 'server/src/lsp/context.ts')], outfile: undefined, outdir: undefined, write: false, logLevel: 'silent' };
    const result = await build(opts);
    const found = nodeBuiltinImports(result.metafile);
    assert.ok(found.some((f) => f.path === 'node:fs'), `node:fs is reported (${JSON.stringify(found.slice(0, 3))})`);
  });

  it('sizes (printed)', () => {
    for (const f of ['dist/client-web.js', 'dist/server-web.js', 'dist/client.js', 'dist/server.js']) {
      const bytes = statSync(join(ROOT, f)).size;
      const gz = gzipSync(readFileSync(join(ROOT, f))).length;
      console.log(`      ${f}: ${(bytes / 1024).toFixed(0)} KiB (${(gz / 1024).toFixed(0)} KiB gzipped)`);
    }
  });
});
