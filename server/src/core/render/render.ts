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
import { fyName, fyStart } from '../model';
import type { Analysis } from '../check';
import { effectiveSide, organisationOf, yearlyMoney, type Initiative, type Milestone, type Organisation, type Plan, type Section } from '../model';
import { get, pairOf, type PMap, type PNode, type PPair } from '../syntax';
import { gapOf, PILLAR_LABELS, PILLARS, recurrentTotal, renderSavingsChart, renderTimeline, STATUS_LABELS, type ChartContext, type SavingsYear } from './charts';
import { attr, esc, humanise, label, longDate, messageHtml, money, num, planText, plural, token } from './html';
import { PREVIEW_CSS } from './style';
import { FindingsBySpan } from './claims';
import type { Finding, PlanKind, Severity, Span } from '../types';

export { PREVIEW_CSS } from './style';

export interface RenderOptions {
  /**
   * `export`: self-contained, no script (CSP `default-src 'none'; style-src
   * 'unsafe-inline'; img-src data:`). `webview`: for VS Code, with the nonce'd
   * script and the theme stylesheet given below.
   */
  mode: 'export' | 'webview';
  /** Webview: the nonce of this rendering (script and inline style). */
  nonce?: string;
  /** Webview: `webview.cspSource`. */
  cspSource?: string;
  /** Webview: URI of media/preview.js. */
  scriptUri?: string;
  /** Webview: URI of media/preview.css (the theme mapping). */
  styleUri?: string;
  /** The file's name, shown when the plan has no title. */
  fileName?: string;
}

const KIND_NAMES: Record<PlanKind, string> = {
  'qipp-reform-plan': 'QIPP and Reform plan',
  'qipp-plan': 'QIPP plan',
  'provider-plan': 'Provider plan',
  'improvement-plan': 'Improvement plan',
};

const SECTION_LABELS: Record<Section, string> = {
  commissioning: 'Creating the new commissioning landscape',
  provision: 'Creating the new provider landscape',
  enabling: 'Enabling the change',
  actions: 'Actions',
  initiatives: 'Initiatives',
  improvements: 'Improvements',
};

const SIDE_LABELS: Record<string, string> = {
  commissioner: 'Commissioner side',
  provider: 'Provider side',
  joint: 'Joint',
  neutral: 'Led by a neutral organisation',
  unknown: 'Side not known',
};

const STATUS_OF_PLAN: Record<string, string> = { draft: 'Draft', submitted: 'Submitted', agreed: 'Agreed' };
const RAG_LABELS: Record<string, string> = { red: 'Red', amber: 'Amber', green: 'Green' };
const LEVEL_LABELS: Record<string, string> = { team: 'Team', local: 'Local', regional: 'Regional', national: 'National', sha: 'SHA' };
const SCALE_LABELS: Record<string, string> = { once: 'done once', regional: 'once per region', 'every-pct': 'in every PCT' };
const SEVERITY_LABELS: Record<Severity, string> = { error: 'Error', warning: 'Warning', info: 'Information' };

const ORG_TYPES: Record<string, string> = {
  dh: 'Department of Health',
  'nhs-commissioning-board': 'NHS Commissioning Board',
  sha: 'Strategic health authority',
  pct: 'Primary care trust',
  'pct-provider-arm': 'PCT provider arm',
  'gp-consortium': 'GP consortium',
  ccg: 'Clinical commissioning group',
  'nhs-england': 'NHS England',
  'nhs-improvement': 'NHS Improvement',
  'nhs-trust': 'NHS trust',
  'foundation-trust': 'NHS foundation trust',
  'community-provider': 'Community provider',
  'local-authority': 'Local authority',
  'independent-sector': 'Independent sector',
  'voluntary-sector': 'Voluntary sector',
  'public-health': 'Public health',
  regulator: 'Regulator',
};

/** Labels of keys in the sections the renderer shows as they are written. */
const KEY_LABELS: Record<string, string> = {
  board_focus: 'Board focus',
  clinical_leaders: 'Clinical leaders',
  development: 'Leadership development',
  narrative: 'Narrative',
  staff: 'Staff',
  partners: 'Local Authority and other partners',
  public: 'The public',
  cqc_rating: 'CQC rating',
  key_questions: 'CQC key questions',
  priorities: 'Clinical priorities',
  seven_day_services: 'Seven-day services',
  priority_standards_met: 'Priority standards met',
  safety: 'Safety',
  control_total_gbp_m: 'Control total',
  agency_ceiling_pct: 'Agency ceiling',
  efficiency_gbp_m: 'Efficiency',
  estates: 'Estates',
  recurrent_allocation_gbp_m: 'Recurrent allocation',
  stp: 'Sustainability and transformation plan',
  new_care_models: 'New care models',
  reconfigurations: 'Reconfigurations',
  prevention: 'Prevention',
  plan: 'Workforce plan',
  leadership: 'Leadership',
  equality_diversity: 'Equality and diversity',
  sickness_absence_pct: 'Sickness absence',
  paperless_by: 'Paperless by',
  digital_roadmap: 'Local digital roadmap',
  research: 'Research and innovation',
  current: 'Current',
  target: 'Target',
  by: 'By',
  safe: 'Safe',
  effective: 'Effective',
  caring: 'Caring',
  responsive: 'Responsive',
  'well-led': 'Well-led',
};

