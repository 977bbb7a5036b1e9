// What the report tests share: the fixture portfolio read straight from its
// YAML (with the yaml package, not the engine), the CLI, and a tiny zip reader.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { parse } from 'yaml';
import { qipp, ROOT } from '../cli/helpers.mjs';

export { qipp, ROOT };
export const HERE = join(ROOT, 'test/report');
export const PORTFOLIO = join(HERE, 'portfolio');

/** The national deadlines of the plan format (spec section 4), written out here on purpose. */
export const NATIONAL = {
  'regional-leadership': ['2010-09-10', 'before'],
  'staff-interviews': ['2010-09-30', 'before'],
  'regional-split': ['2010-12-31', 'before'],
  'first-consortia': ['2011-03-31', 'before'],
  'bridging-until': ['2011-03-31', 'not-before'],
  'shas-cease': ['2012-04-01', 'before'],
  'all-practices-in-consortia': ['2013-04-01', 'before'],
  'pcts-cease': ['2013-04-01', 'before'],
  'efficiency-savings': ['2014-03-31', 'before'],
  'temporary-staff-pay': ['2016-04-01', 'before'],
  'seven-day-50pc': ['2018-03-31', 'before'],
  'seven-day-services': ['2020-03-31', 'before'],
  paperless: ['2020-03-31', 'before'],
};

/** Each fixture plan: its path as the CLI shows it from test/report, its data, and its `# expect:` lines. */
export function fixturePlans() {
  return readdirSync(PORTFOLIO)
    .filter((n) => n.endsWith('.plan.yaml'))
    .sort()
    .map((n) => {
      const text = readFileSync(join(PORTFOLIO, n), 'utf8');
      const expects = [];
      text.split('\n').forEach((line, i) => {
        const m = line.match(/#\s*expect:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s*$/);
        if (m) for (const rule of m[1].split(',')) expects.push({ rule: rule.trim(), line: i + 1 });
      });
      return { file: `portfolio/${n}`, data: parse(text, { version: '1.2' }), expects };
    });
}

/** The initiatives of a plan, wherever its kind keeps them. */
export function initiativesOf(d) {
  if (d.kind === 'qipp-reform-plan') return ['commissioning', 'provision', 'enabling'].flatMap((s) => d[s]?.initiatives ?? []);
  if (d.kind === 'qipp-plan') return d.actions ?? [];
  if (d.kind === 'provider-plan') return d.initiatives ?? [];
  return d.improvements ?? [];
}

/** The files of a zip, by name, inflated (enough of the format to read back what qipp writes). */
export function unzip(buf) {
  const files = new Map();
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLen);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    files.set(name, (method === 8 ? inflateRawSync(data) : data).toString('utf8'));
    at += 46 + nameLen + extra + comment;
  }
  return files;
}
