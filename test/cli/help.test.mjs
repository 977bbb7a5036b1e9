// Every command's --help names every option the command accepts, and only
// those: the options are read from the parser itself (OPTIONS in args.ts),
// and the help is read from the built CLI, as a user would see it.
import assert from 'node:assert/strict';
import { loadTs, qipp } from './helpers.mjs';

const { OPTIONS, COMMANDS } = await loadTs('server/src/cli/args.ts');

/** The option names a help text mentions: `--name`. */
const flagsIn = (text) => new Set([...text.matchAll(/(?<![\w-])--([a-z][a-z-]*)/g)].map((m) => m[1]));

describe('qipp --help', () => {
  it('names every command, and nothing it says is "not available"', () => {
    const r = qipp(['--help']);
    assert.equal(r.code, 0);
    for (const c of COMMANDS) assert.match(r.stdout, new RegExp(`^  ${c}\\b`, 'm'), `qipp --help does not list ${c}`);
    assert.match(r.stdout, /-v, --version/);
    assert.match(r.stdout, /-h, --help/);
    assert.doesNotMatch(r.stdout, /not available|not yet|coming soon/i);
  });

  for (const command of COMMANDS) {
    it(`qipp ${command} --help names exactly the options qipp ${command} accepts`, () => {
      const r = qipp([command, '--help']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(qipp(['help', command]).stdout, r.stdout, '`qipp help X` and `qipp X --help` agree');
      const accepted = OPTIONS[command];
      for (const [name, spec] of Object.entries(accepted)) {
        const line = r.stdout.split('\n').find((l) => new RegExp(`^  (-[a-z], )?--${name}\\b`).test(l));
        assert.ok(line, `qipp ${command} --help has no line for --${name}`);
        if (spec.short) assert.ok(line.startsWith(`  -${spec.short}, --${name}`), `qipp ${command} --help does not give -${spec.short} for --${name}: ${line}`);
        // A line that says what the option does, not just its name.
        assert.ok(line.replace(/^\s*(-[a-z], )?--\S+( [A-Z.]+)?/, '').trim().length > 5, `--${name} is not explained: ${line}`);
      }
      for (const flag of flagsIn(r.stdout)) assert.ok(flag in accepted, `qipp ${command} --help mentions --${flag}, which qipp ${command} does not accept`);
      assert.doesNotMatch(r.stdout, /not available|not yet|coming soon/i);
    });
  }

  it('covers every command the parser knows', () => {
    assert.deepEqual([...COMMANDS].sort(), ['diff', 'init', 'lsp', 'preview', 'report', 'validate']);
    assert.deepEqual(Object.keys(OPTIONS).sort(), [...COMMANDS].sort());
  });
});