const VALUE_LABELS: Record<string, string> = {
  inadequate: 'Inadequate',
  'requires-improvement': 'Requires improvement',
  good: 'Good',
  outstanding: 'Outstanding',
  cancer: 'Cancer',
  'mental-health': 'Mental health',
  maternity: 'Maternity',
  dementia: 'Dementia',
  'urgent-emergency-care': 'Urgent and emergency care',
  pacs: 'Primary and acute care systems',
  mcp: 'Multispecialty community providers',
  uec: 'Urgent and emergency care networks',
  acc: 'Acute care collaborations',
  'care-homes': 'Enhanced health in care homes',
  tariffs: 'Tariffs',
  payment: 'Payment',
  pay: 'Pay',
  procurement: 'Procurement',
  choice: 'Choice',
  other: 'Other',
};
/** Keys whose values are enums to show by their labels. */
const ENUM_KEYS = new Set(['current', 'target', 'priorities', 'new_care_models']);

const FIVE_STEPS: [string, string][] = [
  ['recognition_of_need', 'Recognition of the need to improve'],
  ['knowing_and_sharing', 'Knowing what to do and sharing it'],
  ['local_decision', 'Local decision to act'],
  ['change_support', 'Support for the change'],
  ['sustainability', 'Sustaining the improvement'],
];

const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/** The renderer's state for one document: the analysis and the findings not yet shown. */
interface Ctx extends ChartContext {
  a: Analysis;
  plan: Plan;
  /** Takes (once) the findings whose start lies inside the span. */
  claim(span: Span): Finding[];
  /** The findings not shown on any item, in order. */
  rest(): Finding[];
}

