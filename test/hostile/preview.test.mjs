// Preview security: plans full of script, HTML, `javascript:` URLs, CSS
// injection, SVG tricks and attribute-breaking quotes, rendered by
// core/render.ts in both modes (the `qipp preview` export and the editor's
// webview) and loaded in headless Chromium (Debian's chromium through
// playwright-core, a fresh profile, every request recorded and aborted).
// Proves that nothing executes (no dialog, no console output, a sentinel
// global never set, even after hovering, focusing and clicking everything and
// after a live update through media/preview.js) and that nothing is fetched.
// Then the same HTML is checked statically: a CSP with default-src 'none', no
// inline event handlers, no `javascript:` addresses, only `https:` links.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LONG, loadCore, ROOT } from '../fuzz/support.mjs';
import { skipOutsideCi } from '../support/skip.mjs';

const CHROMIUM = process.env.QIPP_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Where the webview's own media are served from in this test (VS Code serves them from the extension). */
const MEDIA = 'https://qipp-media.invalid/';
const NONCE = 'bm9uY2UtZm9yLXRoZS10ZXN0LTE=';
/** The page itself is served from here, as VS Code serves a webview's document. */
const PAGE = 'https://qipp-preview.invalid/index.html';

/** Every payload tries to set window.__pwned, log "PWNED" or open a dialog, or to fetch from attacker.example. */
const PAYLOADS = [
  // script and HTML
  `<script>window.__pwned='script'</script>`,
  `<img src=x onerror="window.__pwned='img'">`,
  `"><img src=https://attacker.example/i.png onerror=alert('img2')>`,
  `<iframe src="javascript:parent.__pwned='iframe'"></iframe>`,
  `<iframe srcdoc="<script>parent.__pwned='srcdoc'</script>"></iframe>`,
  `<object data="https://attacker.example/o"></object><embed src="https://attacker.example/e">`,
  `<meta http-equiv="refresh" content="0;url=https://attacker.example/refresh">`,
  `<base href="https://attacker.example/">`,
  `<link rel="stylesheet" href="https://attacker.example/s.css"><link rel="prefetch" href="https://attacker.example/p">`,
  `<details open ontoggle="window.__pwned='details'"><summary>x</summary></details>`,
  `<input autofocus onfocus="window.__pwned='autofocus'">`,
  `<body onload="window.__pwned='body'">`,
  `<noscript><p title="</noscript><img src=x onerror=window.__pwned='noscript'>"></noscript>`,
  `<!-- --><script>window.__pwned='comment'</script><!--`,
  `<![CDATA[ ]]><script>console.log('PWNED cdata')</script>`,
  `<template><script>window.__pwned='template'</script></template>`,
  // URLs
  `javascript:window.__pwned='url'`,
  `JaVaScRiPt:window.__pwned='url-case'`,
  `java\tscript:window.__pwned='url-tab'`,
  `data:text/html,<script>window.__pwned='data'</script>`,
  `vbscript:msgbox("PWNED")`,
  `https://attacker.example/"onmouseover="window.__pwned='href-quote'`,
  `https://attacker.example/'onmouseover='window.__pwned=1'`,
  `https://attacker.example/<script>window.__pwned='href-tag'</script>`,
  `[click](javascript:window.__pwned='markdown')`,
  // CSS
  `</style><script>window.__pwned='style'</script>`,
  `x;}body{background:url(https://attacker.example/css.png)}`,
  `expression(window.__pwned='expression')`,
  `@import url(https://attacker.example/import.css);`,
  `url(javascript:window.__pwned='css-url')`,
  `</title><script>window.__pwned='title'</script>`,
  // SVG
  `<svg><script>window.__pwned='svg-script'</script></svg>`,
  `<svg onload="window.__pwned='svg-onload'"></svg>`,
  `<svg><a xlink:href="javascript:window.__pwned='svg-href'"><text x=0 y=10>x</text></a></svg>`,
  `<svg><animate onbegin="window.__pwned='svg-animate'" attributeName=x dur=1s></animate></svg>`,
  `<svg><image href="https://attacker.example/svg.png"/></svg>`,
  `<svg><foreignObject><img src=x onerror="window.__pwned='foreign'"></foreignObject></svg>`,
  `<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned='mxss'">`,
  // attribute breaking and templates
  `" autofocus onfocus="window.__pwned='attr-double'" x="`,
  `' autofocus onfocus='window.__pwned=1' x='`,
  '` onmouseover=`window.__pwned=1`',
  `{{constructor.constructor('window.__pwned=1')()}}`,
  '${alert(1)}',
  `&lt;script&gt;window.__pwned='entity'&lt;/script&gt;`,
  `\u003cscript\u003ewindow.__pwned='unicode'\u003c/script\u003e`,
];

