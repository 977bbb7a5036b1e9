// The overview asks the language server for its page at most once at a time:
// asks that come while a request is in flight are folded into one more after
// it (client/src/overview/coalesce.ts, bundled here with esbuild as the
// extension bundles it). Each request is a promise the test settles itself,
// so the order is the test's, not the clock's.
import assert from 'node:assert/strict';
import { build } from 'esbuild';

const ROOT = new URL('../..', import.meta.url).pathname;

async function loadCoalescer() {
  const r = await build({ entryPoints: [`${ROOT}client/src/overview/coalesce.ts`], bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'silent' });
  const module = { exports: {} };
  new Function('module', 'exports', r.outputFiles[0].text)(module, module.exports);
  return module.exports.Coalescer;
}

/** A task whose runs wait until the test settles them, one by one. */
function controlledTask() {
  const runs = [];
  let inFlight = 0;
  let most = 0;
  const task = () => {
    inFlight++;
    most = Math.max(most, inFlight);
    let settle;
    const p = new Promise((resolve, reject) => (settle = { resolve, reject }));
    runs.push(settle);
    return p.finally(() => inFlight--);
  };
  return { task, runs, most: () => most };
}

describe('the overview asks for one page at a time (Coalescer)', function () {
  this.timeout(60_000);
  let Coalescer;
  before(async () => {
    Coalescer = await loadCoalescer();
  });

  it('a burst of asks while one request is in flight gives exactly one more request after it', async () => {
    const t = controlledTask();
    const c = new Coalescer(t.task);
    c.request();
    for (let i = 0; i < 20; i++) c.request();
    assert.equal(t.runs.length, 1, 'only the first request went out');
    t.runs[0].resolve();
    await new Promise((r) => setImmediate(r));
    assert.equal(t.runs.length, 2, 'one more request after the first');
    t.runs[1].resolve();
    await c.idle();
    assert.equal(t.runs.length, 2, 'and no third');
    assert.equal(t.most(), 1, 'never two in flight');
  });

  it('an ask when nothing is in flight goes at once; a failed request does not stop the next', async () => {
    const t = controlledTask();
    const c = new Coalescer(t.task);
    c.request();
    c.request();
    t.runs[0].reject(new Error('the server restarted'));
    await new Promise((r) => setImmediate(r));
    assert.equal(t.runs.length, 2, 'the folded ask still runs after a failure');
    t.runs[1].resolve();
    await c.idle();
    c.request();
    assert.equal(t.runs.length, 3, 'a later ask goes at once');
    t.runs[2].resolve();
    await c.idle();
  });

  it('after stop, nothing more is asked, not even a folded ask', async () => {
    const t = controlledTask();
    const c = new Coalescer(t.task);
    c.request();
    c.request();
    c.stop();
    t.runs[0].resolve();
    await c.idle();
    c.request();
    assert.equal(t.runs.length, 1);
  });
});
