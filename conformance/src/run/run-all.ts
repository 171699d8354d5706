// Runs the selected cases in every requested send mode, as many at once as the server can take
// (pace.ts), and attributes a started server's crash or hang to the case that caused it
// (watch.ts). A case that ran out of time beside other cases is run again alone before it is
// reported: a timeout that passes alone is the schedule's, not the server's.

import { monitorEventLoopDelay } from 'node:perf_hooks';
import { isSilence } from '../case/alternative.ts';
import type { Case } from '../case/types.ts';
import type { SplitMode } from '../case/plan.ts';
import type { CaseResult } from '../result/types.ts';
import type { Target } from '../targets/target.ts';
import { couldNotConnect, Pace, queued } from './pace.ts';
import { baseResult, runCase, type RunContext } from './run-case.ts';
import { SLOW_TAG } from './select.ts';
import { endedByTimeout, Watch, type Liveness, type WatchStats } from './watch.ts';

export type RunOptions = {
  cases: readonly Case[];
  modes: readonly SplitMode[];
  /** The most cases at once. */
  concurrency: number;
  /** Back off from `concurrency` when the server shows queueing (false: exactly `concurrency`). */
  adaptive?: boolean;
  target: Target;
  context: RunContext;
  /**
   * Hang detection: a fresh GET after a case that ran out of time. Null (or absent) when the
   * server never answered a plain GET: then there is nothing to compare with, and its timeouts
   * are its own (they are not re-run either).
   */
  liveness?: Liveness | null;
  /** Time for re-runs in all (`--rerun-budget`); absent, rerunBudgetMs's default. */
  rerunBudgetMs?: number;
  /** Set when the server is already gone (a probe hung it and it cannot be restarted). */
  dead?: string | null;
  /** Filled in as the run goes: crashes, hangs, restarts, re-runs, concurrency. */
  stats?: RunStats;
  /** Called as each result is ready (progress output). */
  onResult?: (r: CaseResult, done: number, total: number) => void;
  /** Aborted by an interrupt: no new case starts (run-interruptibly reports the rest as not run). */
  signal?: AbortSignal;
};

export type RunStats = WatchStats & {
  /** The longest the harness's event loop was held, in ms (timers fire that late). */
  stallMs: number;
  timeoutsRerun: number;
  timeoutsPassedAlone: number;
  timeoutsNotRerun: number;
  concurrency: { start: number; lowest: number; end: number };
};

export function newRunStats(): RunStats {
  return { stallMs: 0, crashes: 0, hangs: [], restarts: 0, timeoutsRerun: 0, timeoutsPassedAlone: 0, timeoutsNotRerun: 0, concurrency: { start: 0, lowest: 0, end: 0 } };
}

/** A verdict that may only be the bound's doing: no answer in time, or a fail at the deadline. */
function ranOutOfTime(r: CaseResult): boolean {
  return r.status === 'timeout' || (r.status === 'fail' && endedByTimeout(r));
}

/**
 * The case's bound, as run-case computes it (before the latency scale): the larger of the case's
 * own `timeout` and `--timeout`.
 */
function boundOfCase(c: Case, defaultTimeoutMs: number, scale: number): number {
  return Math.max(c.timeoutMs ?? 0, defaultTimeoutMs) * scale;
}

/**
 * The case ran out of time well after its bound from its last step: the harness's timers were
 * late (its event loop held), so the verdict may be the harness's, not the server's.
 */
function overshot(r: CaseResult, boundMs: number): boolean {
  const end = r.wire.findLast((w) => w.kind === 'end');
  if (end?.kind !== 'end' || end.how !== 'timeout') return false;
  const lastStep = r.wire.findLast((w) => w.kind === 'write' || w.kind === 'pause' || w.kind === 'await-head' || w.kind === 'close');
  const stepEnd = lastStep === undefined ? 0 : lastStep.atMs + (lastStep.kind === 'pause' ? lastStep.ms : lastStep.kind === 'await-head' ? lastStep.waitedMs : 0);
  return end.atMs - stepEnd > boundMs + 1000;
}

