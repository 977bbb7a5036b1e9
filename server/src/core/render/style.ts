/**
 * The preview's stylesheet. Every colour is a CSS variable with a light
 * default here; the editor's webview maps them to VS Code's theme variables
 * (client/media/preview.css), so the same HTML follows light, dark and
 * high-contrast themes. Print rules lay the plan out on A4 for a board paper.
 */
export const PREVIEW_CSS = `
:root {
  color-scheme: light;
  --qp-font: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  --qp-mono: ui-monospace, "SF Mono", Consolas, "Liberation Mono", monospace;
  --qp-font-size: 14px;
  --qp-fg: #1d2125;
  --qp-muted: #4c6272;
  --qp-bg: #ffffff;
  --qp-surface: #f0f4f5;
  --qp-border: #c5ced6;
  --qp-strong-border: #768692;
  --qp-accent: #005eb8;
  --qp-link: #005eb8;
  --qp-focus: #ffb81c;
  --qp-error: #b3261e;
  --qp-warning: #8a5300;
  --qp-info: #005eb8;
  --qp-red: #d5281b;
  --qp-amber: #ed8b00;
  --qp-green: #007f3b;
  --qp-st-not-started: #768692;
  --qp-st-on-track: #005eb8;
  --qp-st-at-risk: #ed8b00;
  --qp-st-late: #d5281b;
  --qp-st-done: #007f3b;
  --qp-pillar-quality: #005eb8;
  --qp-pillar-innovation: #7c2855;
  --qp-pillar-productivity: #00a499;
  --qp-pillar-prevention: #ffb81c;
  --qp-pillar-none: #aeb7bd;
  --qp-side-commissioner: #005eb8;
  --qp-side-provider: #00a499;
  --qp-side-joint: #7c2855;
  --qp-grid: #d8dde0;
  --qp-row-alt: #f4f6f7;
  --qp-period: #e8f1fa;
  --qp-as-of: #330072;
  --qp-national: #d5281b;
  --qp-link-line: #768692;
  --qp-risk-low: #d3eadb;
  --qp-risk-moderate: #fff3c4;
  --qp-risk-high: #ffd9a8;
  --qp-risk-extreme: #f6c9c5;
  --qp-on-colour: #ffffff;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--qp-bg); color: var(--qp-fg); font-family: var(--qp-font); font-size: var(--qp-font-size); line-height: 1.45; }
.plan { max-width: 1100px; margin: 0 auto; padding: 16px 24px 48px; overflow-wrap: anywhere; }
h1 { font-size: 1.7em; line-height: 1.2; margin: 0.1em 0 0.4em; }
h2 { font-size: 1.3em; margin: 1.6em 0 0.5em; padding-bottom: 0.2em; border-bottom: 2px solid var(--qp-accent); }
h3 { font-size: 1.08em; margin: 1.1em 0 0.4em; }
h4 { font-size: 1em; margin: 0; }
p { margin: 0.4em 0; }
a { color: var(--qp-link); }
code { font-family: var(--qp-mono); font-size: 0.92em; }
.muted, .note, .empty { color: var(--qp-muted); }
.kind-label { text-transform: uppercase; letter-spacing: 0.06em; font-size: 0.8em; font-weight: 600; color: var(--qp-accent); margin: 0; }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(210px, 1fr)); gap: 6px 18px; margin: 0.6em 0; }
.facts > div { min-width: 0; }
.facts dt { font-size: 0.8em; color: var(--qp-muted); }
.facts dd { margin: 0; font-weight: 600; }
.counts { display: inline-flex; flex-wrap: wrap; gap: 10px; align-items: center; margin: 0.4em 0 0; padding: 4px 10px; border: 1px solid var(--qp-border); border-radius: 4px; background: var(--qp-surface); color: var(--qp-fg); font: inherit; }
button.counts { cursor: pointer; }
.count { font-weight: 600; }
.count.errors { color: var(--qp-error); }
.count.warnings { color: var(--qp-warning); }
.count.infos { color: var(--qp-info); }
.count.clean { color: var(--qp-green); }
.findings { list-style: none; margin: 6px 0 0; padding: 0; }
.finding { margin: 3px 0; padding: 3px 8px; border-left: 4px solid var(--qp-info); background: var(--qp-surface); font-size: 0.92em; }
.finding.sev-error { border-left-color: var(--qp-error); }
.finding.sev-warning { border-left-color: var(--qp-warning); }
.finding .sev { font-weight: 700; margin-right: 4px; }
.finding.sev-error .sev { color: var(--qp-error); }
.finding.sev-warning .sev { color: var(--qp-warning); }
.finding.sev-info .sev { color: var(--qp-info); }
.finding .rule, .finding .at { color: var(--qp-muted); font-size: 0.9em; margin-left: 6px; white-space: nowrap; }
.problem { border: 2px solid var(--qp-error); border-radius: 6px; padding: 12px 16px; margin: 1em 0; background: var(--qp-surface); }
.problem h2 { border: 0; margin-top: 0; color: var(--qp-error); }
.sides { display: block; }
.side-group { margin-bottom: 8px; }
.side-group > h3 { margin-top: 0.4em; padding-left: 8px; border-left: 6px solid var(--qp-strong-border); }
.side-group.side-commissioner > h3 { border-left-color: var(--qp-side-commissioner); }
.side-group.side-provider > h3 { border-left-color: var(--qp-side-provider); }
.side-group.side-joint > h3 { border-left-color: var(--qp-side-joint); }
.section-label { font-size: 0.85em; color: var(--qp-muted); margin: 0.8em 0 0.3em; font-weight: 600; }
.card { border: 1px solid var(--qp-border); border-radius: 6px; padding: 10px 12px; margin: 0 0 12px; background: var(--qp-bg); }
.card > header { display: flex; gap: 8px; align-items: baseline; justify-content: space-between; }
.card .id { font-family: var(--qp-mono); color: var(--qp-muted); margin-right: 4px; font-weight: 400; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0; font-size: 0.92em; }
.meta dt { color: var(--qp-muted); }
.meta dd { margin: 0; min-width: 0; }
.badge { display: inline-block; padding: 0 7px; border-radius: 10px; border: 1px solid var(--qp-strong-border); font-size: 0.82em; font-weight: 600; white-space: nowrap; }
.rag::before { content: ""; display: inline-block; width: 0.7em; height: 0.7em; border-radius: 50%; margin-right: 5px; background: var(--qp-muted); vertical-align: -0.02em; }
.rag-red { border-color: var(--qp-red); } .rag-red::before { background: var(--qp-red); }
.rag-amber { border-color: var(--qp-amber); } .rag-amber::before { background: var(--qp-amber); }
.rag-green { border-color: var(--qp-green); } .rag-green::before { background: var(--qp-green); }
.chips { display: inline-flex; flex-wrap: wrap; gap: 4px; margin: 0; padding: 0; list-style: none; }
.chip { padding: 0 7px; border-radius: 10px; border: 1px solid var(--qp-border); font-size: 0.85em; }
.chip::before { content: ""; display: inline-block; width: 0.6em; height: 0.6em; margin-right: 4px; border-radius: 2px; background: var(--qp-pillar-none); }
.chip.pillar-quality::before, .swatch.pillar-quality { background: var(--qp-pillar-quality); }
.chip.pillar-innovation::before, .swatch.pillar-innovation { background: var(--qp-pillar-innovation); }
.chip.pillar-productivity::before, .swatch.pillar-productivity { background: var(--qp-pillar-productivity); }
.chip.pillar-prevention::before, .swatch.pillar-prevention { background: var(--qp-pillar-prevention); }
.chip.plain::before { display: none; }
.unknown-ref { text-decoration: underline wavy var(--qp-error); }
table { border-collapse: collapse; width: 100%; margin: 6px 0; font-size: 0.92em; }
th, td { text-align: left; vertical-align: top; padding: 3px 8px; border-bottom: 1px solid var(--qp-border); }
th { font-weight: 600; color: var(--qp-muted); overflow-wrap: normal; }
td > code:only-child, td.num, td .status { white-space: nowrap; overflow-wrap: normal; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.finding-row td { border-bottom: 0; padding-top: 0; }
.status { white-space: nowrap; }
.status::before { content: "◆"; margin-right: 4px; color: var(--qp-st-not-started); }
.status.st-on-track::before { color: var(--qp-st-on-track); }
.status.st-at-risk::before { color: var(--qp-st-at-risk); }
.status.st-late::before { color: var(--qp-st-late); }
.status.st-done::before { color: var(--qp-st-done); }
.flag { color: var(--qp-error); font-weight: 600; margin-left: 4px; }
.chart-scroll { overflow-x: auto; margin: 6px 0; }
svg.gantt { display: block; width: 100%; min-width: 760px; height: auto; font-family: var(--qp-font); font-size: 12px; }
svg.savings-chart { display: block; width: 100%; max-width: 760px; min-width: 480px; height: auto; font-family: var(--qp-font); font-size: 12px; }
svg text { fill: var(--qp-fg); }
svg .axis-label { fill: var(--qp-muted); }
svg .axis-label.outside { font-style: italic; }
svg .grid { stroke: var(--qp-grid); stroke-width: 1; }
svg .axis { stroke: var(--qp-strong-border); stroke-width: 1; }
svg .period { fill: var(--qp-period); }
svg .row-bg { fill: transparent; }
svg .row.alt .row-bg { fill: var(--qp-row-alt); opacity: 0.7; }
svg .side-mark { fill: transparent; }
svg .row.side-commissioner .side-mark { fill: var(--qp-side-commissioner); }
svg .row.side-provider .side-mark { fill: var(--qp-side-provider); }
svg .row.side-joint .side-mark { fill: var(--qp-side-joint); }
svg .row-label { fill: var(--qp-fg); }
svg .row-label.has-error { fill: var(--qp-error); font-weight: 600; }
svg .ms .diamond { fill: var(--qp-st-not-started); stroke: var(--qp-bg); stroke-width: 1.2; }
svg .ms.st-not-started .diamond { fill: var(--qp-bg); stroke: var(--qp-st-not-started); stroke-width: 2; }
svg .ms.st-on-track .diamond { fill: var(--qp-st-on-track); }
svg .ms.st-at-risk .diamond { fill: var(--qp-st-at-risk); }
svg .ms.st-late .diamond { fill: var(--qp-st-late); }
svg .ms.st-done .diamond { fill: var(--qp-st-done); }
svg .ms .tick { fill: none; stroke: var(--qp-on-colour); stroke-width: 1.8; stroke-linecap: round; stroke-linejoin: round; }
svg .ms .ring { fill: none; stroke: var(--qp-red); stroke-width: 2; stroke-dasharray: 3 2; }
svg .ms.has-error .diamond { stroke: var(--qp-error); stroke-width: 2.5; }
svg .links .link { fill: none; stroke: var(--qp-link-line); stroke-width: 1.2; }
svg .links .link.backwards { stroke: var(--qp-error); stroke-dasharray: 4 3; }
svg .arrow { fill: var(--qp-link-line); }
svg .national line { stroke: var(--qp-national); stroke-width: 1.5; stroke-dasharray: 6 3; }
svg .national .badge { fill: var(--qp-bg); stroke: var(--qp-national); }
svg .national text { fill: var(--qp-national); font-size: 10px; font-weight: 700; }
svg .as-of line { stroke: var(--qp-as-of); stroke-width: 2; }
svg .as-of text { fill: var(--qp-as-of); font-weight: 600; }
svg .seg { stroke: var(--qp-bg); stroke-width: 0.8; }
svg .pillar-quality { fill: var(--qp-pillar-quality); }
svg .pillar-innovation { fill: var(--qp-pillar-innovation); }
svg .pillar-productivity { fill: var(--qp-pillar-productivity); }
svg .pillar-prevention { fill: var(--qp-pillar-prevention); }
svg .pillar-none { fill: var(--qp-pillar-none); }
svg .one-off { fill: url(#qp-hatch); stroke: var(--qp-strong-border); }
svg .hatch-bg { fill: var(--qp-bg); }
svg .hatch { stroke: var(--qp-strong-border); stroke-width: 2; }
svg .target { stroke: var(--qp-fg); stroke-width: 2.5; }
svg .gap { fill: none; stroke: var(--qp-error); stroke-width: 1.5; stroke-dasharray: 4 3; }
svg .gap-label { fill: var(--qp-error); font-weight: 600; }
svg .over-label { fill: var(--qp-muted); }
svg.key { width: 1.1em; height: 1.1em; vertical-align: -0.2em; margin-right: 4px; overflow: visible; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; list-style: none; padding: 0; margin: 4px 0 8px; font-size: 0.88em; color: var(--qp-muted); }
.swatch { display: inline-block; width: 0.9em; height: 0.9em; border-radius: 2px; margin-right: 4px; vertical-align: -0.1em; background: var(--qp-pillar-none); }
.swatch.one-off { background: repeating-linear-gradient(45deg, var(--qp-strong-border) 0 2px, var(--qp-bg) 2px 5px); border: 1px solid var(--qp-strong-border); }
.swatch.target { height: 3px; vertical-align: 0.25em; background: var(--qp-fg); }
.national-list { margin: 4px 0; padding-left: 0; list-style: none; font-size: 0.92em; }
.national-list .n { display: inline-block; min-width: 2.4em; font-weight: 700; color: var(--qp-national); }
tr.gap-row td { color: var(--qp-error); font-weight: 600; }
tr.gap-row td.ok { color: var(--qp-green); }
.risk-grid { border-collapse: separate; border-spacing: 3px; width: auto; margin: 8px 0; }
.risk-grid th { text-align: center; font-weight: 600; padding: 2px 6px; border: 0; }
.risk-grid td.blank { border: 0; background: none; width: auto; height: auto; }
.risk-grid th.axis-name { color: var(--qp-fg); }
.risk-grid td { width: 92px; height: 50px; border: 1px solid var(--qp-border); text-align: center; vertical-align: middle; padding: 2px; }
.risk-grid td.band-low { background: var(--qp-risk-low); }
.risk-grid td.band-moderate { background: var(--qp-risk-moderate); }
.risk-grid td.band-high { background: var(--qp-risk-high); }
.risk-grid td.band-extreme { background: var(--qp-risk-extreme); }
.risk-chip { display: inline-block; margin: 1px; padding: 0 5px; border-radius: 3px; border: 1px solid var(--qp-strong-border); background: var(--qp-bg); color: var(--qp-fg); font-family: var(--qp-mono); font-size: 0.85em; }
.score { font-weight: 700; }
.band-label { font-size: 0.85em; }
.kv { margin: 4px 0; }
.kv > div { margin: 4px 0 8px; }
.kv dt { font-weight: 600; }
.kv dd { margin: 0 0 0 0; }
.kv .kv { margin-left: 14px; }
.aims { margin: 4px 0 10px; padding-left: 1.3em; }
.steps { margin: 6px 0; padding-left: 1.6em; }
.steps li { margin: 4px 0; }
.steps .step-name { font-weight: 600; }
.missing { color: var(--qp-error); font-style: italic; }
footer.generated { margin-top: 2.5em; font-size: 0.82em; color: var(--qp-muted); border-top: 1px solid var(--qp-border); padding-top: 6px; }
@media (forced-colors: active) {
  svg .ms .diamond, svg .seg, .risk-chip, .badge, .chip { forced-color-adjust: none; stroke: CanvasText; border-color: CanvasText; }
  .finding { border-left-color: CanvasText; }
}
@page { size: A4; margin: 14mm 12mm 16mm; }
@media print {
  :root { --qp-font-size: 10pt; --qp-bg: #ffffff; --qp-fg: #000000; }
  body { background: #ffffff; color: #000000; }
  .plan { max-width: none; padding: 0; }
  .chart-scroll { overflow: visible; }
  svg.gantt, svg.savings-chart { min-width: 0; max-width: 100%; }
  .sides { display: block; }
  .card, tr, .risk-grid, .chart-scroll, .legend, .finding, .facts > div { break-inside: avoid; }
  h2, h3, h4 { break-after: avoid; }
  section.timeline, section.savings { break-before: page; }
  a[href^="https:"]::after { content: " (" attr(href) ")"; font-size: 0.85em; }
  .counts { border: 0; padding: 0; background: none; }
  th, td { padding: 2px 4px; }
  table { font-size: 0.9em; }
}
`;
