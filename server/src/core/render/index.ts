/**
 * render: an Analysis -> the preview's HTML (timeline, split, savings, findings),
 * one self-contained page that needs no script to read. Every plan value is
 * escaped (html.ts); knows nothing of the webview or files. render.ts puts the
 * page together from one module per section; what differs by plan kind comes
 * from the kind table (KINDS).
 */
export { PREVIEW_CSS, renderPlan, type RenderOptions } from './render';
// The preview's escaping and wording helpers, for pages drawn in the preview's style (the plan diff, the cross-plan report).
export { attr, dayNumber, esc, humanise, label, longDate, messageHtml, money, num, plural, shortDate, token, truncate } from './html';
export { PILLAR_LABELS, STATUS_LABELS } from './charts';
export { document as renderPage, webviewHead } from './document';
