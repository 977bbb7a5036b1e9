// How reports name a file (server/src/node/discover.ts displayPath): its quick way for a tidy path
// inside the working folder must name every file exactly as path.relative does.
import assert from 'node:assert/strict';
import { relative } from 'node:path';
import { loadTs } from '../cli/helpers.mjs';

describe('displayPath', () => {
  it('names a file inside the working folder as path.relative does, and one outside by its absolute path', async () => {
    const { displayPath } = await loadTs('server/src/node/discover.ts');
    const cwd = '/nonexistent-qipp/work';
    const inside = ['/nonexistent-qipp/work/a.plan.yaml', '/nonexistent-qipp/work/.cache/x/b.plan.yaml', '/nonexistent-qipp/work/x/../c.plan.yaml', '/nonexistent-qipp/work/./d.plan.yaml', '/nonexistent-qipp/work//e.plan.yaml', '/nonexistent-qipp/work/..f/g.plan.yaml'];
    for (const abs of inside) assert.equal(displayPath(abs, cwd), relative(cwd, abs), abs);
    // Outside, or the folder itself, or a sibling whose name starts the same: not shortened.
    for (const abs of ['/nonexistent-qipp/workshop/a.plan.yaml', '/nonexistent-qipp/other/a.plan.yaml', '/nonexistent-qipp/work/../a.plan.yaml']) assert.equal(displayPath(abs, cwd), abs, abs);
    assert.equal(displayPath('/a/b.plan.yaml', '/'), 'a/b.plan.yaml');
  });
});
