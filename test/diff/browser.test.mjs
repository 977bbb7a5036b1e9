// The HTML diff (`qipp diff --format html`) in headless Chromium, as the
// preview is tested: no console errors, no request but the file itself, the
// two timelines overlaid with a slip drawn as an arrow, and no plan text run
// as markup (a hostile title stays text).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { qipp } from '../cli/helpers.mjs';
import { chromiumOrSkip, ensureOutput, launchChromium } from '../preview/helpers.mjs';
import { cases } from './helpers.mjs';

describe('qipp diff --format html in headless Chromium', function () {
  this.timeout(120_000);
  let context;
  let profile;
  let scratchDir;
  before(async function () {
    if (!chromiumOrSkip(this)) return;
    profile = mkdtempSync(join(tmpdir(), 'qipp-chromium-'));
    scratchDir = mkdtempSync(join(tmpdir(), 'qipp-diff-html-'));
    context = await launchChromium(profile);
    await context.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
  });
  after(async () => {
    await context?.close();
    for (const d of [profile, scratchDir]) if (d) rmSync(d, { recursive: true, force: true });
  });

  async function open(path) {
    const page = await context.newPage();
    const errors = [];
    const requests = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => r.url() !== pathToFileURL(path).href && requests.push(r.url()));
    await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
    return { page, errors, requests };
  }

  for (const c of cases()) {
    it(`${c.name}: loads cleanly; each moved milestone is drawn old and new`, async () => {
      const out = join(ensureOutput(), `diff-${c.name}.html`);
      const r = qipp(['diff', c.old, c.new, '--format', 'html', '-o', out]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, '');
      const moved = c.expected.changes.filter((x) => x.type === 'milestone-due');
      const { page, errors, requests } = await open(out);
      try {
        assert.ok(await page.locator('h1').first().isVisible());
        assert.equal(await page.locator('svg.diff-timeline .move').count(), moved.length);
        assert.equal(await page.locator('svg.diff-timeline .move.slipped').count(), moved.filter((m) => m.direction === 'slipped').length);
        assert.equal(await page.locator('ul.changes li').count(), c.expected.changes.length);
        await page.screenshot({ path: out.replace(/\.html$/, '.png'), fullPage: true });
        assert.deepEqual(errors, []);
        assert.deepEqual(requests, []);
      } finally {
        await page.close();
      }
    });
  }

  it('plan text is shown as text, never run or fetched', async () => {
    const c = cases().find((x) => x.name === 'reform-every-change');
    const hostile = `"<img src=x onerror=alert(1)><script>alert(2)</script>https://example.org/x"`;
    const a = join(scratchDir, 'a.plan.yaml');
    const b = join(scratchDir, 'b.plan.yaml');
    writeFileSync(a, readFileSync(c.old, 'utf8').replace('title: Design agreed', `title: ${hostile}`));
    writeFileSync(b, readFileSync(c.new, 'utf8').replace('title: Design signed off', 'title: "</title><style>body{display:none}</style>"'));
    const out = join(scratchDir, 'diff.html');
    assert.equal(qipp(['diff', a, b, '--format', 'html', '-o', out]).code, 0);
    const html = readFileSync(out, 'utf8');
    assert.doesNotMatch(html, /<img|<script|<\/title><style>/i);
    const { page, errors, requests } = await open(out);
    try {
      assert.ok(await page.locator('body').isVisible());
      assert.match(await page.locator('main').innerText(), /<img src=x onerror/);
      assert.deepEqual(errors, []);
      assert.deepEqual(requests, []);
    } finally {
      await page.close();
    }
  });
});
