// Stages the web-only copy of the extension the web end-to-end run loads: the
// files the .vsix ships, with package.json's `main` removed, so that VS Code
// can run it only from its `browser` entry, in the web worker extension host.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT } from '../../scripts/e2e/paths.mjs';

export const SHIPPED = [
  'dist/client-web.js',
  'dist/server-web.js',
  'client/media/preview.js',
  'client/media/preview.css',
  'client/media/preview-icon.svg',
  'client/media/compare.js',
  'client/media/overview.js',
  'images/icon.png',
  'syntaxes/qipp-plan.tmLanguage.json',
  'language-configuration.json',
  'README.md',
];

/** Copies the web extension into `dir` (without `main`); `omit` leaves files out, to see the run fail. */
export function stageWebExtension(dir, { omit = [] } = {}) {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  delete pkg.main;
  pkg.extensionKind = ['web'];
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  for (const rel of SHIPPED) {
    if (omit.includes(rel)) continue;
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    cpSync(join(ROOT, rel), join(dir, rel));
  }
  return pkg;
}