function makeCtx(a: Analysis, plan: Plan): Ctx {
  const findings = new FindingsBySpan(a.findings);
  return {
    a,
    plan,
    line: (span) => a.lines.positionAt(span[0]).line,
    claim: (span) => findings.claim(span),
    rest: () => findings.rest(),
    worst(span) {
      let best: Severity | undefined;
      for (const f of findings.within(span)) if (!best || SEVERITY_RANK[f.severity] > SEVERITY_RANK[best]) best = f.severity;
      return best;
    },
    messages: (span) => findings.within(span).map((f) => `${SEVERITY_LABELS[f.severity]}: ${f.message.replace(/`/g, '')}`),
  };
}

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

function document(title: string, body: string, o: RenderOptions): string {
  const webview = o.mode === 'webview' && o.nonce !== undefined && /^[A-Za-z0-9+/=_-]{8,}$/.test(o.nonce);
  const head: string[] = ['<meta charset="utf-8">'];
  if (webview) {
    const src = o.cspSource ? ` ${o.cspSource}` : '';
    head.push(
      // As VS Code's Markdown preview: scripts only by nonce; inline styles allowed, because VS Code
      // injects its own default stylesheet into every webview (a nonce would make browsers ignore
      // 'unsafe-inline' and block it). The renderer itself emits no style attribute.
      `<meta http-equiv="Content-Security-Policy" content="${esc(`default-src 'none'; img-src${src} data:; style-src${src} 'unsafe-inline'; script-src 'nonce-${o.nonce}'; font-src${src};`)}">`,
      '<meta name="viewport" content="width=device-width, initial-scale=1">',
      `<style>${PREVIEW_CSS}</style>`,
    );
    if (o.styleUri) head.push(`<link rel="stylesheet" href="${esc(o.styleUri)}">`);
    if (o.scriptUri) head.push(`<script nonce="${esc(o.nonce)}" src="${esc(o.scriptUri)}" defer></script>`);
  } else {
    head.push(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
      '<meta name="viewport" content="width=device-width, initial-scale=1">',
      '<meta name="generator" content="qipp-plans">',
      `<style>${PREVIEW_CSS}</style>`,
    );
  }
  head.push(`<title>${esc(title)}</title>`);
  return `<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n${head.join('\n')}\n</head>\n<body class="qipp-preview ${webview ? 'webview' : 'export'}">\n${body}\n</body>\n</html>\n`;
}

// ---------------------------------------------------------------------------
// Files that are not (yet) plans

function renderNotAPlan(a: Analysis, o: RenderOptions): string {
  const syntax = a.findings.some((f) => f.rule === 'yaml-syntax' && f.severity !== 'info') && !a.root;
  const heading = syntax ? 'This file cannot be read as YAML' : 'This file is not a plan yet';
  const explain = syntax
    ? 'The plan cannot be drawn until the YAML reads correctly. Fix the problem below and the preview updates.'
    : 'A plan starts with kind: and one of qipp-reform-plan, qipp-plan, provider-plan or improvement-plan. Fix the problem below and the preview updates.';
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
  const root = plan.root;
  // Items are rendered innermost first, so each finding lands on the most specific item.
  const cards = new Map<Initiative, string>();
  for (const ini of plan.initiatives) cards.set(ini, plan.kind === 'improvement-plan' ? improvementCard(c, ini) : initiativeCard(c, ini));
  const organisations = organisationsSection(c);
  const risks = risksSection(c);
  const savings = savingsSection(c);
  const extra = kindSections(c);
  const engagement = engagementSection(c);
  const aims = aimsSection(c);
  const work = workSection(c, cards);
  const timeline = section(
    'timeline',
    'Timeline of milestones',
    c.line(root.span),
    `<p class="note">One row per ${plan.kind === 'improvement-plan' ? 'improvement' : 'initiative'}; diamonds are milestones, coloured by status; arrows show what comes after what.</p>` +
      renderTimeline({ rows: plan.initiatives, period: plan.period, asOf: plan.asOf, timeline: a.timeline }, c),
  );
  const header = headerSection(c, o);
  const rest = c.rest();
  const general = rest.length
    ? section('general-findings', 'About the whole plan', rest[0].range.start.line, findingsList(rest, true))
    : '';
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

function section(cls: string, heading: string, line: number, inner: string): string {
  return `<section class="${cls}" data-line="${line}"><h2>${esc(heading)}</h2>${inner}</section>`;
}

function pairLine(c: Ctx, key: string): number {
  const p = pairOf(c.plan.root, key);
  return c.line(p ? p.span : c.plan.root.span);
}

// --- header

function headerSection(c: Ctx, o: RenderOptions): string {
  const { plan } = c;
  const root = plan.root;
  const fact = (key: string, name: string, value: string | undefined): string => {
    const p = pairOf(root, key);
    if (!p) return '';
    const shown = value ?? (p.value.type === 'scalar' && p.value.value !== null ? esc(String(p.value.value)) : '<span class="missing">not given</span>');
    return `<div data-line="${c.line(p.span)}"><dt>${esc(name)}</dt><dd>${shown}${findingsList(c.claim(p.span))}</dd></div>`;
  };
  const org = plan.organisation ? orgHtml(c, plan.organisation.value) : undefined;
  const period = plan.period ? esc(`${fyName(plan.period.first)} to ${fyName(plan.period.last)}`) : undefined;
  const titlePair = pairOf(root, 'title');
  const titleFindings = titlePair ? findingsList(c.claim(titlePair.span)) : '';
  const facts = [
    fact('organisation', 'Organisation', org),
    fact('period', 'Period (financial years)', period),
    fact('status', 'Status', plan.status ? esc(label(STATUS_OF_PLAN, plan.status)) : undefined),
    fact('as_of', 'Reported as of', plan.asOf ? esc(longDate(plan.asOf)) : undefined),
    fact('version', 'Version', undefined),
    fact('schema_version', 'Format version', undefined),
  ].join('');
  const kindPair = pairOf(root, 'kind');
  return (
    `<header class="plan-header" data-line="${c.line(titlePair ? titlePair.span : root.span)}">` +
    `<p class="kind-label" data-line="${kindPair ? c.line(kindPair.span) : 0}">${esc(KIND_NAMES[plan.kind])}</p>` +
    `<h1 data-line="${c.line(titlePair ? titlePair.span : root.span)}">${esc(plan.title ?? o.fileName ?? 'Untitled plan')}</h1>${titleFindings}` +
    `<dl class="facts">${facts}</dl>` +
    counts(c.a.findings, o) +
    `</header>`
  );
}

function counts(findings: readonly Finding[], o: RenderOptions): string {
  const n = { error: 0, warning: 0, info: 0 };
  for (const f of findings) n[f.severity]++;
  const parts =
    findings.length === 0
      ? `<span class="count clean">No problems found</span>`
      : [
          `<span class="count errors">${esc(plural(n.error, 'error'))}</span>`,
          `<span class="count warnings">${esc(plural(n.warning, 'warning'))}</span>`,
          n.info ? `<span class="count infos">${esc(`${n.info} information`)}</span>` : '',
        ].join('');
  // In the editor the counts open the Problems panel; in an export they are plain text.
  return o.mode === 'webview'
    ? `<button type="button" class="counts" data-command="showProblems" title="Show in the Problems panel">${parts}</button>`
    : `<p class="counts">${parts}</p>`;
}

// --- findings

function findingsList(findings: readonly Finding[], showLine = false): string {
  if (findings.length === 0) return '';
  return (
    `<ul class="findings">` +
    findings
      .map(
        (f) =>
          `<li class="finding sev-${f.severity}" data-line="${f.range.start.line}" data-character="${f.range.start.character}">` +
          `<span class="sev">${esc(SEVERITY_LABELS[f.severity])}</span> <span class="msg">${messageHtml(f.message)}</span>` +
          `<span class="rule">${esc(f.rule)}</span>` +
          (showLine ? `<span class="at">${esc(`line ${f.range.start.line + 1}`)}</span>` : '') +
          `</li>`,
      )
      .join('') +
    `</ul>`
  );
}

// --- organisations and references

function orgHtml(c: Ctx, id: string): string {
  const org = organisationOf(c.plan, id);
  if (!org) return `<span class="unknown-ref" title="No organisation in the plan has this id">${esc(id)}</span>`;
  return org.name ? `${esc(org.name)} <span class="muted">(${esc(id)})</span>` : esc(id);
}

function organisationsSection(c: Ctx): string {
  const orgs = c.plan.organisations;
  const p = pairOf(c.plan.root, 'organisations');
  if (!p) return '';
  const rows = orgs.map((o: Organisation) => {
    const cells =
      `<td><code>${esc(o.id?.value ?? '')}</code></td><td>${esc(o.name ?? '')}</td><td>${esc(label(ORG_TYPES, o.type))}</td>` +
      `<td>${esc(humanise(o.side))}</td><td>${o.ceases ? esc(longDate(o.ceases)) : ''}</td>`;
    return `<tr data-line="${c.line(o.node.span)}">${cells}</tr>${findingRow(c, c.claim(o.node.span), 5)}`;
  });
  const inner =
    `<table class="organisations"><thead><tr><th>Id</th><th>Name</th><th>Type</th><th>Side</th><th>Ceases</th></tr></thead><tbody>${rows.join('')}</tbody></table>` +
    findingsList(c.claim(p.span));
  return section('organisations', 'Organisations', c.line(p.span), inner);
}

function findingRow(c: Ctx, findings: Finding[], cols: number): string {
  return findings.length ? `<tr class="finding-row"><td colspan="${cols}">${findingsList(findings)}</td></tr>` : '';
}

// --- initiatives and improvements

function sideOf(c: Ctx, ini: Initiative): string {
  return effectiveSide(c.plan, ini) ?? 'unknown';
}

function milestonesTable(c: Ctx, ini: Initiative): string {
  if (ini.milestones.length === 0) return '<p class="missing">No milestones yet.</p>';
  const asOf = c.plan.asOf;
  // The column of national milestones only where one is delivered.
  const showDelivers = ini.milestones.some((m) => get(m.node, 'delivers') !== undefined);
  const rows = ini.milestones.map((m: Milestone) => {
    const overdue = asOf !== undefined && m.due !== undefined && m.due.value < asOf && m.status !== 'done';
    const status = m.status ? `<span class="status st-${token(m.status)}">${esc(label(STATUS_LABELS, m.status))}</span>` : '<span class="muted">No status</span>';
    const owner = m.owner ? orgHtml(c, m.owner.value) : '<span class="muted">the lead</span>';
    const after = m.after.length ? `<br><span class="muted">after ${esc(m.after.map((x) => x.value).join(', '))}</span>` : '';
    const delivers = showDelivers ? `<td>${m.delivers ? esc(nationalTitle(c, m.delivers.value)) : ''}</td>` : '';
    const done = m.doneOn ? `<br><span class="muted">${esc(`done ${longDate(m.doneOn.value)}`)}</span>` : '';
    const due = m.due ? esc(longDate(m.due.value)) : esc(rawString(get(m.node, 'due')) ?? '');
    return (
      `<tr data-line="${c.line(m.node.span)}"${attr('data-id', m.id?.value)}>` +
      `<td><code>${esc(m.id?.value ?? '')}</code></td><td>${planText(m.title ?? '')}${after}</td>` +
      `<td class="num">${due}${overdue ? '<span class="flag">overdue</span>' : ''}</td><td>${status}${done}</td><td>${owner}</td>${delivers}</tr>` +
      findingRow(c, c.claim(m.node.span), showDelivers ? 6 : 5)
    );
  });
  return `<table class="milestones"><thead><tr><th>Id</th><th>Milestone</th><th class="num">Due</th><th>Status</th><th>Owner</th>${showDelivers ? '<th>Delivers</th>' : ''}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function nationalTitle(c: Ctx, id: string): string {
  const n = c.a.timeline.find((t) => t.id === id);
  return n ? `${n.title} (${longDate(n.deadline)})` : id;
}

function rawString(n: PNode | undefined): string | undefined {
  return n && n.type === 'scalar' && n.value !== null ? String(n.value) : undefined;
}

function savingsSummary(ini: Initiative): string | undefined {
  if (!ini.savings || ini.savings.years.length === 0) return undefined;
  const total = ini.savings.years.reduce((s, y) => s + y.value, 0);
  const years = ini.savings.years.map((y) => `${y.year}: ${money(y.value)}`).join(', ');
  return `${money(total)} in all (${years})${ini.recurrent ? '' : ', one-off'}`;
}

function initiativeCard(c: Ctx, ini: Initiative): string {
  const milestones = milestonesTable(c, ini);
  const meta: [string, string][] = [];
  meta.push(['Lead', ini.lead ? orgHtml(c, ini.lead.value) : '<span class="missing">none</span>']);
  if (ini.clinicalLead) meta.push(['Clinical lead', planText(ini.clinicalLead)]);
  if (ini.side) meta.push(['Side', esc(humanise(ini.side.value))]);
  meta.push([
    'QIPP pillars',
    ini.pillars && ini.pillars.value.length
      ? `<ul class="chips">${ini.pillars.value.map((p) => `<li class="chip pillar-${token(p)}">${esc(label(PILLAR_LABELS, p))}</li>`).join('')}</ul>`
      : '<span class="missing">none</span>',
  ]);
  const level = ini.level ? label(LEVEL_LABELS, ini.level.value) : undefined;
  const scale = rawString(get(ini.node, 'scale'));
  if (level) meta.push(['Level', esc(level + (scale ? ` (${label(SCALE_LABELS, scale)})` : ''))]);
  const principles = get(ini.node, 'principles');
  if (principles && principles.type === 'seq' && principles.items.length) {
    meta.push(['Principles', esc(principles.items.map((p) => humanise(rawString(p) ?? '')).join(', '))]);
  }
  const savings = savingsSummary(ini);
  if (savings) meta.push(['Savings', esc(savings)]);
  const qia = get(ini.node, 'quality_impact');
  if (qia && qia.type === 'map') {
    const on = rawString(get(qia, 'assessed_on'));
    const summary = rawString(get(qia, 'summary'));
    meta.push(['Quality impact', `${summary ? planText(summary) : ''}${on ? ` <span class="muted">${esc(`(assessed ${longDate(on)})`)}</span>` : ''}`]);
  }
  if (ini.rationale) meta.push(['Rationale', planText(ini.rationale)]);
  if (ini.transfersToPublicHealth !== undefined) meta.push(['Moves to public health', ini.transfersToPublicHealth ? 'Yes' : 'No']);
  if (ini.dependsOn.length) meta.push(['Depends on', esc(ini.dependsOn.map((d) => d.value).join(', '))]);
  const rag = ini.rag ? `<span class="badge rag rag-${token(ini.rag)}" title="Delivery confidence">${esc(label(RAG_LABELS, ini.rag))}</span>` : '';
  const sideClass = ` side-${token(sideOf(c, ini))}`;
  return (
    `<article class="card initiative${sideClass}" data-line="${c.line(ini.node.span)}"${attr('data-id', ini.id?.value)}>` +
    `<header><h4><span class="id">${esc(ini.id?.value ?? '')}</span>${esc(ini.title ?? 'Untitled initiative')}</h4>${rag}</header>` +
    `<dl class="meta">${meta.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>` +
    milestones +
    findingsList(c.claim(ini.node.span)) +
    `</article>`
  );
}

function improvementCard(c: Ctx, imp: Initiative): string {
  const milestones = milestonesTable(c, imp);
  const steps = FIVE_STEPS.map(([key, name]) => {
    const p = pairOf(imp.node, key);
    const text = p ? rawString(p.value) : undefined;
    return `<li${attr('data-line', p ? c.line(p.span) : undefined)}><span class="step-name">${esc(name)}:</span> ${text ? planText(text) : '<span class="missing">missing</span>'}${p ? findingsList(c.claim(p.span)) : ''}</li>`;
  }).join('');
  const meta: [string, string][] = [['Lead', imp.lead ? orgHtml(c, imp.lead.value) : '<span class="missing">none</span>']];
  if (imp.level) meta.push(['Level', esc(label(LEVEL_LABELS, imp.level.value))]);
  const leadership = rawString(get(imp.node, 'leadership'));
  if (leadership) meta.push(['Leadership', planText(leadership)]);
  const measures = get(imp.node, 'measures');
  if (measures && measures.type === 'seq' && measures.items.length) {
    meta.push(['Measures', `<ul class="chips">${measures.items.map((m) => `<li class="chip plain">${planText(rawString(m) ?? '')}</li>`).join('')}</ul>`]);
  }
  return (
    `<article class="card improvement" data-line="${c.line(imp.node.span)}"${attr('data-id', imp.id?.value)}>` +
    `<header><h4><span class="id">${esc(imp.id?.value ?? '')}</span>${esc(imp.title ?? 'Untitled improvement')}</h4></header>` +
    `<dl class="meta">${meta.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>` +
    `<ol class="steps">${steps}</ol>` +
    milestones +
    findingsList(c.claim(imp.node.span)) +
    `</article>`
  );
}

/** The commissioner/provider split: initiatives grouped by side, then by section. */
function workSection(c: Ctx, cards: Map<Initiative, string>): string {
  const { plan } = c;
  if (plan.kind === 'improvement-plan') {
    const p = pairOf(plan.root, 'improvements');
    const inner = plan.initiatives.map((i) => cards.get(i)).join('') || '<p class="empty">No improvements yet.</p>';
    return section('work improvements', 'Improvements', p ? c.line(p.span) : 0, inner + (p ? findingsList(c.claim(p.span)) : ''));
  }
  const order = ['commissioner', 'provider', 'joint', 'neutral', 'unknown'];
  const bySide = new Map<string, Initiative[]>();
  for (const ini of plan.initiatives) {
    const side = sideOf(c, ini);
    bySide.set(side, [...(bySide.get(side) ?? []), ini]);
  }
  const multiSection = plan.kind === 'qipp-reform-plan';
  const noun = plan.kind === 'qipp-plan' ? 'action' : 'initiative';
  const groups = order
    .filter((s) => bySide.has(s))
    .map((side) => {
      const list = bySide.get(side)!;
      const sections = [...new Set(list.map((i) => i.section))];
      const inner = sections
        .map((s) => (multiSection ? `<p class="section-label">${esc(SECTION_LABELS[s])}</p>` : '') + list.filter((i) => i.section === s).map((i) => cards.get(i)).join(''))
        .join('');
      return `<section class="side-group side-${side}" data-line="${c.line(list[0].node.span)}"><h3>${esc(`${SIDE_LABELS[side]} (${plural(list.length, noun)})`)}</h3>${inner}</section>`;
    });
  const holder = plan.kind === 'qipp-plan' ? 'actions' : plan.kind === 'provider-plan' ? 'initiatives' : undefined;
  const hp = holder ? pairOf(plan.root, holder) : undefined;
  const heading = plan.kind === 'qipp-plan' ? 'Actions by side' : 'The commissioner/provider split';
  const inner =
    (groups.length ? `<div class="sides">${groups.join('')}</div>` : `<p class="empty">No ${noun}s yet.</p>`) + (hp ? findingsList(c.claim(hp.span)) : '');
  return section('work split', heading, plan.initiatives[0] ? c.line(plan.initiatives[0].node.span) : 0, inner);
}

/** Aims of each section of a QIPP and Reform plan (the other kinds have none). */
function aimsSection(c: Ctx): string {
  if (c.plan.kind !== 'qipp-reform-plan') return '';
  const parts: string[] = [];
  for (const s of ['commissioning', 'provision', 'enabling'] as const) {
    const p = pairOf(c.plan.root, s);
    if (!p) continue;
    const aims = get(p.value, 'aims');
    const items = aims && aims.type === 'seq' ? aims.items : [];
    const list = items.length
      ? `<ul class="aims">${items.map((it) => `<li data-line="${c.line(it.span)}">${planText(rawString(it) ?? '')}</li>`).join('')}</ul>`
      : '<p class="missing">No aims yet.</p>';
    parts.push(`<div class="section-aims" data-line="${c.line(p.span)}"><h3>${esc(SECTION_LABELS[s])}</h3>${list}${findingsList(c.claim(p.span))}</div>`);
  }
  if (!parts.length) return '';
  return section('aims', 'Aims by section', pairLine(c, 'commissioning'), parts.join(''));
}

// --- finance

/** The savings of a plan's initiatives by year and pillar, against the kind's target. */
function savingsYears(c: Ctx): { years: SavingsYear[]; targetLabel: string; targetPair?: PPair } {
  const { plan } = c;
  const finance = get(plan.root, 'finance');
  const targetKey = plan.kind === 'qipp-reform-plan' ? 'efficiency_target_gbp_m' : plan.kind === 'provider-plan' ? 'efficiency_gbp_m' : undefined;
  const target = targetKey ? yearlyMoney(finance, targetKey) : undefined;
  const targetLabel = plan.kind === 'provider-plan' ? 'Efficiency requirement' : 'Efficiency target';
  const years = new Map<string, SavingsYear>();
  const yearOf = (name: string, line: number): SavingsYear => {
    let y = years.get(name);
    if (!y) {
      const start = fyStart(name);
      y = { year: name, outsidePeriod: !!plan.period && (start === undefined || start < plan.period.first || start > plan.period.last), byPillar: {}, oneOff: 0, line };
      years.set(name, y);
    }
    return y;
  };
  if (plan.period) for (let fy = plan.period.first; fy <= plan.period.last; fy++) yearOf(fyName(fy), target ? c.line(target.pair.span) : pairLine(c, 'period'));
  if (target) {
    for (const t of target.years) {
      const y = yearOf(t.year, c.line(t.key.span));
      y.target = t.value;
      y.line = c.line(t.key.span);
    }
  }
  for (const ini of plan.initiatives) {
    if (!ini.savings) continue;
    // An initiative's savings are shared equally among its QIPP pillars.
    const valid = [...new Set(ini.pillars?.value.filter((p) => (PILLARS as readonly string[]).includes(p)) ?? [])];
    const pillars = valid.length ? valid : ['none'];
    for (const s of ini.savings.years) {
      const y = yearOf(s.year, c.line(s.key.span));
      if (!ini.recurrent) {
        y.oneOff += s.value;
        continue;
      }
      for (const p of pillars) y.byPillar[p] = (y.byPillar[p] ?? 0) + s.value / pillars.length;
    }
  }
  const sorted = [...years.values()].sort((a, b) => (a.year < b.year ? -1 : a.year > b.year ? 1 : 0));
  return { years: sorted, targetLabel, targetPair: target?.pair };
}

function savingsSection(c: Ctx): string {
  const { plan } = c;
  const { years, targetLabel, targetPair } = savingsYears(c);
  const financePair = pairOf(plan.root, 'finance');
  const hasMoney = years.some((y) => y.target !== undefined || recurrentTotal(y) > 0 || y.oneOff > 0);
  const parts: string[] = [];
  if (hasMoney) {
    const usedPillars = [...PILLARS, 'none'].filter((p) => years.some((y) => (y.byPillar[p] ?? 0) > 0));
    const hasTarget = years.some((y) => y.target !== undefined);
    // A provider's efficiency requirement is compared with its initiatives' savings only when they name any.
    const showGaps = hasTarget && (plan.kind === 'qipp-reform-plan' || years.some((y) => recurrentTotal(y) > 0));
    const hasOneOff = years.some((y) => y.oneOff > 0);
    parts.push(
      `<p class="note">Recurrent savings of the initiatives, by financial year, by QIPP pillar (an initiative with several pillars has its savings shared equally among them)${showGaps ? `, against the ${esc(targetLabel.toLowerCase())}` : hasTarget ? `, with the ${esc(targetLabel.toLowerCase())}` : ''}.${hasOneOff ? ' One-off savings are shown hatched and are not counted against the target.' : ''}</p>`,
      renderSavingsChart(years, targetLabel, showGaps),
      `<ul class="legend">${usedPillars.map((p) => `<li><span class="swatch pillar-${p}"></span>${esc(PILLAR_LABELS[p])}</li>`).join('')}` +
        (hasOneOff ? `<li><span class="swatch one-off"></span>One-off</li>` : '') +
        (hasTarget ? `<li><span class="swatch target"></span>${esc(targetLabel)}</li>` : '') +
        `</ul>`,
    );
    const head = `<tr><th>Financial year</th>${usedPillars.map((p) => `<th class="num">${esc(PILLAR_LABELS[p])}</th>`).join('')}<th class="num">Recurrent savings</th>${hasOneOff ? '<th class="num">One-off</th>' : ''}${hasTarget ? `<th class="num">${esc(targetLabel)}</th>` : ''}${showGaps ? '<th class="num">Gap</th>' : ''}</tr>`;
    const rows = years.map((y) => {
      const gap = showGaps ? gapOf(y) : undefined;
      const targetCell = hasTarget ? `<td class="num">${y.target === undefined ? '—' : esc(money(y.target))}</td>` : '';
      const gapCell = showGaps
        ? `<td class="num${gap === 0 ? ' ok' : ''}">${gap === undefined ? '—' : gap === 0 ? 'none' : gap > 0 ? esc(`${money(gap)} short`) : esc(`${money(-gap)} over`)}</td>`
        : '';
      return (
        `<tr data-line="${y.line}"${gap ? ' class="gap-row"' : ''}><td>${esc(y.year)}${y.outsidePeriod ? ' <span class="muted">(outside the period)</span>' : ''}</td>` +
        usedPillars.map((p) => `<td class="num">${esc(money(y.byPillar[p] ?? 0))}</td>`).join('') +
        `<td class="num">${esc(money(recurrentTotal(y)))}</td>${hasOneOff ? `<td class="num">${esc(money(y.oneOff))}</td>` : ''}${targetCell}${gapCell}</tr>`
      );
    });
    parts.push(`<table class="savings-table"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`);
    if (targetPair) parts.push(findingsList(c.claim(targetPair.span)));
  }
  if (financePair && financePair.value.type === 'map') {
    parts.push(financeDetails(c, financePair.value));
    parts.push(findingsList(c.claim(financePair.span)));
  }
  if (parts.length === 0) return '';
  const heading = plan.kind === 'qipp-reform-plan' || plan.kind === 'provider-plan' ? 'Finance and savings' : 'Savings';
  return section('savings', heading, financePair ? c.line(financePair.span) : years[0]?.line ?? 0, parts.join(''));
}

type Fmt = 'text' | 'org' | 'money' | 'pct' | 'date' | 'enum';

/** The parts of `finance` that are not the chart: lists as tables, other values as they are written. */
function financeDetails(c: Ctx, finance: PMap): string {
  const out: string[] = [];
  const tables: Record<string, { heading: string; cols: [string, string, Fmt][] }> = {
    non_recurrent_2pc: { heading: 'The 2% non-recurring funds', cols: [['organisation', 'Organisation', 'org'], ['year', 'Year', 'text'], ['amount_gbp_m', 'Amount', 'money'], ['purpose', 'Purpose', 'text']] },
    named_support: { heading: 'Financial support for named organisations', cols: [['organisation', 'Organisation', 'org'], ['amount_gbp_m', 'Amount', 'money'], ['reason', 'Reason', 'text']] },
    regional_funds: { heading: 'Regionally lodged funds', cols: [['name', 'Fund', 'text'], ['amount_gbp_m', 'Amount', 'money'], ['deployment', 'Deployment', 'text']] },
  };
  const plain: PPair[] = [];
  for (const p of finance.pairs) {
    const key = String(p.key.value);
    if (key === 'efficiency_target_gbp_m' || key === 'efficiency_gbp_m') continue;
    const t = tables[key];
    if (t && p.value.type === 'seq') out.push(`<h3 data-line="${c.line(p.span)}">${esc(t.heading)}</h3>${tableOf(c, p.value, t.cols)}${findingsList(c.claim(p.span))}`);
    else plain.push(p);
  }
  if (plain.length) out.unshift(`<dl class="kv">${plain.map((p) => kvRow(c, p)).join('')}</dl>`);
  return out.join('');
}

function formatted(c: Ctx, n: PNode | undefined, fmt: Fmt): string {
  if (!n) return '';
  if (n.type !== 'scalar') return valueHtml(c, n, '');
  const v = n.value;
  if (v === null) return '';
  switch (fmt) {
    case 'org':
      return typeof v === 'string' ? orgHtml(c, v) : esc(String(v));
    case 'money':
      return typeof v === 'number' ? esc(money(v)) : esc(String(v));
    case 'pct':
      return typeof v === 'number' ? esc(`${num(v)}%`) : esc(String(v));
    case 'date':
      return esc(longDate(String(v)));
    case 'enum':
      return esc(label(VALUE_LABELS, String(v)));
    default:
      return typeof v === 'string' ? planText(v) : esc(String(v));
  }
}

function tableOf(c: Ctx, seq: PNode, cols: [string, string, Fmt][]): string {
  if (seq.type !== 'seq' || seq.items.length === 0) return '<p class="empty">None.</p>';
  const rows = seq.items.map((item) => {
    const cells = cols.map(([key, , fmt]) => `<td${fmt === 'money' || fmt === 'pct' ? ' class="num"' : ''}>${formatted(c, get(item, key), fmt)}</td>`).join('');
    return `<tr data-line="${c.line(item.span)}">${cells}</tr>${findingRow(c, c.claim(item.span), cols.length)}`;
  });
  return `<table><thead><tr>${cols.map(([, name, fmt]) => `<th${fmt === 'money' || fmt === 'pct' ? ' class="num"' : ''}>${esc(name)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

// --- generic values (engagement, leadership, provider sections)

function keyLabel(key: string): string {
  return label(KEY_LABELS, key);
}

function scalarHtml(key: string, v: string | number | boolean | null): string {
  if (v === null) return '<span class="muted">not given</span>';
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (typeof v === 'number') return esc(key.endsWith('_gbp_m') ? money(v) : key.endsWith('_pct') ? `${num(v)}%` : num(v));
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return esc(longDate(v));
  if (ENUM_KEYS.has(key)) return esc(label(VALUE_LABELS, v));
  return planText(v);
}

/** Any YAML value as HTML: mappings as definition lists, lists as lists; each item with its findings. */
function valueHtml(c: Ctx, n: PNode, key: string): string {
  if (n.type === 'scalar') return scalarHtml(key, n.value);
  if (n.type === 'seq') {
    if (n.items.length === 0) return '<span class="muted">none</span>';
    if (n.items.every((i) => i.type === 'scalar')) {
      return `<ul class="chips">${n.items.map((i) => `<li class="chip plain" data-line="${c.line(i.span)}">${valueHtml(c, i, key)}</li>`).join('')}</ul>`;
    }
    return `<ul>${n.items.map((i) => `<li data-line="${c.line(i.span)}">${valueHtml(c, i, key)}${findingsList(c.claim(i.span))}</li>`).join('')}</ul>`;
  }
  const yearly = n.pairs.length > 0 && n.pairs.every((p) => /^\d{4}\/\d{2}$/.test(String(p.key.value)));
  if (yearly) {
    return esc(n.pairs.map((p) => `${String(p.key.value)}: ${p.value.type === 'scalar' && typeof p.value.value === 'number' ? (key.endsWith('_gbp_m') ? money(p.value.value) : num(p.value.value)) : String(rawString(p.value) ?? '')}`).join(', '));
  }
  return `<dl class="kv">${n.pairs.map((p) => kvRow(c, p)).join('')}</dl>`;
}

function kvRow(c: Ctx, p: PPair): string {
  const key = String(p.key.value);
  return `<div data-line="${c.line(p.span)}"><dt>${esc(keyLabel(key))}</dt><dd>${valueHtml(c, p.value, key)}${findingsList(c.claim(p.span))}</dd></div>`;
}

function engagementSection(c: Ctx): string {
  const p = pairOf(c.plan.root, 'engagement');
  if (!p) return '';
  const inner = p.value.type === 'map' ? valueHtml(c, p.value, 'engagement') : '<p class="missing">No engagement yet.</p>';
  return section('engagement', 'Engagement', c.line(p.span), inner + findingsList(c.claim(p.span)));
}

/** What only some kinds have: leadership and policy asks (QIPP plan), the provider task's sections. */
function kindSections(c: Ctx): string {
  const { plan } = c;
  const out: string[] = [];
  const generic = (key: string, heading: string): void => {
    const p = pairOf(plan.root, key);
    if (!p) return;
    out.push(section(`extra ${token(key)}`, heading, c.line(p.span), valueHtml(c, p.value, key) + findingsList(c.claim(p.span))));
  };
  const table = (key: string, heading: string, cols: [string, string, Fmt][]): void => {
    const p = pairOf(plan.root, key);
    if (!p) return;
    out.push(section(`extra ${token(key)}`, heading, c.line(p.span), tableOf(c, p.value, cols) + findingsList(c.claim(p.span))));
  };
  if (plan.kind === 'qipp-plan') {
    generic('leadership', 'Leadership');
    table('policy_asks', 'Changes asked of the national policy framework', [['topic', 'Topic', 'enum'], ['ask', 'Ask', 'text'], ['level', 'Addressed to', 'enum']]);
  } else if (plan.kind === 'provider-plan') {
    generic('quality', 'Quality');
    table('access', 'Access standards', [['standard', 'Standard', 'text'], ['current_pct', 'Now', 'pct'], ['target_pct', 'Target', 'pct'], ['by', 'By', 'date']]);
    generic('transformation', 'Transformation');
    generic('workforce', 'Workforce');
    generic('technology', 'Technology');
  }
  return out.join('');
}

// --- risks

function band(score: number): 'low' | 'moderate' | 'high' | 'extreme' {
  return score >= 15 ? 'extreme' : score >= 8 ? 'high' : score >= 4 ? 'moderate' : 'low';
}

function risksSection(c: Ctx): string {
  const p = pairOf(c.plan.root, 'risks');
  if (!p) return '';
  const risks = c.plan.risks;
  const scored = (n: number | undefined): n is number => n !== undefined && Number.isInteger(n) && n >= 1 && n <= 5;
  const cells = new Map<string, string[]>();
  for (const r of risks) {
    if (!scored(r.likelihood) || !scored(r.impact)) continue;
    const k = `${r.likelihood}:${r.impact}`;
    cells.set(k, [...(cells.get(k) ?? []), `<span class="risk-chip" data-line="${c.line(r.node.span)}"${attr('title', r.title)}>${esc(r.id?.value ?? '?')}</span>`]);
  }
  let grid = `<table class="risk-grid"><caption class="muted">Likelihood (up) by impact (across); score = likelihood × impact</caption><tbody>`;
  for (let l = 5; l >= 1; l--) {
    grid += `<tr>${l === 5 ? '<th rowspan="5" class="axis-name">Likelihood</th>' : ''}<th>${l}</th>`;
    for (let i = 1; i <= 5; i++) grid += `<td class="band-${band(l * i)}">${(cells.get(`${l}:${i}`) ?? []).join(' ')}</td>`;
    grid += `</tr>`;
  }
  grid += `<tr><td class="blank" colspan="2"></td>${[1, 2, 3, 4, 5].map((i) => `<th>${i}</th>`).join('')}</tr><tr><td class="blank" colspan="2"></td><th colspan="5" class="axis-name">Impact</th></tr></tbody></table>`;
  const rows = risks.map((r) => {
    const score = scored(r.likelihood) && scored(r.impact) ? r.likelihood * r.impact : undefined;
    const affects = r.affects.length ? esc(r.affects.map((a) => a.value).join(', ')) : '';
    return (
      `<tr data-line="${c.line(r.node.span)}"><td><code>${esc(r.id?.value ?? '')}</code></td><td>${planText(r.title ?? '')}</td>` +
      `<td class="num">${score === undefined ? '<span class="muted">not scored</span>' : `<span class="score">${score}</span> <span class="band-label">${esc(`${band(score)} (${r.likelihood}×${r.impact})`)}</span>`}</td>` +
      `<td>${r.owner ? orgHtml(c, r.owner.value) : ''}</td><td>${r.mitigation ? planText(r.mitigation) : '<span class="missing">none</span>'}</td><td>${affects}</td></tr>` +
      findingRow(c, c.claim(r.node.span), 6)
    );
  });
  const table = risks.length
    ? `<table class="risks"><thead><tr><th>Id</th><th>Risk</th><th class="num">Score</th><th>Owner</th><th>Mitigation</th><th>Affects</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
    : '<p class="empty">No risks recorded.</p>';
  return section('risks', 'Risks', c.line(p.span), grid + table + findingsList(c.claim(p.span)));
}
