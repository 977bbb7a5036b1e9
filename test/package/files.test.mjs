// The .vsix holds the esbuild bundles and what VS Code reads, nothing else:
// no sources, no node_modules, no source maps, no tests, no screenshots.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const VSCE = join(ROOT, 'node_modules/@vscode/vsce/vsce');

describe('the packaged extension', function () {
  this.timeout(60_000);

  it('lists exactly the bundles, media, grammar, icon and docs (vsce ls)', () => {
    const r = spawnSync(process.execPath, [VSCE, 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const files = r.stdout.split('\n').map((l) => l.trim()).filter(Boolean).sort();
    assert.deepEqual(files, [
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'client/media/compare.js',
      'client/media/overview.js',
      'client/media/preview-icon.svg',
      'client/media/preview.css',
      'client/media/preview.js',
      'dist/THIRD-PARTY-NOTICES.md',
      'dist/client-main.js',
      'dist/client-web.js',
      'dist/client.js',
      'dist/server-web.js',
      'dist/server.js',
      'images/icon.png',
      'language-configuration.json',
      'package.json',
      'syntaxes/qipp-plan.tmLanguage.json',
    ]);
  });

  it('every file package.json points at is in the package', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const c = pkg.contributes;
    const paths = [pkg.main, pkg.icon, ...c.languages.map((l) => l.configuration), ...c.grammars.map((g) => g.path)];
    for (const p of paths) assert.ok(existsSync(join(ROOT, p)), `${p} is missing`);
    assert.ok(
      pkg.activationEvents.every((e) => /^onLanguage:(qipp-plan|yaml)$/.test(e) || /^onWebviewPanel:qipp\.(preview|overview)$/.test(e)),
      'activation is only for plan and YAML files, and for restoring a plan\'s preview or the overview after a reload',
    );
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
  });

  it('the $qipp problem matcher reads qipp validate\'s stylish output', () => {
    const matcher = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).contributes.problemMatchers.find((m) => m.name === 'qipp');
    const [fileRe, lineRe] = matcher.pattern.map((p) => new RegExp(p.regexp));
    const cli = join(ROOT, 'dist/cli.js');
    const r = spawnSync(process.execPath, [cli, 'validate', 'samples/with-mistakes.plan.yaml', '--format', 'json'], { cwd: ROOT, encoding: 'utf8' });
    const expected = JSON.parse(r.stdout)[0].diagnostics.map((d) => [String(d.range.start.line + 1), String(d.range.start.character + 1), d.severity, d.rule]);
    const stylish = spawnSync(process.execPath, [cli, 'validate', 'samples/with-mistakes.plan.yaml'], { cwd: ROOT, encoding: 'utf8' }).stdout;
    let file;
    const got = [];
    for (const line of stylish.split('\n')) {
      const m = lineRe.exec(line);
      if (m) got.push([file, m[1], m[2], m[3], m[5]]);
      else if (fileRe.test(line)) file = fileRe.exec(line)[1];
    }
    assert.ok(expected.length > 10);
    assert.deepEqual(got, expected.map((e) => ['samples/with-mistakes.plan.yaml', ...e]));
  });
});
