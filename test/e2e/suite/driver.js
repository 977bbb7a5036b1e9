// The tests' side of the UI driver that scripts/e2e/code-launcher.mjs serves on
// 127.0.0.1 (QIPP_E2E_DRIVER_URL): Playwright actions on the workbench page the
// extension host cannot do through the vscode API (wait for a selector, press
// keys, look inside a webview and click in it, take a screenshot). Without the
// launcher (say, under a desktop VS Code) the UI steps are skipped.
'use strict';

const url = process.env.QIPP_E2E_DRIVER_URL;

async function call(op, params = {}) {
  if (!url) throw new Error('no UI driver (QIPP_E2E_DRIVER_URL is not set)');
  const res = await fetch(url, { method: 'POST', body: JSON.stringify({ op, ...params }) });
  const reply = await res.json();
  if (!reply.ok) throw new Error(`UI driver ${op} ${JSON.stringify(params)}: ${reply.error}`);
  return reply;
}

module.exports = {
  available: Boolean(url),
  call,
  waitFor: (selector, text, timeout) => call('waitFor', { selector, text, timeout }),
  press: (...keys) => call('press', { keys }),
  click: (selector) => call('click', { selector }),
  webviewText: (text, timeout) => call('webviewText', { text, timeout }),
  webviewCount: (selector, timeout) => call('webviewCount', { selector, timeout }),
  webviewClick: (selector, timeout) => call('webviewClick', { selector, timeout }),
  screenshot: (name) => call('screenshot', { name }),
};
