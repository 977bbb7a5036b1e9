/** The page around the preview: the head (CSP, style, the webview's script) and body. */
import type { RenderOptions } from './context';
import { esc } from './html';
import { PREVIEW_CSS } from './style';

/**
 * A complete HTML document. Webview mode only with a well-formed nonce;
 * otherwise a self-contained export. `extraCss` follows the preview's
 * stylesheet, for other pages in its style (the comparison of two versions).
 */
export function document(title: string, body: string, o: RenderOptions, extraCss = ''): string {
  const webview = webviewHead(o, extraCss);
  const head: string[] = webview ?? [
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="qipp-plans">',
    `<style>${PREVIEW_CSS}${extraCss}</style>`,
  ];
  head.push(`<title>${esc(title)}</title>`);
  return `<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n${head.join('\n')}\n</head>\n<body class="qipp-preview ${webview ? 'webview' : 'export'}">\n${body}\n</body>\n</html>\n`;
}

/**
 * The head of a webview page (the preview, the comparison, the overview), without its title:
 * undefined unless in webview mode with a well-formed nonce (then the page is an export).
 */
export function webviewHead(o: Pick<RenderOptions, 'mode' | 'nonce' | 'cspSource' | 'scriptUri' | 'styleUri'>, extraCss = ''): string[] | undefined {
  if (o.mode !== 'webview' || o.nonce === undefined || !/^[A-Za-z0-9+/=_-]{8,}$/.test(o.nonce)) return undefined;
  const src = o.cspSource ? ` ${o.cspSource}` : '';
  const head = [
    '<meta charset="utf-8">',
    // As VS Code's Markdown preview: scripts only by nonce; inline styles allowed, because VS Code
    // injects its own default stylesheet into every webview (a nonce would make browsers ignore
    // 'unsafe-inline' and block it). The renderer itself emits no style attribute.
    `<meta http-equiv="Content-Security-Policy" content="${esc(`default-src 'none'; img-src${src} data:; style-src${src} 'unsafe-inline'; script-src 'nonce-${o.nonce}'; font-src${src};`)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<style>${PREVIEW_CSS}${extraCss}</style>`,
  ];
  if (o.styleUri) head.push(`<link rel="stylesheet" href="${esc(o.styleUri)}">`);
  if (o.scriptUri) head.push(`<script nonce="${esc(o.nonce)}" src="${esc(o.scriptUri)}" defer></script>`);
  return head;
}
