/**
 * renderPlan: an analysed plan -> one complete HTML document, the same for the
 * editor's preview and `qipp preview`. PURE: no fs, no vscode, no timers.
 *
 * Invariants:
 * - every value from the plan is escaped (text and attributes); only `https:`
 *   addresses in plan text become links;
 * - the document needs no script to be read; `webview` mode adds one nonce'd
 *   script and the theme's stylesheet, `export` mode is self-contained;
 * - no style attributes anywhere: colour and layout come from classes, so the
 *   theme mapping and print rules restyle everything;
 * - each item carries `data-line`, its zero-based source line, for
 *   click-to-reveal and scroll sync; each finding is shown once, on the
 *   innermost item that contains its start, or in the plan-wide list;
 * - it never throws for any analysis the engine returns.
 */
import type { Analysis } from '../check';
import { KINDS, PLAN_KINDS_IN_WORDS } from '../kinds';
import type { Initiative, Plan } from '../model';
import { get } from '../syntax';
import { CARDS } from './cards';
import { makeCtx, section, type RenderOptions } from './context';
import { document } from './document';
import { savingsSection } from './finance';
import { counts, findingsList } from './findings';
import { headerSection } from './header';
import { esc, token } from './html';
import { organisationsSection } from './organisations';
import { risksSection } from './risks';
import { aimsSection, engagementSection, kindSections } from './sections';
import { workSection } from './split';
import { timelineSection } from './timeline-section';

export { PREVIEW_CSS } from './style';
export type { RenderOptions } from './context';

/**
 * Renders an analysed plan as a complete HTML document. A file that is not a
 * plan (a syntax error, an unknown kind) gives a page that says so and lists
 * the findings.
 */
export function renderPlan(analysis: Analysis, options: RenderOptions): string {
  const plan = analysis.plan;
  let body: string;
  let title: string;
  try {
    if (plan) {
      title = plan.title ?? options.fileName ?? 'Untitled plan';
      body = renderBody(analysis, plan, options);
    } else {
      title = options.fileName ?? 'Plan';
      body = renderNotAPlan(analysis, options);
    }
  } catch (e) {
    // The engine's analysis should always render; if a corner case does not, say so rather than show nothing.
    title = options.fileName ?? 'Plan';
    body =
      `<main id="qipp-plan" class="plan"><section class="problem" data-line="0"><h2>The preview could not be drawn</h2>` +
      `<p>${esc(`Something in this plan stopped the preview (${(e as Error)?.message ?? String(e)}). The diagnostics are still right; please report this.`)}</p>` +
      findingsList(analysis.findings, true) +
      `</section></main>`;
  }
  return document(title, body, options);
}

// ---------------------------------------------------------------------------
// Files that are not (yet) plans

function renderNotAPlan(a: Analysis, o: RenderOptions): string {
  const syntax = a.findings.some((f) => f.rule === 'yaml-syntax' && f.severity !== 'info') && !a.root;
  const heading = syntax ? 'This file cannot be read as YAML' : 'This file is not a plan yet';
  const explain = syntax
    ? 'The plan cannot be drawn until the YAML reads correctly. Fix the problem below and the preview updates.'
    : `A plan starts with kind: and one of ${PLAN_KINDS_IN_WORDS}. Fix the problem below and the preview updates.`;
  const root = a.root && a.root.type === 'map' ? a.root : undefined;
  const title = root && get(root, 'title');
  const shownTitle = title && title.type === 'scalar' && typeof title.value === 'string' ? title.value : (o.fileName ?? 'Plan');
  return (
    `<main id="qipp-plan" class="plan not-a-plan">` +
    `<header class="plan-header" data-line="0"><h1 data-line="0">${esc(shownTitle)}</h1>${counts(a.findings, o)}</header>` +
    `<section class="problem" data-line="${a.findings[0] ? a.findings[0].range.start.line : 0}"><h2>${esc(heading)}</h2><p>${esc(explain)}</p>` +
    findingsList(a.findings, true) +
    `</section></main>`
  );
}

// ---------------------------------------------------------------------------
// Plans

function renderBody(a: Analysis, plan: Plan, o: RenderOptions): string {
  const c = makeCtx(a, plan);
  // Items are rendered innermost first, so each finding lands on the most specific item.
  const card = CARDS[KINDS[plan.kind].card];
  const cards = new Map<Initiative, string>();
  for (const ini of plan.initiatives) cards.set(ini, card(c, ini));
  const organisations = organisationsSection(c);
  const risks = risksSection(c);
  const savings = savingsSection(c);
  const extra = kindSections(c);
  const engagement = engagementSection(c);
  const aims = aimsSection(c);
  const work = workSection(c, cards);
  const timeline = timelineSection(c);
  const header = headerSection(c, o);
  const rest = c.rest();
  const general = rest.length ? section('general-findings', 'About the whole plan', rest[0].range.start.line, findingsList(rest, true)) : '';
  return (
    `<main id="qipp-plan" class="plan kind-${token(plan.kind)}">` +
    header +
    general +
    aims +
    work +
    timeline +
    savings +
    risks +
    engagement +
    extra +
    organisations +
    `<footer class="generated">Drawn from the plan file by qipp-plans. Lines in the findings are those of the file.</footer>` +
    `</main>`
  );
}
