// The one plain line the CI harness reads, computed from vitest's JSON report.
import { existsSync, readFileSync } from 'node:fs';

/**
 * `{ passed, failed, skipped }` from a vitest JSON report. A test file that failed without a failing test
 * (it did not load, or a hook threw) counts as one failure, so an empty-handed failure is never "0 failed".
 */
export function countTests(report) {
  const brokenFiles = (report.testResults ?? []).filter(
    (file) =>
      file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
  ).length;
  return {
    passed: report.numPassedTests ?? 0,
    failed: (report.numFailedTests ?? 0) + brokenFiles,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
}

export function summaryLine({ passed, failed, skipped }) {
  return `tests: ${passed} passed, ${failed} failed, ${skipped} skipped`;
}

/** The counts from the report file, or undefined when vitest wrote none (it crashed before reporting). */
export function readCounts(file) {
  if (!existsSync(file)) return undefined;
  try {
    return countTests(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return undefined;
  }
}
