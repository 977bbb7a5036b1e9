// Skipping a test whose set-up is missing (a Debian package, root, a build),
// in one place: on a developer's machine it is skipped with a message saying
// what to install; in CI (CI set), where everything is installed, it fails,
// because a skipped test cannot fail. test/unit/skips.test.mjs lists every
// other way a test in this repository can be skipped, and why.

/** Skips the test or suite of `ctx` saying `why`; throws instead when CI is set. */
export function skipOutsideCi(ctx, why) {
  if (process.env.CI) throw new Error(`CI must run this test, but ${why}.`);
  console.log(`      (skipped: ${why})`);
  ctx.skip();
}
