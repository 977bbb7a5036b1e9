// Pictures for the README, from a real run: `qipp preview` of a sample plan,
// drawn by Debian's chromium (headless, no network) and cut into the parts
// the README shows. Run after a build when the preview changes:
//   npm run build && node scripts/readme-images.mjs
// Writes images/preview-*.png; each must stay under 200 kB (a test checks).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.QIPP_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  console.error(`Debian chromium is not installed at ${CHROMIUM} (apt-get install chromium).`);
  process.exit(2);
}
const work = mkdtempSync(join(tmpdir(), 'qipp-images-'));
try {
  const { chromium } = await import('playwright-core');
  const context = await chromium.launchPersistentContext(join(work, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1000, height: 800 },
    deviceScaleFactor: 1,
  });
  const shots = [
    // [sample, what, selector, file]
    ['samples/northshire-reform.plan.yaml', 'timeline of milestones', 'section.timeline', 'preview-timeline.png'],
    ['samples/northshire-reform.plan.yaml', 'savings against the efficiency target', 'section.savings', 'preview-savings.png'],
  ];
  for (const [sample, what, selector, file] of shots) {
    const html = join(work, `${file}.html`);
    const r = spawnSync(process.execPath, [join(root, 'dist/cli.js'), 'preview', join(root, sample), '-o', html], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`qipp preview failed: ${r.stderr}`);
    const page = await context.newPage();
    await page.route(/^(?!file:)/, (route) => route.abort()); // nothing from the network
    await page.goto(pathToFileURL(html).href);
    const boxes = await page.locator(selector).evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((b) => ({ x: b.x, y: b.y + window.scrollY, right: b.right, bottom: b.bottom + window.scrollY })));
    if (boxes.length === 0) throw new Error(`no ${selector} in the preview of ${sample}`);
    const x = Math.max(0, Math.min(...boxes.map((b) => b.x)) - 8);
    const y = Math.max(0, Math.min(...boxes.map((b) => b.y)) - 8);
    const width = Math.max(...boxes.map((b) => b.right)) + 8 - x;
    const height = Math.min(Math.max(...boxes.map((b) => b.bottom)) + 8 - y, 900);
    const out = join(root, 'images', file);
    await page.screenshot({ path: out, clip: { x, y, width, height }, fullPage: true });
    await page.close();
    console.log(`${file}: ${what}, ${Math.round(width)}×${Math.round(height)}, ${(statSync(out).size / 1024).toFixed(0)} kB`);
  }
  await context.close();
} finally {
  rmSync(work, { recursive: true, force: true });
}
