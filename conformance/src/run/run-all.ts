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

export async function runAll(o: RunOptions): Promise<CaseResult[]> {
  const jobs = o.modes.flatMap((mode) => o.cases.map((c) => ({ c, mode })));
  const results: CaseResult[] = new Array(jobs.length);
  let next = 0;
  let done = 0;
  // Set when a crashed server cannot be started again: the remaining cases are reported as
  // harness errors instead of hanging or losing the report.
  let dead: string | null = null;

  async function worker(): Promise<void> {
    while (next < jobs.length) {
      const index = next++;
      const { c, mode } = jobs[index]!;
      if (dead !== null) {
        results[index] = { ...baseResult(c, mode, o.context), status: 'error', message: dead };
        o.onResult?.(results[index]!, ++done, jobs.length);
        continue;
      }
      let result = await runCase(c, mode, o.context);
      let crash = null;
      try {
        crash = await o.target.checkCrashed();
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
