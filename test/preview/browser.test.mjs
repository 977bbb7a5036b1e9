// The exported preview of each sample in headless Chromium (Debian's chromium
// through playwright-core, no network): no console errors, no requests, one
// timeline row per initiative, a screenshot under test-output/preview/ for a
// person to look at; it prints on A4. Then the webview script, with a stand-in
// for VS Code's webview API: click to reveal, live updates, stale versions
// dropped, scroll sync.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeFile, chromiumOrSkip, core, engine, ensureOutput, fileName, goldenPlans, launchChromium, ROOT } from './helpers.mjs';
import { hostilePlan } from './hostile-plan.mjs';

describe('exported preview in headless Chromium', function () {
  this.timeout(120_000);
  let context;
  let profile;
  const blocked = [];

  before(async function () {
    if (!chromiumOrSkip(this)) return;
    profile = mkdtempSync(join(tmpdir(), 'qipp-chromium-'));
    context = await launchChromium(profile);
    // Nothing but the file itself may load; anything else is recorded and refused.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      blocked.push(url);
      return route.abort();
    });
  });

  after(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  /** Opens a file and collects console errors and requests that are not to the file itself. */
  async function open(path) {
    const page = await context.newPage();
    const errors = [];
    const requests = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => {
      if (r.url() !== pathToFileURL(path).href) requests.push(r.url());
    });
    await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
    return { page, errors, requests };
  }

  const samples = goldenPlans().filter((p) => p.name.startsWith('samples/'));
  for (const plan of samples) {
    it(`${plan.name}: loads cleanly, one timeline row per initiative, screenshot written`, async () => {
      const out = ensureOutput();
      const analysis = analyzeFile(plan.path);
      const base = plan.name.replace(/^samples\//, '');
      const htmlPath = join(out, `${base}.html`);
      writeFileSync(htmlPath, core().renderPlan(analysis, { mode: 'export', fileName: fileName(plan.path) }));
      const { page, errors, requests } = await open(htmlPath);
      try {
        assert.equal(await page.locator('svg.gantt g.row').count(), analysis.plan.initiatives.length);
        assert.equal(await page.locator('svg.gantt').count(), 1);
        assert.ok(await page.locator('h1').isVisible());
        const png = join(out, `${base}.png`);
        await page.screenshot({ path: png, fullPage: true });
        assert.ok(statSync(png).size > 10_000, 'the screenshot is empty');
        assert.deepEqual(errors, []);
        assert.deepEqual(requests, []);
      } finally {
        await page.close();
      }
    });
  }

  it('prints on A4: nothing wider than the page, and a PDF of several pages', async () => {
    const out = ensureOutput();
    const plan = samples.find((p) => p.name === 'samples/northshire-reform') ?? samples[0];
    const htmlPath = join(out, 'print.html');
    writeFileSync(htmlPath, core().renderPlan(analyzeFile(plan.path), { mode: 'export' }));
    const { page, errors } = await open(htmlPath);
    try {
      // A4 at 96 dpi is 794 px wide; the print margins leave about 703 px.
      await page.setViewportSize({ width: 703, height: 1000 });
      await page.emulateMedia({ media: 'print' });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 1, `the printed page is ${overflow}px wider than A4`);
      const pdf = await page.pdf({ format: 'A4', printBackground: true, path: join(out, 'print.pdf') });
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      assert.ok(pages >= 2 && pages < 40, `${pages} pages`);
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });

  it('a hostile plan runs nothing: no script, handler, dialog or request', async () => {
    const out = ensureOutput();
    const htmlPath = join(out, 'hostile.html');
    writeFileSync(htmlPath, core().renderPlan(engine().analyze(hostilePlan()), { mode: 'export', fileName: 'hostile.plan.yaml' }));
    const { page, errors, requests } = await open(htmlPath);
    const dialogs = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    try {
      const found = await page.evaluate(() => ({
        active: document.querySelectorAll('script, img, iframe, object, embed, form, base').length,
        handlers: [...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length,
        links: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')),
      }));
      assert.equal(found.active, 0);
      assert.equal(found.handlers, 0);
      for (const href of found.links) assert.match(href, /^https:\/\//);
      // Hover and click over everything a person might touch.
      for (const sel of ['h1', 'svg.gantt g.row', '.risk-chip', '.card h4']) {
        const el = page.locator(sel).first();
        if (await el.count()) await el.hover();
      }
      assert.deepEqual(dialogs, []);
      assert.deepEqual(errors, []);
      assert.deepEqual(requests, []);
    } finally {
      await page.close();
    }
  });

  describe('the webview script (media/preview.js) with a stand-in for VS Code', () => {
    let page;
    let errors;
    let analysis;
    let text;
    const plan = () => samples.find((p) => p.name === 'samples/northshire-reform') ?? samples[0];
    const webviewHtml = (a) =>
      core().renderPlan(a, {
        mode: 'webview',
        nonce: 'dGVzdC1ub25jZS0xMjM0NTY=',
        cspSource: 'file:',
        scriptUri: pathToFileURL(join(ROOT, 'client/media/preview.js')).href,
        styleUri: pathToFileURL(join(ROOT, 'client/media/preview.css')).href,
      });
    const posted = (type) => page.evaluate((t) => window.__posted.filter((m) => m.type === t), type);

    before(async function () {
      if (!context) this.skip();
      text = readFileSync(plan().path, 'utf8');
      analysis = engine().analyze(text);
      const htmlPath = join(ensureOutput(), 'webview.html');
      writeFileSync(htmlPath, webviewHtml(analysis));
      page = await context.newPage();
      errors = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.addInitScript(() => {
        window.__posted = [];
        window.__titles = [];
        window.acquireVsCodeApi = () => ({
          postMessage: (m) => window.__posted.push(m),
          getState: () => window.__state,
          setState: (s) => {
            window.__state = s;
          },
        });
      });
      await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load' });
      await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
    });

    after(async () => {
      await page?.close();
    });

    it('loads its script and stylesheet under the CSP without errors', () => {
      assert.deepEqual(errors, []);
    });

    it('clicking an item asks the editor to reveal its source line', async () => {
      const card = page.locator('article.card.initiative').nth(1);
      const line = Number(await card.getAttribute('data-line'));
      await card.locator('dl.meta').click();
      await page.waitForFunction((l) => window.__posted.some((m) => m.type === 'reveal' && m.line === l), line);
      const id = await card.getAttribute('data-id');
      assert.ok(text.split('\n')[line].includes(`id: ${id}`), `line ${line + 1} is not where ${id} starts`);
    });

    it('clicking the counts opens the Problems panel', async () => {
      await page.locator('button.counts').click();
      await page.waitForFunction(() => window.__posted.some((m) => m.type === 'showProblems'));
    });

    it('an update replaces the plan; a stale version is dropped', async () => {
      await page.evaluate(() => {
        const watch = () => window.__titles.push(document.querySelector('#qipp-plan h1')?.textContent);
        new MutationObserver(watch).observe(document.body, { childList: true, subtree: true });
      });
      const retitled = (t) => webviewHtml(engine().analyze(text.replace(/^title: .*$/m, `title: ${t}`)));
      await page.evaluate(([a, b, c]) => {
        window.postMessage({ type: 'update', version: 5, html: a }, '*');
        window.postMessage({ type: 'update', version: 3, html: b }, '*');
        window.postMessage({ type: 'update', version: 6, html: c }, '*');
      }, [retitled('Fifth version'), retitled('STALE version'), retitled('Sixth version')]);
      await page.waitForFunction(() => document.querySelector('#qipp-plan h1')?.textContent === 'Sixth version');
      const seen = await page.evaluate(() => window.__titles);
      assert.ok(seen.includes('Fifth version'));
      assert.ok(!seen.includes('STALE version'), 'the stale version was shown');
      assert.equal(await page.locator('svg.gantt g.row').count(), analysis.plan.initiatives.length);
    });

    it('scrolls to the line the editor shows, and tells the editor where it scrolled', async () => {
      const risks = page.locator('section.risks');
      const line = Number(await risks.getAttribute('data-line'));
      await page.evaluate((l) => window.postMessage({ type: 'scrollTo', line: l }, '*'), line);
      await page.waitForFunction(() => {
        const r = document.querySelector('section.risks').getBoundingClientRect();
        // At the top of the view, or as near as the page allows when the section is close to its end.
        const atEnd = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;
        return (r.top > -40 && r.top < 40) || (atEnd && r.top >= 0 && window.scrollY > 0);
      });
      // Let the frame that dispatches the programmatic scroll's event pass: a reader's scroll in that
      // same frame would be coalesced into the event the script holds back.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const before = (await posted('didScroll')).length;
      await page.evaluate(() => document.querySelector('section.timeline').scrollIntoView());
      await page.waitForFunction((n) => window.__posted.filter((m) => m.type === 'didScroll').length > n, before);
      const last = (await posted('didScroll')).at(-1);
      const timelineLine = Number(await page.locator('section.timeline').getAttribute('data-line'));
      assert.ok(Number.isInteger(last.line) && last.line >= 0, JSON.stringify(last));
      assert.notEqual(last.line, line, 'the scroll was reported from the old position');
      assert.ok(timelineLine >= 0);
    });

    it('keeps its plan and scroll position in its state, from which VS Code restores it after a reload', async () => {
      const uri = 'file:///plans/northshire.plan.yaml';
      await page.evaluate((u) => window.postMessage({ type: 'document', uri: u }, '*'), uri);
      await page.waitForFunction((u) => window.__state?.uri === u, uri);
      await page.evaluate(() => {
        window.__state = { ...window.__state, line: undefined };
        document.querySelector('section.risks').scrollIntoView();
      });
      await page.waitForFunction(() => Number.isInteger(window.__state?.line));
      assert.equal((await page.evaluate(() => window.__state)).uri, uri, 'scrolling keeps the plan in the state');
    });

    it('reads in a dark theme: a screenshot with VS Code dark theme colours', async () => {
      await page.evaluate(() => {
        document.body.classList.add('vscode-dark');
        const vars = {
          '--vscode-editor-background': '#1e1e1e',
          '--vscode-editor-foreground': '#d4d4d4',
          '--vscode-descriptionForeground': '#a0a0a0',
          '--vscode-textLink-foreground': '#3794ff',
          '--vscode-panel-border': '#444444',
          '--vscode-editorError-foreground': '#f14c4c',
          '--vscode-editorWarning-foreground': '#cca700',
          '--vscode-editorInfo-foreground': '#3794ff',
          '--vscode-charts-red': '#f14c4c',
          '--vscode-charts-blue': '#3794ff',
          '--vscode-charts-yellow': '#cca700',
          '--vscode-charts-orange': '#d18616',
          '--vscode-charts-green': '#89d185',
          '--vscode-charts-purple': '#b180d7',
          '--vscode-charts-lines': 'rgba(128,128,128,0.5)',
          '--vscode-font-family': 'system-ui, sans-serif',
          '--vscode-font-size': '13px',
        };
        for (const [k, v] of Object.entries(vars)) document.body.style.setProperty(k, v);
        window.scrollTo(0, 0);
      });
      const colours = await page.evaluate(() => {
        const cs = getComputedStyle(document.body);
        return { bg: cs.backgroundColor, fg: cs.color };
      });
      assert.deepEqual(colours, { bg: 'rgb(30, 30, 30)', fg: 'rgb(212, 212, 212)' });
      await page.locator('section.timeline').screenshot({ path: join(ensureOutput(), 'webview-dark-timeline.png') });
      assert.deepEqual(errors, []);
    });
  });

  it('requested nothing from the network in any test', () => {
    if (!context) return;
    assert.deepEqual(blocked, []);
  });
});
