/**
 * render: an Analysis -> the preview's HTML (timeline, split, savings, findings),
 * one self-contained page that needs no script to read. Every plan value is
 * escaped (html.ts); knows nothing of the webview or files.
 */
export { PREVIEW_CSS, renderPlan, type RenderOptions } from './render';
// The small helpers and labels, for pages drawn in the preview's visual language (the cross-plan report).
export { attr, dayNumber, esc, humanise, label, longDate, messageHtml, money, num, plural, shortDate, token, truncate } from './html';
export { STATUS_LABELS } from './charts';