/**
 * How long re-runs may take in all, whatever their count. Re-running alone what ran out of time
 * beside other cases (the schedule's doing): as long as the cases took, at least 20 s.
 * Re-running with twice the bound what ran out of time alone (a loaded machine's doing): 10 s,
 * as a server that times out alone mostly does so again. A server that times out everywhere
 * ends its run in at most about twice the time.
 */
function rerunBudgetMs(elapsedMs: number, factor: number, given: number | undefined): number {
  const budget = factor === 1 ? Math.max(20_000, elapsedMs) : 10_000;
  return given === undefined ? budget : Math.min(given, budget);
}

/** 1 when the case's bound is likely spent waiting (an explicit timeout, or silence allowed). */
function waitsForSilence(c: Case): number {
  return c.timeoutMs !== undefined || c.expect.some(isSilence) ? 1 : 0;
}

export async function runAll(o: RunOptions): Promise<CaseResult[]> {
  const started = Date.now();
  // How late the harness's own timers ran: several targets in one process (compare) or a busy
  // machine can hold the event loop long enough for a connect to lose the race with its deadline.
  const lag = monitorEventLoopDelay({ resolution: 20 });
  lag.enable();
  const stats = o.stats ?? newRunStats();
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
  /** Time spent on re-runs so far, by bound factor (1: alone, 2: with twice the bound). */
  const rerunMs = { 1: 0, 2: 0 };
  const liveness = o.liveness ?? null;
  // Re-runs only make sense for a server that answers: one that never did times out on its own.
  const reruns = liveness !== null;
  const pace = new Pace(Math.max(1, o.concurrency), (o.adaptive ?? false) && liveness !== null);
  stats.concurrency = { start: pace.limit, lowest: pace.limit, end: pace.limit };
  const watch = new Watch(o.target, liveness, stats);
  if (o.dead) watch.dead = o.dead;
  const deferred: Array<{ index: number; first: CaseResult }> = [];

  const report = (index: number, r: CaseResult): void => {
    results[index] = r;
    o.onResult?.(r, ++done, jobs.length);
  };

  async function worker(): Promise<void> {
    while (next < queue.length && !o.signal?.aborted) {
      await watch.mayStart();
      await pace.acquire();
      if (next >= queue.length) {
        pace.release();
        break;
      }
      try {
        await runJob(queue[next++]!);
      } finally {
        pace.release();
      }
    }
  }

  const boundOf = (c: Case): number => boundOfCase(c, o.context.defaultTimeoutMs, o.context.timeoutScale ?? 1);

  async function runJob(index: number): Promise<void> {
    const { c, mode } = jobs[index]!;
    if (watch.dead !== null) return report(index, { ...baseResult(c, mode, o.context), status: 'error', message: watch.dead });
    const ticket = watch.begin(c.id);
    const first = await runCase(c, mode, o.context);
    const { result, settled } = await watch.end(ticket, first, () => runCase(c, mode, o.context));
    pace.observe(result);
    // A slow case's bound is tens of seconds past any scheduling hiccup, and a re-run would
    // take its whole trickle again.
    // A flood's cases already ran alone, and what it measures is the server's own limit.
    const timing = !settled && reruns && (ranOutOfTime(result) || couldNotConnect(result)) && !c.tags.includes(SLOW_TAG) && !runsAlone(c);
    if (timing && (ticket.overlapped || overshot(result, boundOf(c)))) {
      // Beside other cases: run again alone once the others are done.
      deferred.push({ index, first: result });
      return;
    }
    if (timing && ranOutOfTime(result)) return report(index, await rerunWithMoreTime(index, result, 'within the bound'));
    report(index, result);
  }

  /**
   * A loaded machine or a busy schedule can make a server miss a bound it meets at rest. Such a
   * case runs once more, alone, with twice the time: a different verdict is reported as
   * timing-sensitive, not as a fail. Re-runs share a time budget, not a count.
   */
  async function rerunWithMoreTime(index: number, first: CaseResult, how: string, factor = 2): Promise<CaseResult> {
    const { c, mode } = jobs[index]!;
    const spent = rerunMs[factor === 1 ? 1 : 2];
    if (spent >= rerunBudgetMs(Date.now() - started - rerunMs[1] - rerunMs[2], factor, o.rerunBudgetMs) || watch.dead !== null) {
      stats.timeoutsNotRerun++;
      // Said, because its rerun line (a lone run) may well give another verdict.
      if (watch.dead !== null) return first;
      // Beside other cases, the timeout may be the schedule's: unconfirmed. Alone, it was the server's.
      return { ...first, ...(factor === 1 ? { unconfirmed: true } : {}), message: `${first.message} (${how}; not run again ${factor === 1 ? 'alone' : 'with more time'}: the time for re-runs was spent)` };
    }
    const t0 = Date.now();
    stats.timeoutsRerun++;
    // A spread would copy the port once: a server restarted on a fresh port meanwhile (by this
    // very re-run's crash check) must be reached on the new one, as every other case is.
    const context: RunContext =
      factor === 1
        ? o.context
        : {
            ...o.context,
            get port() {
              return o.context.port;
            },
            timeoutScale: (o.context.timeoutScale ?? 1) * factor,
          };
    const ticket = watch.begin(c.id);
    const { result: again, settled } = await watch.end(ticket, await runCase(c, mode, context), () => runCase(c, mode, context));
    rerunMs[factor === 1 ? 1 : 2] += Date.now() - t0;
    if (settled) return again;
    if (again.status === first.status) return first;
    stats.timeoutsPassedAlone++;
    const more = factor === 1 ? 'alone' : 'with twice the time';
    return { ...again, timingSensitive: true, message: `timing-sensitive: ${first.status} ${how}, ${again.status} ${more} (${again.message})` };
  }

  await Promise.all(Array.from({ length: Math.min(pace.max, queue.length) }, worker));
  stats.concurrency.end = pace.limit;
  stats.stallMs = Math.round(lag.max / 1e6);
  stats.concurrency.lowest = pace.lowest;
  // The likeliest victims of the schedule first (never accepted, or accepted late), so the time
  // budget goes to them before the cases that mostly time out again alone.
  deferred.sort((a, b) => Number(queued(b.first)) - Number(queued(a.first)) || a.index - b.index);
  for (const { index, first } of deferred.splice(0)) {
    // Interrupted: a deferred case keeps the verdict it has.
    if (o.signal?.aborted) {
      report(index, first);
      continue;
    }
    await watch.mayStart();
    // Alone with the same bound: what a lone run (the rerun line) would see.
    const r = ranOutOfTime(first) ? await rerunWithMoreTime(index, first, 'beside other cases', 1) : await runAloneOnce(index, first);
    report(index, r);
  }
  for (const index of alone) {
    if (o.signal?.aborted) break;
    await watch.mayStart();
    await runJob(index);
  }
  lag.disable();
  stats.stallMs = Math.max(stats.stallMs, Math.round(lag.max / 1e6));
  return results;

  /** A connection refused beside other cases: made again alone, the lone verdict counts. */
  async function runAloneOnce(index: number, first: CaseResult): Promise<CaseResult> {
    const { c, mode } = jobs[index]!;
    if (watch.dead !== null) return first;
    // Not a timeout (a connection that could not be made beside other cases): not counted as one.
    const ticket = watch.begin(c.id);
    const { result } = await watch.end(ticket, await runCase(c, mode, o.context), () => runCase(c, mode, o.context));
    return result;
  }
}

/** Whether a case opens a flood of connections (a `before:` connection with a count). */
export function runsAlone(c: Case): boolean {
  return (c.before ?? []).some((b) => b.count > 1);
}
