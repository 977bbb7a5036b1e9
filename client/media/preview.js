// The preview's webview script: click an item to reveal its line in the
// editor, scroll in step with the editor both ways, and swap in new
// renderings as the plan is edited. Plain JavaScript run under the preview's
// CSP (nonce'd, no eval, no inline handlers). Message shapes:
// server/src/protocol.ts, namespace PreviewMessages.
// @ts-check
(function () {
  'use strict';
  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  /** The newest document version shown; older updates are dropped. */
  let shownVersion = -1;
  /** Set before the script scrolls the page itself, so that the scroll is not echoed to the editor. */
  let scrollingForEditor = false;
  let scrollQueued = false;

  /** Items that map to source lines, in page order (findings and chart parts are left to their items). */
  function lineItems() {
    const out = [];
    for (const el of document.querySelectorAll('#qipp-plan [data-line]')) {
      if (el.closest('svg') || el.classList.contains('finding')) continue;
      const line = Number(el.getAttribute('data-line'));
      if (!Number.isInteger(line)) continue;
      const rect = el.getBoundingClientRect();
      if (rect.height === 0 && rect.width === 0) continue;
      out.push({ el, line, top: rect.top + window.scrollY });
    }
    return out;
  }

  /** Scrolls so that the item nearest to a source line is at the top. */
  function scrollToLine(line) {
    let best;
    for (const item of lineItems()) {
      // The last item at or before the line; later (inner) items win ties.
      if (item.line <= line && (!best || item.line >= best.line)) best = item;
    }
    if (!best) return;
    let y = best.top;
    // Between two items in page order, move part of the way towards the next.
    const next = lineItems().find((i) => i.line > line && i.top > best.top);
    if (next && next.line > best.line) y += ((line - best.line) / (next.line - best.line)) * Math.min(next.top - best.top, 400);
    const target = Math.min(Math.max(0, y - 8), document.documentElement.scrollHeight - window.innerHeight);
    if (Math.abs(target - window.scrollY) < 1) return; // no scroll, so no event to hold back
    scrollingForEditor = true;
    window.scrollTo(0, target);
    // The scroll event of this scrollTo is dispatched before the next frame's callbacks: after
    // that, scrolls are the reader's again (a flag left set would swallow their next scroll).
    window.requestAnimationFrame(() => {
      scrollingForEditor = false;
    });
  }

  /** The source line of the item at the top of the view. */
  function topLine() {
    let best;
    for (const item of lineItems()) {
      const rect = item.el.getBoundingClientRect();
      if (rect.bottom <= 0) continue;
      if (!best || rect.top < best.rectTop || (rect.top === best.rectTop && item.line > best.line)) best = { line: item.line, rectTop: rect.top };
      if (rect.top >= 0) break;
    }
    return best ? best.line : undefined;
  }

  window.addEventListener('scroll', () => {
    if (scrollingForEditor) {
      scrollingForEditor = false;
      return;
    }
    if (scrollQueued) return;
    scrollQueued = true;
    window.requestAnimationFrame(() => {
      scrollQueued = false;
      const line = topLine();
      if (line === undefined) return;
      remember({ line });
      vscode.postMessage({ type: 'didScroll', line });
    });
  });

  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target || target.closest('a[href]')) return;
    const selection = window.getSelection();
    if (selection && !selection.isCollapsed) return; // selecting text, not choosing an item
    const command = target.closest('[data-command]');
    if (command && command.getAttribute('data-command') === 'showProblems') {
      vscode.postMessage({ type: 'showProblems' });
      return;
    }
    const item = target.closest('[data-line]');
    if (!item) return;
    const line = Number(item.getAttribute('data-line'));
    const character = Number(item.getAttribute('data-character') || '0');
    if (Number.isInteger(line)) vscode.postMessage({ type: 'reveal', line, character: Number.isInteger(character) ? character : 0 });
  });

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (!message || typeof message !== 'object') return;
    if (message.type === 'update' && typeof message.html === 'string' && typeof message.version === 'number') {
      if (message.version < shownVersion) return; // a stale rendering
      shownVersion = message.version;
      const parsed = new DOMParser().parseFromString(message.html, 'text/html');
      const next = parsed.getElementById('qipp-plan');
      const current = document.getElementById('qipp-plan');
      if (!next || !current) return;
      const line = topLine();
      current.replaceWith(document.adoptNode(next));
      if (line !== undefined) scrollToLine(line);
    } else if (message.type === 'scrollTo' && typeof message.line === 'number') {
      scrollToLine(message.line);
    } else if (message.type === 'document' && typeof message.uri === 'string') {
      remember({ uri: message.uri });
    }
  });

  /** Keeps what VS Code needs to restore this preview after a reload (PreviewState). */
  function remember(part) {
    vscode.setState(Object.assign({}, vscode.getState() || {}, part));
  }

  const state = vscode.getState();
  if (state && typeof state.line === 'number') scrollToLine(state.line);
  vscode.postMessage({ type: 'ready' });
})();
