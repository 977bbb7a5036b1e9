// The preview never runs plan content: hostile text in every place a plan
// can hold text comes out as text, links are made only for https:, and any
// text the engine can analyse renders without throwing.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { core, engine, goldenPlans, ROOT } from './helpers.mjs';
import { hostilePlan, SCRIPT } from './hostile-plan.mjs';

/** Every start tag of a document: [name, attributes]. */
function tags(html) {
  return [...html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=>\/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>/g)].map((m) => [m[1].toLowerCase(), m[2]]);
}

function attributes(attrText) {
  return [...attrText.matchAll(/([^\s=>\/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g)].map((m) => [m[1].toLowerCase(), (m[2] ?? '').replace(/^["']|["']$/g, '')]);
}

function assertInert(html, mode) {
  const all = tags(html);
  const names = new Set(all.map(([n]) => n));
  for (const bad of ['img', 'iframe', 'object', 'embed', 'form', 'input', 'base', 'frame', 'audio', 'video']) assert.ok(!names.has(bad), `a <${bad}> tag came through`);
  const scripts = all.filter(([n]) => n === 'script');
  if (mode === 'export') assert.equal(scripts.length, 0, 'the export has a script');
  for (const [name, attrText] of all) {
    for (const [attr, value] of attributes(attrText)) {
      assert.ok(!attr.startsWith('on'), `<${name} ${attr}=…> is an event handler`);
      assert.notEqual(attr, 'style', `<${name}> has a style attribute (blocked by the webview's CSP, and a way in for CSS)`);
      if (attr === 'href' || attr === 'src' || attr === 'xlink:href') {
        const ok = value.startsWith('https:') || value.startsWith('#') || (mode === 'webview' && value.startsWith('vscode-resource:'));
        assert.ok(ok, `<${name} ${attr}="${value}"> is not an https: link`);
      }
    }
  }
}

describe('preview renderer: hostile plans', () => {
  let html;
  let analysis;
  before(() => {
    analysis = engine().analyze(hostilePlan());
    html = core().renderPlan(analysis, { mode: 'export', fileName: `${SCRIPT}.plan.yaml` });
  });

  it('draws the hostile plan (it is a plan, with findings) rather than refusing it', () => {
    assert.equal(analysis.kind, 'qipp-reform-plan');
    assert.ok(analysis.findings.length > 0);
    assert.match(html, /<svg class="gantt"/);
  });

  it('lets no tag, event handler, style attribute or non-https link through', () => {
    assertInert(html, 'export');
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /javascript:alert\(\d\)"/);
  });

  it('shows hostile text as text, escaped', () => {
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(html.includes('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;'));
    assert.ok(html.includes('&#39;&gt;&lt;svg onload=alert(3)&gt;'));
    assert.ok(html.includes('javascript:alert(8)'), 'the javascript: text is shown as text');
  });

  it('makes a link of https: addresses only, with the address escaped', () => {
    // The address ends where a character that cannot be in one starts (here `<`); `&` is escaped.
    assert.ok(html.includes('<a href="https://example.org/plan?a=1&amp;b=" rel="noopener noreferrer">https://example.org/plan?a=1&amp;b=</a>&lt;b&gt;'), 'the https link is missing or unescaped');
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    assert.ok(hrefs.length >= 1);
    for (const h of hrefs) assert.ok(h.startsWith('https://'), h);
  });

  it('keeps a very long title whole in the text and short in the timeline label', () => {
    assert.ok(html.includes('Q'.repeat(5000)), 'the long title is cut in the text');
    const label = html.match(/<text class="row-label[^"]*"[^>]*>([^<]*)<\/text>/);
    assert.ok(label && label[1].length < 80, `the timeline label is ${label?.[1].length} characters`);
  });

  it('escapes the document title taken from the file name', () => {
    const notPlan = core().renderPlan(engine().analyze('kind: nonsense\n'), { mode: 'export', fileName: `${SCRIPT}.yaml` });
    assert.ok(notPlan.includes('<title>&lt;script&gt;'));
    assertInert(notPlan, 'export');
  });

  it('in webview mode has one script, the nonce\'d media script, under a strict CSP', () => {
    const nonce = 'AbCdEf0123456789abcdEF==';
    const web = core().renderPlan(analysis, {
      mode: 'webview',
      nonce,
      cspSource: 'vscode-resource:',
      scriptUri: 'vscode-resource:/ext/client/media/preview.js',
      styleUri: 'vscode-resource:/ext/client/media/preview.css',
    });
    assertInert(web, 'webview');
    const scripts = tags(web).filter(([n]) => n === 'script');
    assert.equal(scripts.length, 1);
    assert.deepEqual(Object.fromEntries(attributes(scripts[0][1])), { nonce, src: 'vscode-resource:/ext/client/media/preview.js', defer: '' });
    const csp = web.match(/http-equiv="Content-Security-Policy" content="([^"]*)"/)[1].replace(/&#39;/g, "'");
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim()).filter(Boolean).map((d) => [d.split(/\s+/)[0], d.split(/\s+/).slice(1)]));
    assert.deepEqual(directives['default-src'], ["'none'"]);
    assert.deepEqual(directives['script-src'], [`'nonce-${nonce}'`], 'scripts run only by nonce');
    assert.deepEqual(directives['style-src'], ['vscode-resource:', "'unsafe-inline'"], "styles as VS Code's Markdown preview allows them");
    assert.doesNotMatch(csp, /unsafe-eval|https?:|\*/);
  });

  it('refuses a nonce that could break out of its attribute (no script at all then)', () => {
    const web = core().renderPlan(analysis, { mode: 'webview', nonce: '"><script>alert(1)</script>', scriptUri: 'x.js' });
    assert.doesNotMatch(web, /<script/i);
  });

  it('the export CSP is the self-contained one', () => {
    assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`));
  });
});

describe('preview renderer: any text renders', function () {
  this.timeout(120_000);
  const odd = {
    'an empty file': '',
    'a comment only': '# nothing yet\n',
    'a syntax error': 'kind: qipp-plan\ntitle: [unclosed\n',
    'an unknown kind': 'kind: qipp-reforms-plan\ntitle: Typo\n',
    'no kind': 'title: Just a title\n',
    'a list at the top': '- a\n- b\n',
    'a scalar at the top': 'hello\n',
    'wrong types everywhere': 'kind: qipp-reform-plan\nschema_version: one\ntitle: [1, 2]\nperiod: 2010\norganisations: yes\ncommissioning: {aims: 3, initiatives: {a: 1}}\nrisks: [{likelihood: high, impact: -1}]\nfinance: {efficiency_target_gbp_m: [1]}\n',
    'initiatives without dates': 'kind: qipp-plan\nschema_version: 1\ntitle: T\nactions:\n  - {id: A1, title: No dates, milestones: [{id: A1.1, title: x}]}\n',
  };
  for (const [what, text] of Object.entries(odd)) {
    it(`${what}: a page that shows every finding once`, () => {
      const analysis = engine().analyze(text);
      const html = core().renderPlan(analysis, { mode: 'export', fileName: 'odd.plan.yaml' });
      assert.match(html, /^<!DOCTYPE html>/);
      assert.doesNotMatch(html, /could not be drawn/, 'the renderer fell back to its error page');
      assert.equal((html.match(/<li class="finding sev-/g) ?? []).length, analysis.findings.length);
      if (!analysis.plan) assert.match(html, /not (a plan yet|be read as YAML)/);
    });
  }

  it('the timeline has one row per initiative even when no milestone has a date', () => {
    const analysis = engine().analyze(odd['initiatives without dates']);
    const html = core().renderPlan(analysis, { mode: 'export' });
    assert.equal((html.match(/<g class="row[ "]/g) ?? []).length, analysis.plan.initiatives.length);
  });

  it('every prefix and every one-line deletion of the samples renders, each finding once', () => {
    // Deterministic: truncations and deletions of each golden plan, the shapes a plan has while being typed.
    for (const plan of goldenPlans().filter((p) => p.name.startsWith('samples/'))) {
      const lines = readFileSync(plan.path, 'utf8').split('\n');
      const step = Math.max(1, Math.floor(lines.length / 15));
      for (let i = 0; i < lines.length; i += step) {
        for (const text of [lines.slice(0, i).join('\n'), [...lines.slice(0, i), ...lines.slice(i + 1)].join('\n')]) {
          const analysis = engine().analyze(text);
          const html = core().renderPlan(analysis, { mode: 'export' });
          assert.doesNotMatch(html, /could not be drawn/, `${plan.name}, line ${i + 1}`);
          assert.equal((html.match(/<li class="finding sev-/g) ?? []).length, analysis.findings.length, `${plan.name}, line ${i + 1}`);
        }
      }
    }
  });
});

describe('the webview script', () => {
  const script = readFileSync(join(ROOT, 'client/media/preview.js'), 'utf8');
  it('uses no eval, Function, innerHTML, document.write or inline handlers', () => {
    for (const bad of [/\beval\s*\(/, /new\s+Function\b/, /\bFunction\s*\(/, /innerHTML|outerHTML|insertAdjacentHTML/, /document\.write/, /setAttribute\(\s*['"]on/, /\.on[a-z]+\s*=/]) {
      assert.doesNotMatch(script, bad);
    }
  });
});
