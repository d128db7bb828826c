/**
 * `describe` for a suite that needs a tool or service a machine may lack (`missing` names it, or is
 * undefined when it is there). Without it the suite is skipped on a contributor's machine, but
 * fails in CI (`CI=true`, set by .ci/run and GitHub Actions), which provides everything: a CI run
 * that skipped would report green without having checked anything.
 */
export function describeRequiring(missing: string | undefined): (name: string, suite: () => void) => void {
  if (missing === undefined) return describe;
  if (process.env['CI'] === 'true') {
    return (name) =>
      describe(name, () => {
        it(`has ${missing}`, () => {
          throw new Error(`${missing} is not available, and CI must run this suite`);
        });
      });
  }
  return (name, suite) => {
    process.stderr.write(`"${name}" skipped: ${missing} is not available (CI=true makes this a failure)\n`);
    describe.skip(name, suite);
  };
}
