// Generates a qipp-reform-plan in the plan format (docs/plan-format.md) with N initiatives
// (about 22 lines each). Usage: node gen-plan.mjs N [seed] > file.plan.yaml
// Optional third argument "schema=URL" adds a yaml-language-server modeline.
const n = Number(process.argv[2] ?? 100);
let seed = Number(process.argv[3] ?? 1);
const modeline = process.argv.find((a) => a.startsWith('schema='));
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const years = ['2010/11', '2011/12', '2012/13', '2013/14'];
const out = [];
if (modeline) out.push(`# yaml-language-server: $schema=${modeline.slice(7)}`);
out.push(
  'kind: qipp-reform-plan',
  'schema_version: 1',
  'title: NHS Northshire QIPP and Reform plan',
  'organisation: sha-north',
  'period: 2010/11-2013/14',
  'as_of: 2010-10-01',
  'status: draft',
  'organisations:',
  '  - {id: sha-north, name: NHS Northshire, type: sha}',
);
const commissioners = [];
const providers = [];
for (let i = 0; i < 12; i++) {
  out.push(`  - {id: pct-${i}, name: Northshire PCT ${i}, type: pct}`);
  out.push(`  - {id: gpc-${i}, name: Northshire GP consortium ${i}, type: gp-consortium}`);
  out.push(`  - {id: trust-${i}, name: Northshire Hospitals ${i} NHS Trust, type: nhs-trust}`);
  commissioners.push(`pct-${i}`, `gpc-${i}`);
  providers.push(`trust-${i}`);
}
const target = {};
const perSection = { commissioning: [], provision: [], enabling: [] };
for (let i = 0; i < n; i++) perSection[pick(Object.keys(perSection))].push(i);
out.push('finance:', '  efficiency_target_gbp_m:');
const savings = years.map(() => 0);
const bodies = {};
for (const [section, ids] of Object.entries(perSection)) {
  const lines = [];
  for (const i of ids) {
    const side = section === 'commissioning' ? 'commissioner' : section === 'provision' ? 'provider' : pick(['commissioner', 'provider', 'joint']);
    const lead = side === 'provider' ? pick(providers) : side === 'commissioner' ? pick(commissioners) : 'sha-north';
    const s = years.map(() => Math.round(rnd() * 40) / 10);
    s.forEach((v, k) => (savings[k] += v));
    lines.push(
      `    - id: I${i}`,
      `      title: Initiative ${i} to redesign a care pathway across organisational boundaries`,
      `      side: ${side}`,
      `      lead: ${lead}`,
      `      clinical_lead: Dr Clinician ${i}`,
      `      pillars: [${pick(['quality', 'innovation'])}, ${pick(['productivity', 'prevention'])}]`,
      `      level: ${pick(['local', 'regional', 'team'])}`,
      `      principles: [subsidiarity, clinical-leadership]`,
      `      transfers_to_public_health: false`,
      `      savings_gbp_m: {${years.map((y, k) => `${y}: ${s[k]}`).join(', ')}}`,
      `      milestones:`,
      `        - id: I${i}.1`,
      `          title: Business case agreed by the board`,
      `          due: 2010-1${1 + Math.floor(rnd() * 2)}-1${Math.floor(rnd() * 9)}`,
      `          owner: ${lead}`,
      `          status: on-track`,
      `        - id: I${i}.2`,
      `          title: New pathway live for all patients`,
      `          due: 2011-0${1 + Math.floor(rnd() * 9)}-2${Math.floor(rnd() * 9)}`,
      `          after: [I${i}.1]`,
      `          status: not-started`,
    );
  }
  bodies[section] = lines;
}
years.forEach((y, k) => out.push(`    ${y}: ${Math.round(savings[k] * 10) / 10}`));
for (const section of Object.keys(perSection)) {
  out.push(`${section}:`, '  aims:', `    - Aim of the ${section} section`, '  initiatives:', ...bodies[section]);
  if (bodies[section].length === 0) out.pop();
}
process.stdout.write(out.join('\n') + '\n');
