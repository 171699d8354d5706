// `--baseline FILE`: compare this run with a saved report.json so CI fails on regressions only.

import type { CaseResult, Report, Status } from '../result/types.ts';

export type BaselineDiff = {
  /** Passed or warned in the baseline; failed, timed out or errored now. */
  newlyFailing: CaseResult[];
  /** Failed, timed out or errored in the baseline; passes or warns now. */
  newlyPassing: CaseResult[];
  /** In this run, not in the baseline (new cases, or a different selection). */
  added: CaseResult[];
};

const GOOD: ReadonlySet<Status> = new Set(['pass', 'warn']);
const BAD: ReadonlySet<Status> = new Set(['fail', 'timeout', 'error']);

const key = (r: Pick<CaseResult, 'id' | 'mode'>): string => `${r.id}\u0000${r.mode}`;

export function compareWithBaseline(baseline: Report, current: readonly CaseResult[]): BaselineDiff {
  const before = new Map(baseline.cases.map((r) => [key(r), r.status]));
  const diff: BaselineDiff = { newlyFailing: [], newlyPassing: [], added: [] };
  for (const r of current) {
    const was = before.get(key(r));
    if (was === undefined) diff.added.push(r);
    else if (GOOD.has(was) && BAD.has(r.status)) diff.newlyFailing.push(r);
    else if (BAD.has(was) && GOOD.has(r.status)) diff.newlyPassing.push(r);
  }
  return diff;
}

export function formatBaselineDiff(d: BaselineDiff): string {
  const lines: string[] = [];
  for (const r of d.newlyFailing) lines.push(`newly failing: ${r.id}${r.mode === 'as-written' ? '' : ` [${r.mode}]`} (${r.status}) ${r.message}`);
  for (const r of d.newlyPassing) lines.push(`newly passing: ${r.id}${r.mode === 'as-written' ? '' : ` [${r.mode}]`}`);
  lines.push(`baseline: ${d.newlyFailing.length} newly failing, ${d.newlyPassing.length} newly passing, ${d.added.length} not in the baseline`);
  return lines.join('\n');
}
