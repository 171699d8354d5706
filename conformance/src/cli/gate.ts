// Turns a finished run into an exit code: every failure by default; with --fail-under or
// --baseline, only what those gates name.

import { compareWithBaseline, formatBaselineDiff } from '../gate/baseline.ts';
import type { Report } from '../result/types.ts';
import { exitCodeFor } from '../run/summary.ts';
import type { Out } from './io.ts';

export async function gateExitCode(report: Report, gates: { failUnder?: number; baseline?: Report }, out: Out): Promise<0 | 1> {
  if (gates.failUnder === undefined && gates.baseline === undefined) return exitCodeFor(report.summary);
  let code: 0 | 1 = 0;
  if (gates.failUnder !== undefined && report.summary.score < gates.failUnder) {
    out.write(`score ${report.summary.score}% is below --fail-under ${gates.failUnder}\n`);
    code = 1;
  }
  if (gates.baseline !== undefined) {
    const diff = compareWithBaseline(gates.baseline, report.cases);
    out.write(formatBaselineDiff(diff) + '\n');
    if (diff.newlyFailing.length > 0) code = 1;
  }
  return code;
}
