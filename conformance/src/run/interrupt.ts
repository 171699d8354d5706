// An interrupted run (SIGINT, SIGTERM, SIGHUP) keeps what it judged: no new case starts, the
// cases in flight are abandoned (their connections end when the server is stopped), and every
// case without a verdict is reported as not run, so the reports can still be written.

import { formatSplitMode } from '../case/plan.ts';
import type { CaseResult } from '../result/types.ts';
import { runAll, type RunOptions } from './run-all.ts';
import { baseResult } from './run-case.ts';
import { NOT_RUN } from '../result/verdict-prefixes.ts';

export function countNotRun(results: readonly CaseResult[]): number {
  return results.filter((r) => r.message.startsWith(NOT_RUN)).length;
}

/** The signal's name, as the CLI aborts with it (`SIGINT`), for messages. */
export function abortName(signal: AbortSignal): string {
  return typeof signal.reason === 'string' ? signal.reason : 'an interrupt';
}

export function interruptedMessage(signal: AbortSignal): string {
  return `${NOT_RUN} the run was interrupted (${abortName(signal)})`;
}

/** runAll, cut short when `signal` aborts: judged cases keep their verdicts, the rest are not run. */
export async function runInterruptibly(o: RunOptions, signal: AbortSignal | undefined): Promise<CaseResult[]> {
  if (signal === undefined) return runAll(o);
  const judged = new Map<string, CaseResult>();
  const key = (id: string, mode: string): string => `${id}\0${mode}`;
  const run = runAll({
    ...o,
    signal,
    onResult: (r, done, total) => {
      judged.set(key(r.id, r.mode), r);
      o.onResult?.(r, done, total);
    },
  });
  let onAbort = (): void => {};
  const aborted = new Promise<null>((resolve) => {
    onAbort = () => resolve(null);
    if (signal.aborted) resolve(null);
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  const results = await Promise.race([run, aborted]);
  signal.removeEventListener('abort', onAbort);
  // Abandoned: whatever it still does ends when the server is stopped; nothing waits for it.
  run.catch(() => undefined);
  if (results !== null && !signal.aborted) return results;
  return o.modes.flatMap((mode) =>
    o.cases.map((c) => judged.get(key(c.id, formatSplitMode(mode))) ?? { ...baseResult(c, mode, o.context), status: 'error' as const, message: interruptedMessage(signal) }),
  );
}
