// Hand-built inputs for buildComparison, for tests of how a comparison reads targets' reports
// without running any: one target's report from its case results, and the comparison's input.

import { parseSplitModes } from '../../src/case/plan.ts';
import type { Case } from '../../src/case/types.ts';
import type { ComparisonInput } from '../../src/compare/comparison.ts';
import type { TargetOutcome } from '../../src/compare/run-targets.ts';
import type { CaseResult, Report } from '../../src/result/types.ts';
import { summarize } from '../../src/run/summary.ts';

/** A report of `cases` against `address`, with `extra` fields (interrupted, health...). */
export function reportOf(address: string, cases: CaseResult[], extra: Partial<Report> = {}): Report {
  return {
    tool: { name: 'http11-conformance', version: '0' },
    target: { kind: 'address', address },
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1000,
    options: {},
    capabilities: {},
    summary: summarize(cases),
    cases,
    ...extra,
  };
}

/** What compare gives buildComparison for `cases` run against `outcomes`, as-written. */
export function comparisonInput(cases: Case[], outcomes: TargetOutcome[]): ComparisonInput {
  return {
    tool: { name: 'http11-conformance', version: '0' },
    startedAt: new Date('2026-01-01T00:00:00Z'),
    durationMs: 1,
    options: {},
    cases,
    modes: parseSplitModes('as-written'),
    outcomes,
    reportPath: (n: string) => `targets/${n}/report.json`,
  };
}
