// The UPDATE mode of snapshot (golden) tests, in one place: `UPDATE=1 npm test`
// rewrites the snapshots instead of comparing with them, for a person to review
// the diff. Such a run cannot fail, so it is refused when CI is set: CI must
// compare. Every test with an UPDATE mode asks here (test/unit/snapshot-update.test.mjs checks).

/** Whether snapshots are to be rewritten; throws when UPDATE is asked for and CI is set. */
export function updateMode(env = process.env) {
  const update = env.UPDATE === '1' || env.UPDATE === 'true';
  if (update && env.CI) {
    throw new Error(
      `UPDATE=${env.UPDATE} is refused when CI is set: it rewrites the snapshots instead of comparing with them, so the snapshot tests could not fail. ` +
        'Run `UPDATE=1 npm test` locally (without CI), review the diff, and commit the snapshots.',
    );
  }
  return update;
}
