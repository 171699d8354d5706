import type { CaseResult, Summary } from '../result/types.ts';

export function summarize(results: readonly CaseResult[]): Summary {
  const count = (s: CaseResult['status']): number => results.filter((r) => r.status === s).length;
  const passed = count('pass');
  const warned = count('warn');
  const failed = count('fail');
  const timedOut = count('timeout');
  const graded = passed + warned + failed + timedOut;
  return {
    total: results.length,
    passed,
    warned,
    failed,
    timedOut,
    skipped: count('skip'),
    errored: count('error'),
    score: graded === 0 ? 0 : Math.round((1000 * (passed + warned / 2)) / graded) / 10,
  };
}

/** 0 when nothing failed, timed out or errored; 1 otherwise (2 is for setup errors, elsewhere). */
export function exitCodeFor(summary: Summary): 0 | 1 {
  return summary.failed + summary.timedOut + summary.errored > 0 ? 1 : 0;
}
