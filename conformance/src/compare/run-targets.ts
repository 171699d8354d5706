// Runs the same cases against every target, a bounded number of targets at once. A target that
// cannot be started or reached becomes an outcome with one line saying why; the others go on.

import type { SplitMode } from '../case/plan.ts';
import type { Case } from '../case/types.ts';
import { isSetupError } from '../errors.ts';
import type { Fixtures } from '../fixtures/ensure-fixtures.ts';
import type { Report } from '../result/types.ts';
import { runSuite } from '../run/run-suite.ts';
import { shellQuote } from '../targets/command-target.ts';
import type { TargetEntry } from './targets-file.ts';

export type TargetOutcome =
  | { name: string; entry: TargetEntry; ran: true; report: Report }
  | { name: string; entry: TargetEntry; ran: false; error: string; durationMs: number };

export type RunTargetsOptions = {
  targets: readonly TargetEntry[];
  cases: readonly Case[];
  modes: readonly SplitMode[];
  fixtures: Fixtures;
  /** How many targets run at once. */
  parallel: number;
  /** Defaults for targets that do not set their own. */
  timeoutMs?: number;
  concurrency?: number;
  /** `--rerun-budget`. */
  rerunBudgetMs?: number;
  capabilities?: string;
  /** `--mount`: the path prefix every target serves the docroot under, unless it sets its own. */
  mount?: string;
  options?: Record<string, unknown>;
  /** Flags every target's reproduce lines carry (`--cases`); each adds its own `--timeout`, `--capabilities` and `--mount`. */
  rerunFlags?: string;
  /** Called as each target finishes, in finishing order. */
  onDone?: (o: TargetOutcome, done: number, total: number) => void | Promise<void>;
  /** An interrupt: targets running end early (their reports keep what was judged), the others do not start. */
  signal?: AbortSignal;
  /** How long a started server may take to listen (`--ready-timeout`). */
  readyTimeoutMs?: number;
  /** A line about a target that is not a verdict (a server still listening after its stop). */
  onNotice?: (name: string, line: string) => void;
};

/** Outcomes in the targets' order, whatever order they finished in. */
export async function runTargets(o: RunTargetsOptions): Promise<TargetOutcome[]> {
  const outcomes: TargetOutcome[] = new Array(o.targets.length);
  let next = 0;
  let done = 0;
  async function worker(): Promise<void> {
    while (next < o.targets.length) {
      const index = next++;
      const outcome = o.signal?.aborted ? notStarted(o.targets[index]!, o.signal) : await runOne(o.targets[index]!, o);
      outcomes[index] = outcome;
      await o.onDone?.(outcome, ++done, o.targets.length);
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.parallel, o.targets.length)) }, worker));
  return outcomes;
}

async function runOne(entry: TargetEntry, o: RunTargetsOptions): Promise<TargetOutcome> {
  const started = Date.now();
  const timeoutMs = entry.timeoutMs ?? o.timeoutMs;
  const capabilities = entry.capabilities ?? o.capabilities;
  const mount = entry.mount ?? o.mount;
  try {
    const report = await runSuite({
      cases: o.cases,
      modes: o.modes,
      target: entry.spec,
      fixtures: o.fixtures,
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(o.concurrency !== undefined ? { concurrency: o.concurrency } : {}),
      ...(o.rerunBudgetMs !== undefined ? { rerunBudgetMs: o.rerunBudgetMs } : {}),
      ...(capabilities !== undefined ? { capabilities } : {}),
      ...(mount !== undefined ? { mount } : {}),
      options: { ...o.options, compareTarget: entry.name, ...(mount !== undefined ? { mount } : {}) },
      rerunFlags: [
        o.rerunFlags ?? '',
        timeoutMs !== undefined ? `--timeout ${timeoutMs}` : '',
        capabilities !== undefined ? `--capabilities ${shellQuote(capabilities)}` : '',
        mount !== undefined ? `--mount ${shellQuote(mount)}` : '',
      ]
        .filter((f) => f !== '')
        .join(' '),
      ...(o.signal ? { signal: o.signal } : {}),
      ...((entry.readyTimeoutMs ?? o.readyTimeoutMs) !== undefined ? { readyTimeoutMs: entry.readyTimeoutMs ?? o.readyTimeoutMs } : {}),
      onNotice: (line) => o.onNotice?.(entry.name, line),
    });
    return { name: entry.name, entry, ran: true, report };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const why = isSetupError(e) ? message : `internal error: ${message}`;
    return { name: entry.name, entry, ran: false, error: oneLine(why), durationMs: Date.now() - started };
  }
}

function notStarted(entry: TargetEntry, signal: AbortSignal): TargetOutcome {
  const by = typeof signal.reason === 'string' ? signal.reason : 'an interrupt';
  return { name: entry.name, entry, ran: false, error: `not run: the comparison was interrupted (${by}) before this target started`, durationMs: 0 };
}

/** One line, whatever the server printed: newlines become ` | `, control characters `\xHH`. */
export function oneLine(s: string): string {
  return s
    .trim()
    .replace(/\r?\n+/g, ' | ')
    .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