const q = JSON.stringify; // a JSON string is a valid YAML double-quoted scalar

/** A qipp-reform-plan with payload (i + shift) in the i-th free place: text, names, ids, keys, enum values and years. */
function hostilePlan(shift) {
  let i = 0;
  const p = () => PAYLOADS[(i++ + shift) % PAYLOADS.length];
  return `kind: qipp-reform-plan
schema_version: 1
title: ${q(p())}
organisation: sha-x
period: 2010/11-2011/12
as_of: 2010-10-01
status: ${q(p())}
version: ${q(p())}
organisations:
  - {id: sha-x, name: ${q(p())}, type: sha}
  - {id: pct-x, name: ${q(p())}, type: pct}
  - {id: trust-x, name: ${q(p())}, type: ${q(p())}}
  - {id: ${q(p())}, name: ${q(p())}, type: nhs-trust}
engagement:
  staff: ${q(`See https://example.org/plan and ${p()}`)}
  partners: ${q(p())}
  public: ${q(p())}
finance:
  efficiency_target_gbp_m: {2010/11: 1, ${q(p())}: 2}
  named_support:
    - {organisation: ${q(p())}, amount_gbp_m: 1, reason: ${q(p())}}
  regional_funds:
    - {name: ${q(p())}, amount_gbp_m: 1, deployment: ${q(p())}}
commissioning:
  aims: [${q(p())}, ${q(p())}]
  initiatives:
    - id: C1
      title: ${q(p())}
      side: commissioner
      lead: pct-x
      clinical_lead: ${q(p())}
      pillars: [quality, ${q(p())}]
      level: ${q(p())}
      rag: ${q(p())}
      rationale: ${q(p())}
      savings_gbp_m: {2010/11: 1, 2011/12: 2}
      quality_impact: {assessed_on: 2010-01-01, summary: ${q(p())}}
      ${q(p())}: 1
      milestones:
        - {id: C1.1, title: ${q(p())}, due: 2010-09-01, status: ${q(p())}, delivers: ${q(p())}, owner: ${q(p())}, after: [${q(p())}]}
        - {id: C1.2, title: ${q(p())}, due: ${q(p())}, status: done, done_on: ${q(p())}}
provision:
  aims: [${q(p())}]
  initiatives:
    - {id: P1, title: ${q(p())}, side: provider, lead: trust-x, pillars: [productivity], level: local, milestones: [{id: P1.1, title: ${q(p())}, due: 2011-01-01, status: on-track}]}
enabling:
  aims: [${q(p())}]
  initiatives:
    - {id: E1, title: ${q(p())}, side: joint, lead: sha-x, pillars: [quality], level: local, milestones: [{id: E1.1, title: ${q(p())}, due: 2011-02-01}]}
risks:
  - {id: R1, title: ${q(p())}, likelihood: 5, impact: 5, owner: ${q(p())}, mitigation: ${q(p())}, affects: [${q(p())}]}
`;
}

/** The plans: each payload lands in several different places across them. */
const SHIFTS = LONG ? [0, 17, 31] : [0, 23];

function render(core, text, mode, kind = 'qipp-reform-plan') {
  const analysis = core.createEngine({ rules: core.defaultRules() }).analyze(text);
  assert.equal(analysis.kind, kind, 'the hostile plan is read as a plan (so every section is drawn)');
  const fileName = `${PAYLOADS[0]}.plan.yaml`;
  return mode === 'export'
    ? core.renderPlan(analysis, { mode: 'export', fileName })
    : core.renderPlan(analysis, { mode: 'webview', nonce: NONCE, cspSource: MEDIA.slice(0, -1), scriptUri: `${MEDIA}preview.js`, styleUri: `${MEDIA}preview.css`, fileName });
}

// ---------------------------------------------------------------------------
// Static checks of the HTML.

function staticProblems(html, mode) {
  const problems = [];
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  if (!csp) problems.push('no Content-Security-Policy meta');
  else {
    const policy = csp[1].replace(/&#39;/g, "'");
    if (!/(^|;)\s*default-src 'none'/.test(policy)) problems.push(`the CSP has no default-src 'none': ${policy}`);
    if (/unsafe-eval/.test(policy)) problems.push(`the CSP allows eval: ${policy}`);
    const script = /script-src ([^;]*)/.exec(policy)?.[1];
    if (mode === 'webview' && script?.trim() !== `'nonce-${NONCE}'`) problems.push(`script-src is not the nonce alone: ${script}`);
    if (mode === 'export' && script !== undefined) problems.push(`the export allows scripts: ${script}`);
    if (html.indexOf('<meta http-equiv="Content-Security-Policy"') > html.indexOf('<title>')) problems.push('the CSP comes after plan text in <head>');
  }
  const tags = [...html.matchAll(/<([a-zA-Z][\w:-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>/g)];
  const scripts = tags.filter((t) => t[1].toLowerCase() === 'script');
  if (mode === 'export' && scripts.length) problems.push(`${scripts.length} <script> in the export`);
  if (mode === 'webview' && (scripts.length !== 1 || !scripts[0][2].includes(`nonce="${NONCE}"`) || !scripts[0][2].includes(`src="${MEDIA}preview.js"`))) problems.push(`the webview's scripts are not the one nonce'd preview.js: ${scripts.map((s) => s[0]).join(' ')}`);
  for (const [whole, name, attrs] of tags) {
    for (const m of attrs.matchAll(/([^\s=>/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g)) {
      const attr = m[1].toLowerCase();
      const value = (m[2] ?? '').replace(/^["']|["']$/g, '').replace(/&amp;/g, '&');
      if (attr.startsWith('on')) problems.push(`an inline event handler: ${whole.slice(0, 120)}`);
      if (attr === 'style') problems.push(`a style attribute: ${whole.slice(0, 120)}`);
      if (/^(href|src|xlink:href|action|formaction|data|srcdoc|poster)$/.test(attr)) {
        const media = mode === 'webview' && value.startsWith(MEDIA);
        if (!media && !value.startsWith('#') && !/^https:\/\/[^\s"'<>`]+$/.test(value)) problems.push(`<${name} ${attr}="${value.slice(0, 80)}"> is not an https: link`);
        if (name.toLowerCase() === 'a' && value.startsWith('https:') && !/rel="noopener noreferrer"/.test(attrs)) problems.push(`a link without rel="noopener noreferrer": ${whole.slice(0, 120)}`);
      }
    }
  }
  if (/javascript:/i.test(html.replace(/>[^<]*</g, '><'))) problems.push('`javascript:` inside a tag');
  return problems;
}

