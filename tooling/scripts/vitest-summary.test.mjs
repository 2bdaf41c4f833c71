// The CI harness trusts this line, so it must count failures that are not failing tests as well.
import { describe, expect, it } from 'vitest';
import { countTests, summaryLine } from './vitest-summary.mjs';

const file = (status, ...tests) => ({ status, assertionResults: tests.map((status) => ({ status })) });

describe('vitest summary line', () => {
  it('counts passed, failed, and skipped (pending and todo) tests', () => {
    const report = {
      numPassedTests: 7,
      numFailedTests: 2,
      numPendingTests: 1,
      numTodoTests: 1,
      testResults: [file('passed', 'passed'), file('failed', 'failed', 'failed')],
    };
    expect(summaryLine(countTests(report))).toBe('tests: 7 passed, 2 failed, 2 skipped');
  });

  it('counts a file that failed without a failing test (it did not load) as a failure', () => {
    const report = {
      numPassedTests: 3,
      numFailedTests: 0,
      testResults: [file('passed', 'passed'), file('failed')],
    };
    expect(countTests(report)).toEqual({ passed: 3, failed: 1, skipped: 0 });
  });
});
