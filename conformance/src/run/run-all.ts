// Runs the selected cases in every requested send mode, a bounded number at a time, and
// attributes a started server's crash to the case that was running when it died.

import type { Case } from '../case/types.ts';
import type { SplitMode } from '../case/plan.ts';
import type { CaseResult } from '../result/types.ts';
import { describeExit } from '../targets/command-target.ts';
import type { CrashInfo, Target } from '../targets/target.ts';
import { baseResult, runCase, type RunContext } from './run-case.ts';
import { SLOW_TAG } from './select.ts';

export type RunOptions = {
  cases: readonly Case[];
  modes: readonly SplitMode[];
  concurrency: number;
  target: Target;
  context: RunContext;
  /** Called as each result is ready (progress output). */
  onResult?: (r: CaseResult, done: number, total: number) => void;
  /** Aborted by an interrupt: no new case starts (run-interruptibly reports the rest as not run). */
  signal?: AbortSignal;
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

/**
 * How long to wait for a started server's exit to be reported after a case. A dying server's
 * sockets close a moment before its exit shows (longer on a loaded machine), so a case that saw
 * the connection end without any answer waits longest; a passing case not at all.
 */
function crashSettleMs(r: CaseResult): number {
  if (r.status === 'pass') return 0;
  const answered = r.wire.some((w) => w.kind === 'read');
  const ended = r.status === 'error' || r.wire.some((w) => w.kind === 'end' && (w.how === 'closed' || w.how === 'reset'));
  return !answered && ended ? 300 : 30;
}

/** 1 when the case's bound is likely spent waiting (an explicit timeout, or silence allowed). */
function waitsForSilence(c: Case): number {
  return c.timeoutMs !== undefined || c.expect.some((a) => a.responses.length === 0 && a.connection !== 'closed') ? 1 : 0;
}

export async function runAll(o: RunOptions): Promise<CaseResult[]> {
  const jobs = o.modes.flatMap((mode) => o.cases.map((c, order) => ({ c, mode, order })));
  const results: CaseResult[] = new Array(jobs.length);
  // Cases that wait out a silent server take their whole time bound; starting them first keeps
  // them from being the tail of the run. Results stay in corpus order.
  const all = jobs.map((_, i) => i).sort((a, b) => waitsForSilence(jobs[b]!.c) - waitsForSilence(jobs[a]!.c) || a - b);
  // A case that floods the server with connections runs after the others, on its own: while it
  // holds them, another case's connection could be refused for its sake.
  const queue = all.filter((i) => !runsAlone(jobs[i]!.c));
  const alone = all.filter((i) => runsAlone(jobs[i]!.c));
  let next = 0;
  let done = 0;
  let timeouts = 0;
  const crashes = new CrashWatch(o.target);

  async function worker(): Promise<void> {
    while (next < queue.length && !o.signal?.aborted) {
      await crashes.mayStart();
      if (next >= queue.length) break;
      await runJob(queue[next++]!);
    }
  }

  async function runJob(index: number): Promise<void> {
    const { c, mode } = jobs[index]!;
    let result: CaseResult;
    if (crashes.dead !== null) {
      result = { ...baseResult(c, mode, o.context), status: 'error', message: crashes.dead };
    } else {
      const ticket = crashes.begin();
      result = await runCase(c, mode, o.context);
      // A slow case's bound is tens of seconds past any scheduling hiccup, and a re-run would
      // take its whole trickle again.
      if (ranOutOfTime(result) && !c.tags.includes(SLOW_TAG)) {
        timeouts++;
        if (timeouts <= rerunBudget(done)) result = await rerunWithMoreTime(c, mode, o.context, result);
      }
      result = await crashes.end(ticket, result, () => runCase(c, mode, o.context));
    }
    results[index] = result;
    o.onResult?.(result, ++done, jobs.length);
  }

  await Promise.all(Array.from({ length: Math.min(o.concurrency, queue.length) }, worker));
  for (const index of alone) {
    if (o.signal?.aborted) break;
    await crashes.mayStart();
    await runJob(index);
  }
  return results;
}

/** Whether a case opens a flood of connections (a `before:` connection with a count). */
export function runsAlone(c: Case): boolean {
  return (c.before ?? []).some((b) => b.count > 1);
}

/**
 * Finds which case crashed a started server. When the server dies while several cases run at
 * once, every one of them is a suspect: new cases are held back, and each suspect runs again
 * alone on the restarted server. The one that kills it again is blamed; the others keep the
 * verdict of their lone run. A server that cannot be restarted ends the run: the remaining cases
 * are reported as not run, and the report is still written.
 */
class CrashWatch {
  dead: string | null = null;
  private generation = 0;
  private running = 0;
  private suspects = 0;
  private alone: Promise<unknown> = Promise.resolve();
  private checking: Promise<CrashInfo | null> | null = null;
  private wakers: Array<() => void> = [];

  constructor(private readonly target: Target) {}

  /** Resolves when a new case may start (not while suspects are being re-run). */
  async mayStart(): Promise<void> {
    while (this.suspects > 0) await new Promise<void>((resolve) => this.wakers.push(resolve));
  }

  begin(): { generation: number } {
    this.running++;
    return { generation: this.generation };
  }

  async end(ticket: { generation: number }, result: CaseResult, rerun: () => Promise<CaseResult>): Promise<CaseResult> {
    this.running--;
    const crash = await this.check(crashSettleMs(result));
    if (crash === null && ticket.generation === this.generation) return result;
    // The server died while this case ran (this case or another killed it).
    if (this.dead !== null) return blame(result, null, this.dead);
    this.suspects++;
    try {
      return await this.runAlone(async () => {
        await this.drained();
        const again = await rerun();
        const second = await this.check(crashSettleMs(again));
        if (this.dead !== null) return blame(again, second, this.dead);
        if (second) return blame(again, second, null);
        // Seen dying after this case, but not again when it ran alone: say so, blame nobody.
        return crash ? { ...again, message: `${again.message} (the server crashed once around this case, ${describeExit(crash.exitCode, crash.signal)}, but not when it ran alone)` } : again;
      });
    } finally {
      if (--this.suspects === 0) for (const wake of this.wakers.splice(0)) wake();
    }
  }

  private runAlone<T>(fn: () => Promise<T>): Promise<T> {
    const turn = this.alone.then(fn, fn);
    this.alone = turn.catch(() => undefined);
    return turn;
  }

  /** Waits until no case other than the suspects' lone re-runs is on the wire. */
  private async drained(): Promise<void> {
    while (this.running > 0) await new Promise((r) => setTimeout(r, 10));
  }

  /** One crash check at a time; a restart happens inside it. */
  private async check(waitMs: number): Promise<CrashInfo | null> {
    if (this.checking) {
      await this.checking.catch(() => null);
      return null;
    }
    this.checking = this.target.checkCrashed(waitMs);
    try {
      const crash = await this.checking;
      if (crash) this.generation++;
      return crash;
    } catch (e) {
      this.generation++;
      this.dead = `not run: the server crashed and could not be started again (${e instanceof Error ? e.message : String(e)})`;
      return null;
    } finally {
      this.checking = null;
    }
  }
}

function blame(result: CaseResult, crash: CrashInfo | null, dead: string | null): CaseResult {
  if (crash === null) return { ...result, status: 'fail', message: `server crashed during this case; ${(dead ?? '').replace(/^not run: /, '')}` };
  const how = describeExit(crash.exitCode, crash.signal);
  const out = crash.outputTail ? `; last output: ${crash.outputTail.replaceAll('\n', ' | ')}` : '';
  return { ...result, status: 'fail', message: `server crashed (${how}) during this case and was restarted${out}` };
}
