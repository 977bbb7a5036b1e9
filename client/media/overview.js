// The overview's webview script (QIPP: Open Overview): a click on a plan or a
// problem asks the extension to open it at its line, the export button asks
// it to save the report, and new pages from the language server are swapped
// in as the plans change. Plain JavaScript run under the page's CSP (nonce'd,
// no eval, no inline handlers). Message shapes: server/src/protocol.ts,
// namespace OverviewMessages.
// @ts-check
(function () {
  'use strict';
  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  /** The newest page shown; older updates are dropped. */
  let shownGeneration = -1;

  /** The part of the page an update replaces: its main element, or else the whole body. */
  function contentOf(doc) {
    return doc.querySelector('main') || doc.body;
  }

  /** An Export button, unless the page brings its own (any element with data-command="export"). */
  function ensureExportButton() {
    if (document.querySelector('[data-command="export"]')) return;
    const bar = document.createElement('div');
    bar.className = 'overview-actions';
    const button = document.createElement('button');
    button.type = 'button';
    button.setAttribute('data-command', 'export');
    button.textContent = 'Export as HTML report…';
    button.title = 'Save this overview as the self-contained page qipp report writes';
    // Styles through the CSSOM, which the CSP allows (style attributes in markup it may not).
    Object.assign(bar.style, { display: 'flex', justifyContent: 'flex-end', margin: '0.5em 1em 0' });
    Object.assign(button.style, {
      font: 'inherit',
      padding: '4px 12px',
      border: '1px solid var(--vscode-button-border, transparent)',
      borderRadius: '2px',
      color: 'var(--vscode-button-foreground, #fff)',
      background: 'var(--vscode-button-background, #0e639c)',
      cursor: 'pointer',
    });
    bar.appendChild(button);
    const main = document.querySelector('main');
    if (main && main.parentNode) main.parentNode.insertBefore(bar, main);
    else document.body.insertBefore(bar, document.body.firstChild);
  }

  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    if (target.closest('[data-command="export"]')) {
      event.preventDefault();
      vscode.postMessage({ type: 'export' });
      return;
    }
    const link = target.closest('a[href]');
    if (!link) return;
    const href = link.getAttribute('href') || '';
    if (href.startsWith('#')) return; // a place on this page: the browser scrolls to it
    // Never navigate the webview: the extension decides what a link may open (only plan files).
    event.preventDefault();
    vscode.postMessage({ type: 'open', href });
  });

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (!message || typeof message !== 'object') return;
    if (message.type !== 'update' || typeof message.html !== 'string' || typeof message.generation !== 'number') return;
    if (message.generation <= shownGeneration) return; // an older page than the one shown
    shownGeneration = message.generation;
    const parsed = new DOMParser().parseFromString(message.html, 'text/html');
    const next = contentOf(parsed);
    const current = contentOf(document);
    if (!next || !current) return;
    // Scripts in a parsed page never run; the page's own (this one) stays as it is.
    for (const s of next.querySelectorAll('script')) s.remove();
    if (current === document.body) {
      document.body.replaceChildren(...Array.from(next.childNodes, (n) => document.adoptNode(n)));
    } else {
      current.replaceWith(document.adoptNode(next));
    }
    ensureExportButton();
  });

  ensureExportButton();
  vscode.postMessage({ type: 'ready' });
})();
