// The overview's webview script (client/media/overview.js) in headless
// Chromium with a stand-in for VS Code's webview API, on the html report of
// the fixture portfolio given a nonce'd script as the overview's webview page
// has: a click on a plan or a problem posts `open` with the link (and the page
// goes nowhere), the export button posts `export`, a page link scrolls in
// place, and new pages swap in with older generations dropped and their
// scripts never run. The hostile fixture plan is in the portfolio throughout.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromiumOrSkip, ensureOutput, launchChromium } from '../preview/helpers.mjs';
import { fixturePlans, HERE, qipp, ROOT } from './support.mjs';

const NONCE = 'b3ZlcnZpZXctdGVzdC0xMjM0';
const SCRIPT = pathToFileURL(join(ROOT, 'client/media/overview.js')).href;

/** The report as the overview's webview gets it: a script-src for the nonce, and the script. */
function asWebviewPage(report, title) {
  const csp = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'nonce-${NONCE}'`;
  const page = report
    .replace(/<meta http-equiv="Content-Security-Policy" content="[^"]*">/, `<meta http-equiv="Content-Security-Policy" content="${csp}">`)
    .replace('</body>', `<script nonce="${NONCE}" src="${SCRIPT}"></script>\n</body>`)
    .replace(/<h1>[^<]*<\/h1>/, `<h1>${title}</h1>`);
  assert.ok(page.includes(`nonce-${NONCE}`) && page.includes(SCRIPT) && page.includes(`<h1>${title}</h1>`), 'the report page has the shape this test expects');
  return page;
}

describe('the overview webview script (media/overview.js) with a stand-in for VS Code', function () {
  this.timeout(120_000);
  let context;
  let profile;
  let page;
  let report;
  const errors = [];
  const requests = [];
  const plans = fixturePlans();
  const posted = (type) => page.evaluate((t) => window.__posted.filter((m) => m.type === t), type);

  before(async function () {
    if (!chromiumOrSkip(this)) return;
    const out = ensureOutput();
    const reportPath = join(out, 'overview-report.html');
    const r = qipp(['report', 'portfolio', '-o', reportPath], { cwd: HERE });
    assert.equal(r.code, 0, r.stderr);
    report = readFileSync(reportPath, 'utf8');
    const htmlPath = join(out, 'overview-webview.html');
    writeFileSync(htmlPath, asWebviewPage(report, 'First page'));
    profile = mkdtempSync(join(tmpdir(), 'qipp-chromium-'));
    context = await launchChromium(profile);
    const allowed = new Set([pathToFileURL(htmlPath).href, SCRIPT]);
    await context.route('**/*', (route) => (allowed.has(route.request().url()) ? route.continue() : (requests.push(route.request().url()), route.abort())));
    page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('dialog', (d) => {
      errors.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await page.addInitScript(() => {
      window.__posted = [];
      window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => undefined, setState: () => undefined });
    });
    await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load' });
    await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
  });

  after(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('runs under the nonce with no console error', () => {
    assert.deepEqual(errors, []);
  });

  it('a click on a plan posts open with its link, and the page stays where it is', async () => {
    const url = page.url();
    const link = page.locator('table[data-table="plans"] tbody tr').nth(1).locator('td:first-child a');
    const href = await link.getAttribute('href');
    await link.click();
    await page.waitForFunction((h) => window.__posted.some((m) => m.type === 'open' && m.href === h), href);
    assert.equal(page.url(), url, 'the webview did not navigate');
    assert.equal(await page.locator('table[data-table="plans"] tbody tr').count(), plans.length, 'one row per plan');
  });

  it('a click on a problem posts open with its file and line', async () => {
    const link = page.locator('.plan-problems li.finding .at a').first();
    const href = await link.getAttribute('href');
    assert.match(href, /#L\d+$/, 'a problem links to its line');
    await link.click();
    await page.waitForFunction((h) => window.__posted.some((m) => m.type === 'open' && m.href === h), href);
  });

  it('the export button posts export', async () => {
    assert.equal(await page.locator('[data-command="export"]').count(), 1, 'one export button');
    await page.locator('[data-command="export"]').click();
    await page.waitForFunction(() => window.__posted.some((m) => m.type === 'export'));
  });

  it('a new page swaps in; an older generation is dropped; a script in a page never runs', async () => {
    await page.evaluate(() => {
      window.__titles = [];
      new MutationObserver(() => window.__titles.push(document.querySelector('h1')?.textContent)).observe(document.body, { childList: true, subtree: true });
    });
    const withScript = (t) => asWebviewPage(report, t).replace('</main>', '<script>window.__ran = true;</script></main>');
    await page.evaluate(([a, b, c]) => {
      window.postMessage({ type: 'update', generation: 5, html: a }, '*');
      window.postMessage({ type: 'update', generation: 3, html: b }, '*');
      window.postMessage({ type: 'update', generation: 6, html: c }, '*');
    }, [withScript('Fifth page'), withScript('STALE page'), withScript('Sixth page')]);
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Sixth page');
    const seen = await page.evaluate(() => window.__titles);
    assert.ok(seen.includes('Fifth page'), `the fifth page was shown (${seen.join(', ')})`);
    assert.ok(!seen.includes('STALE page'), 'the stale page was not shown');
    assert.equal(await page.evaluate(() => window.__ran), undefined, 'no script from a page ran');
    assert.equal(await page.locator('[data-command="export"]').count(), 1, 'still one export button');
    assert.equal(await page.locator('table[data-table="plans"] tbody tr').count(), plans.length);
    // The new page's links still open plans.
    const before = (await posted('open')).length;
    await page.locator('table[data-table="plans"] tbody tr td:first-child a').first().click();
    await page.waitForFunction((n) => window.__posted.filter((m) => m.type === 'open').length > n, before);
  });

  it('requested nothing but the page and its script', () => {
    assert.deepEqual(requests, []);
    assert.deepEqual(errors, []);
  });
});
