// The comparison's webview script: a click on a change that is about
// something in the plan as it is now opens that line in the editor. Plain
// JavaScript under the page's CSP (nonce'd, no eval, no inline handlers).
// @ts-check
(function () {
  'use strict';
  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  document.addEventListener('click', (e) => {
    const target = e.target instanceof Element ? e.target.closest('[data-line]') : null;
    if (!target) return;
    const line = Number(target.getAttribute('data-line'));
    if (Number.isInteger(line) && line >= 0) vscode.postMessage({ type: 'reveal', line });
  });
})();
