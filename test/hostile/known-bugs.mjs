// Bugs these suites found in code owned elsewhere, still open. A test that
// hits one is reported as pending with the bug's summary instead of failing
// the whole run; a deterministic test that passes while its bug is listed
// fails, so that a fixed bug is taken off this list (and guarded from then on).
//
// Remove an entry when its owner fixes it. Each has a minimal reproducer.

export const KNOWN_BUGS = {
};

/**
 * Runs `fn` (a test body). When it fails with a message matching an open
 * known bug, the test is marked pending and the bug is printed; when it
 * passes and `strict` is set, the test fails so that the entry is removed.
 */
const told = new Set();

export async function withKnownBug(ctx, id, fn, { strict = true } = {}) {
  const bug = KNOWN_BUGS[id];
  if (!bug) return fn();
  try {
    await fn();
  } catch (e) {
    // fast-check keeps the property's own failure as the error's cause.
    const message = [e?.cause?.message, e?.message ?? String(e)].filter(Boolean).join('\n');
    if (bug.signature.test(message)) {
      const first = !told.has(id);
      told.add(id);
      console.log(`      KNOWN BUG ${id} (${bug.owner})${first ? `: ${bug.summary}` : ''}\n        failure: ${message.split('\n')[0].slice(0, 240)}`);
      ctx.skip();
    }
    throw e;
  }
  if (strict) throw new Error(`known bug "${id}" no longer shows here: remove it from test/hostile/known-bugs.mjs`);
}
