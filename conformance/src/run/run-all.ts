// Runs the selected cases in every requested send mode, a bounded number at a time, and
// attributes a started server's crash to the case that was running when it died.

import type { Case } from '../case/types.ts';
import type { SplitMode } from '../case/plan.ts';
import type { CaseResult } from '../result/types.ts';
import { describeExit } from '../targets/command-target.ts';
import type { Target } from '../targets/target.ts';
import { baseResult, runCase, type RunContext } from './run-case.ts';

export type RunOptions = {
  cases: readonly Case[];
  modes: readonly SplitMode[];
  concurrency: number;
  target: Target;
  context: RunContext;
  /** Called as each result is ready (progress output). */
  onResult?: (r: CaseResult, done: number, total: number) => void;
};

/** A verdict that may only be the bound's doing: no answer in time, or a fail at the deadline. */
function ranOutOfTime(r: CaseResult): boolean {
  return r.status === 'timeout' || (r.status === 'fail' && r.wire.some((w) => w.kind === 'end' && w.how === 'timeout'));
}

/**
 * A loaded machine can make a server miss a bound it would meet at rest. Such a case runs once
 * more with twice the time: a different verdict is reported as timing-sensitive, not as a fail.
 */
async function rerunWithMoreTime(c: Case, mode: SplitMode, ctx: RunContext, first: CaseResult): Promise<CaseResult> {
  const again = await runCase(c, mode, { ...ctx, timeoutScale: (ctx.timeoutScale ?? 1) * 2 });
  if (again.status === first.status) return first;
  return { ...again, timingSensitive: true, message: `timing-sensitive: ${first.status} within the bound, ${again.status} with twice the time (${again.message})` };
}

/**
 * Re-runs are for a responsive server that missed a bound now and then. A server that times out
 * everywhere would only double the run's length, so re-runs stop once timeouts are common.
 */
function rerunBudget(done: number): number {
  return Math.max(3, Math.floor(done / 10));
}

/** How long a case that did not pass waits for a started server's exit to be reported. */
const CRASH_SETTLE_MS = 50;

/** 1 when the case's bound is likely spent waiting (an explicit timeout, or silence allowed). */
function waitsForSilence(c: Case): number {
  return c.timeoutMs !== undefined || c.expect.some((a) => a.responses.length === 0 && a.connection !== 'closed') ? 1 : 0;
}

export async function runAll(o: RunOptions): Promise<CaseResult[]> {
  const jobs = o.modes.flatMap((mode) => o.cases.map((c, order) => ({ c, mode, order })));
  const results: CaseResult[] = new Array(jobs.length);
  // Cases that wait out a silent server take their whole time bound; starting them first keeps
  // them from being the tail of the run. Results stay in corpus order.
  const queue = jobs.map((_, i) => i).sort((a, b) => waitsForSilence(jobs[b]!.c) - waitsForSilence(jobs[a]!.c) || a - b);
  let next = 0;
  let done = 0;
  // Set when a crashed server cannot be started again: the remaining cases are reported as
  // harness errors instead of hanging or losing the report.
  let dead: string | null = null;
  let timeouts = 0;

  async function worker(): Promise<void> {
    while (next < queue.length) {
      const index = queue[next++]!;
      const { c, mode } = jobs[index]!;
      if (dead !== null) {
        results[index] = { ...baseResult(c, mode, o.context), status: 'error', message: dead };
        o.onResult?.(results[index]!, ++done, jobs.length);
        continue;
      }
      let result = await runCase(c, mode, o.context);
      if (ranOutOfTime(result)) {
        timeouts++;
        if (timeouts <= rerunBudget(done)) result = await rerunWithMoreTime(c, mode, o.context, result);
      }
      let crash = null;
      try {
        crash = await o.target.checkCrashed(result.status === 'pass' ? 0 : CRASH_SETTLE_MS);
      } catch (e) {
        dead = `not run: the server crashed and could not be started again (${e instanceof Error ? e.message : String(e)})`;
        result = { ...result, status: 'fail', message: `server crashed during this case; ${dead.replace(/^not run: /, '')}` };
      }
      if (crash) {
        const how = describeExit(crash.exitCode, crash.signal);
        const out = crash.outputTail ? `; last output: ${crash.outputTail.replaceAll('\n', ' | ')}` : '';
        result = { ...result, status: 'fail', message: `server crashed (${how}) during this case and was restarted${out}` };
      }
      results[index] = result;
      o.onResult?.(result, ++done, jobs.length);
    }
  }

  await Promise.all(Array.from({ length: Math.min(o.concurrency, jobs.length) }, worker));
  return results;
}