// ---------------------------------------------------------------------------

describe('preview security: hostile plans in headless Chromium', function () {
  this.timeout(120_000);
  let core;
  let context;
  let profile;
  const requests = [];
  let pageHtml = '';
  const media = {
    [PAGE]: { contentType: 'text/html', body: () => pageHtml },
    [`${MEDIA}preview.js`]: { contentType: 'text/javascript', body: () => readFileSync(join(ROOT, 'client/media/preview.js'), 'utf8') },
    [`${MEDIA}preview.css`]: { contentType: 'text/css', body: () => readFileSync(join(ROOT, 'client/media/preview.css'), 'utf8') },
  };

  before(async function () {
    core = loadCore();
    if (typeof core.renderPlan !== 'function') skipOutsideCi(this, 'dist/core.js has no renderPlan (core/render.ts is not built)');
    if (!existsSync(CHROMIUM)) skipOutsideCi(this, `Debian chromium is not installed at ${CHROMIUM} (apt-get install chromium)`);
    const { chromium } = await import('playwright-core');
    profile = mkdtempSync(join(tmpdir(), 'qipp-hostile-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1100, height: 900 } });
    // Every request is recorded; only the webview's own media are answered (as VS Code would), the rest aborted.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      requests.push(url);
      const m = media[url];
      return m ? route.fulfill({ status: 200, contentType: m.contentType, body: m.body() }) : route.abort();
    });
  });
  after(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  for (const mode of ['export', 'webview']) {
    for (const shift of SHIFTS) {
      it(`${mode}, payloads from #${shift}: the HTML is inert (CSP, no handler, no javascript:, https: links only)`, () => {
        const problems = staticProblems(render(core, hostilePlan(shift), mode), mode);
        assert.deepEqual(problems, []);
      });

      it(`${mode}, payloads from #${shift}: nothing runs and nothing is fetched, even when touched and updated`, async () => {
        const html = render(core, hostilePlan(shift), mode);
        const page = await context.newPage();
        const consoleLines = [];
        const dialogs = [];
        page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
        page.on('pageerror', (e) => consoleLines.push(`pageerror: ${e.message}`));
        page.on('dialog', (d) => {
          dialogs.push(d.message());
          void d.dismiss();
        });
        page.on('popup', (p) => dialogs.push(`popup ${p.url()}`));
        if (mode === 'webview') {
          // A stand-in for the webview API: what the script posts is kept for the test to read.
          await page.addInitScript(() => {
            window.__posted = [];
            window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => undefined, setState: () => {} });
          });
        }
        const before = requests.length;
        try {
          pageHtml = html;
          await page.goto(PAGE, { waitUntil: 'load' });
          if (mode === 'webview') await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
          // Touch everything a person might: hover, focus, and click what is not a link (links open through the editor).
          await page.evaluate(() => {
            for (const el of document.querySelectorAll('body *')) {
              for (const type of ['mouseover', 'mouseenter', 'focus', 'animationstart', 'toggle', 'load', 'error']) el.dispatchEvent(new Event(type, { bubbles: true }));
              if (typeof el.focus === 'function') el.focus();
              if (!el.closest('a') && typeof el.click === 'function') el.click();
            }
          });
          await page.locator('h1').first().hover();
          await page.mouse.move(300, 300);
          await page.keyboard.press('Tab');
          if (mode === 'webview') {
            // A live update with another hostile rendering goes through DOMParser and adoptNode in media/preview.js.
            const next = render(core, hostilePlan(shift + 5), 'webview');
            await page.evaluate((h) => {
              window.__old = document.getElementById('qipp-plan');
              window.postMessage({ type: 'update', version: 2, html: h }, '*');
            }, next);
            await page.waitForFunction(() => document.getElementById('qipp-plan') !== window.__old);
            const scripts = await page.evaluate(() => [...document.scripts].map((s) => s.src));
            assert.deepEqual(scripts, [`${MEDIA}preview.js`], 'the only script is the nonce\'d preview.js');
          } else {
            assert.equal(await page.evaluate(() => document.scripts.length), 0);
          }
          const state = await page.evaluate(() => ({
            pwned: window.__pwned,
            handlers: [...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => a.name.toLowerCase().startsWith('on'))).length,
            links: [...document.querySelectorAll('[href], [src], [action]')].map((el) => el.getAttribute('href') ?? el.getAttribute('src') ?? el.getAttribute('action')),
            background: getComputedStyle(document.body).backgroundImage,
            url: location.href,
          }));
          assert.equal(state.pwned, undefined, `an injected script ran (window.__pwned = ${state.pwned})`);
          assert.equal(state.handlers, 0, 'an element carries an inline event handler');
          for (const link of state.links) assert.ok(link.startsWith('https:') || link.startsWith('#'), `a link to ${link}`);
          assert.equal(state.background, 'none', 'injected CSS changed the page');
          assert.equal(state.url, PAGE, 'the page navigated away');
          assert.deepEqual(dialogs, []);
          assert.deepEqual(consoleLines, [], 'console output (from injected code, or a CSP report of something that tried to load)');
          const fetched = requests.slice(before).filter((u) => !media[u]);
          assert.deepEqual(fetched, [], 'requests made by the page');
          if (mode === 'webview') assert.ok(requests.slice(before).includes(`${MEDIA}preview.js`), 'the webview script itself loaded');
        } finally {
          await page.close();
        }
      });
    }
  }

  it('the checks catch an injection (a self-test of this harness)', async () => {
    const html = render(core, hostilePlan(0), 'export').replace('</h1>', `</h1><img src="https://attacker.example/x.png" onerror="window.__pwned='self-test'"><a href="javascript:void(0)">x</a>`);
    const problems = staticProblems(html, 'export');
    assert.ok(problems.some((p) => /inline event handler/.test(p)) && problems.some((p) => /not an https: link/.test(p)), problems.join('\n'));
    // Without the CSP, the same page runs the handler and asks for the image: the browser checks above would see it.
    const page = await context.newPage();
    const before = requests.length;
    try {
      pageHtml = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
      await page.goto(PAGE, { waitUntil: 'load' });
      await page.waitForFunction(() => window.__pwned === 'self-test');
      assert.ok(requests.slice(before).includes('https://attacker.example/x.png'));
    } finally {
      await page.close();
    }
  });

  it('the file name shown in the preview is escaped too', () => {
    const html = render(core, 'kind: qipp-plan\n', 'export', 'qipp-plan');
    assert.doesNotMatch(html, /<script>window/);
    assert.deepEqual(staticProblems(html, 'export'), []);
  });
});
