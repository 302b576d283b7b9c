// A @web/test-runner reporter that prints one line with the counts over every
// browser and group: "wtr: N passed, N failed, N skipped". scripts/test.mjs reads it.
function count(suite, totals) {
  for (const test of suite?.tests ?? []) {
    if (test.skipped) totals.skipped++;
    else if (test.passed) totals.passed++;
    else totals.failed++;
  }
  for (const child of suite?.suites ?? []) count(child, totals);
}

export function countReporter() {
  return {
    onTestRunFinished({ sessions }) {
      const totals = { passed: 0, failed: 0, skipped: 0 };
      for (const session of sessions) {
        count(session.testResults, totals);
        // a file that failed to load counts as a failure, not as "0 failed"
        if (!session.passed && (session.errors?.length ?? 0) > 0) totals.failed++;
      }
      console.log(`\nwtr: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
    },
  };
}
