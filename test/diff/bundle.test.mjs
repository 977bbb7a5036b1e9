// The CLI's light bundle stays light: qipp diff's code is in the engine half
// (dist/cli-engine.js, loaded on demand through lazy.ts), not in dist/cli.js,
// which only parses the command line and prints help.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../cli/helpers.mjs';

describe('qipp diff in the bundles', () => {
  const light = readFileSync(join(ROOT, 'dist/cli.js'), 'utf8');
  const engine = readFileSync(join(ROOT, 'dist/cli-engine.js'), 'utf8');
  // Words only the comparison's code has (the page's legend, the CLI's refusal, the git reader's message).
  const words = ['Hollow diamonds are the old due dates', 'Plans of different kinds cannot be compared', 'so there is no earlier version to compare with'];
  for (const w of words) {
    it(`"${w}" is in the engine half only`, () => {
      assert.ok(engine.includes(w), 'in dist/cli-engine.js');
      assert.ok(!light.includes(w), 'not in dist/cli.js');
    });
  }
  it('the light bundle still leaves the engine apart', () => {
    assert.match(light, /cli-engine\.js/);
  });
});
