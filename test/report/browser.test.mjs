// The html report in headless Chromium (Debian's chromium through
// playwright-core, no network): no console errors and no requests, one row
// per plan, one combined-timeline row per plan milestone that delivers a
// national milestone (counted here from the plans' YAML), problems linked to
// file and line, nothing active from the plans' text, and it prints on A4.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromiumOrSkip, ensureOutput, launchChromium } from '../preview/helpers.mjs';
import { fixturePlans, HERE, initiativesOf, NATIONAL, qipp } from './support.mjs';

describe('html report in headless Chromium', function () {
  this.timeout(120_000);
  let context;
  let profile;
  let page;
  const errors = [];
  const requests = [];
  const plans = fixturePlans();
  // Links are relative to where the report is written.
  const href = (file) => relative(ensureOutput(), join(HERE, file)).split('/').map(encodeURIComponent).join('/');

  before(async function () {
    if (!chromiumOrSkip(this)) return;
    const out = ensureOutput();
    const html = join(out, 'report.html');
    const r = qipp(['report', 'portfolio', '-o', html], { cwd: HERE });
    assert.equal(r.code, 0, r.stderr);
    profile = mkdtempSync(join(tmpdir(), 'qipp-chromium-'));
    context = await launchChromium(profile);
    await context.route('**/*', (route) => (route.request().url() === pathToFileURL(html).href ? route.continue() : route.abort()));
    page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('dialog', (d) => {
      errors.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on('request', (q) => q.url() !== pathToFileURL(html).href && requests.push(q.url()));
    await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
  });

  after(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('loads with no console error and no request', async () => {
    assert.ok(await page.locator('h1').isVisible());
    await page.screenshot({ path: join(ensureOutput(), 'report.png'), fullPage: true });
    assert.ok(statSync(join(ensureOutput(), 'report.png')).size > 10_000);
    assert.deepEqual(errors, []);
    assert.deepEqual(requests, []);
  });

  it('one row per plan, each linked to its file', async () => {
    const links = await page.locator('table[data-table="plans"] tbody tr td:first-child a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(links, plans.map((p) => href(p.file)));
  });

  it('each problem linked to its file and line', async () => {
    const at = await page.locator('.plan-problems .finding .at a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    const want = plans.flatMap((p) => p.expects.map((e) => `${href(p.file)}#L${e.line}`)).sort();
    assert.deepEqual(at.sort(), want);
  });

  it('the combined timeline: a row per plan milestone that delivers a national milestone', async () => {
    const delivering = plans.flatMap((p) => initiativesOf(p.data).flatMap((i) => (i.milestones ?? []).filter((m) => NATIONAL[m.delivers])));
    assert.equal(await page.locator('svg.combined g.row').count(), delivering.length);
    const nationals = new Set(delivering.map((m) => m.delivers));
    assert.equal(await page.locator('svg.combined g.national-row').count(), nationals.size);
    // The late ones carry the ring of the preview's "late" mark.
    const late = delivering.filter((m) => (NATIONAL[m.delivers][1] === 'before' ? m.due > NATIONAL[m.delivers][0] : m.due < NATIONAL[m.delivers][0]));
    assert.equal(await page.locator('svg.combined g.ms.overdue').count(), late.length);
  });

  it('nothing active from the plans\' text: no script, image, handler, or link but to the plans', async () => {
    const found = await page.evaluate(() => ({
      active: document.querySelectorAll('script, img, iframe, object, embed, form, base, link').length,
      handlers: [...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length,
      links: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')),
    }));
    assert.equal(found.active, 0);
    assert.equal(found.handlers, 0);
    const files = new Set(plans.map((p) => href(p.file)));
    for (const link of found.links) assert.ok(files.has(link.replace(/#L\d+$/, '')), link);
    assert.ok((await page.content()).includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  });

  it('prints on A4: nothing wider than the page', async () => {
    await page.setViewportSize({ width: 703, height: 1000 });
    await page.emulateMedia({ media: 'print' });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `the printed page is ${overflow}px wider than A4`);
    const pdf = await page.pdf({ format: 'A4', printBackground: true, path: join(ensureOutput(), 'report.pdf') });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    assert.ok(pages >= 2 && pages < 60, `${pages} pages`);
  });
});
