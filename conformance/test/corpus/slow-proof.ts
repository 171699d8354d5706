// The proof of every-case-can-fail for the cases tagged `slow` (slow clients, idle timeouts),
// which the main proof leaves out: the reference server and the broken servers that only slow
// cases can catch, each on the slow cases. In real time a run lasts as long as its slowest case
// (a header section trickled over 100 s); here every case runs at a fifth of its time
// (`--time-scale`) against servers whose timeouts are scaled alike, so each case keeps the same
// shape (a field line every 1 s against a 2 s header bound instead of every 5 s against 10 s)
// and the proof lasts some 20 s. It is started once, early, and runs beside the main proof in
// the same test file (every-case-can-fail.test.ts). The real-time cases stay with `--slow`.

import path from 'node:path';
import { variantSpec, type VariantName } from '../../../server/variants/catalog.ts';
import { DEFAULT_TIMEOUTS, type Timeouts } from '../../../server/src/timeouts.ts';
import { loadCases } from '../../src/case/load.ts';
import type { Case } from '../../src/case/types.ts';
import { REPO } from '../../src/checkout.ts';
import { SLOW_TAG } from '../../src/run/select.ts';
import { catchers, pythonTarget, referenceTarget, retryBlind, runJobs, variantServer, variantTargets, type BrokenTarget, type TargetOutcome } from './broken-targets.ts';

/**
 * The factor for the cases' pauses and the servers' timeouts. A fifth, not a tenth: the margin
 * that tells a per-read timer from a whole-section one (pause vs bound, less the server's 250 ms
 * sweep) shrinks with the factor, and a loaded machine can delay a pause by a few hundred ms.
 */
export const TIME_SCALE = 0.2;
const FLAGS = ['--tag', SLOW_TAG, '--time-scale', String(TIME_SCALE)];
// A student server with a thread per connection and no timeout on any read.
const STUDENT = 'threaded-student.py';

/** The server flag of each timeout a slow case runs into. */
const TIMEOUT_FLAGS = [
  ['headersMs', '--headers-timeout'],
  ['idleMs', '--idle-timeout'],
  ['bodyMs', '--body-timeout'],
] as const satisfies ReadonlyArray<readonly [keyof Timeouts, string]>;

/**
 * The server's timeouts at the same scale, leaving out those a variant sets itself (its
 * deviation: an explicit flag would override it). A rate scales the other way: at a fifth of the
 * time, five times the octets a second.
 */
export function scaledServerArgs(own: Partial<Timeouts> = {}): string[] {
  const args: string[] = [];
  for (const [key, flag] of TIMEOUT_FLAGS) if (own[key] === undefined) args.push(flag, String(Math.round(DEFAULT_TIMEOUTS[key] * TIME_SCALE)));
  if (own.minBodyRate === undefined) args.push('--min-body-rate', String(Math.round(DEFAULT_TIMEOUTS.minBodyRate / TIME_SCALE)));
  return args;
}

function scaledVariant(target: BrokenTarget): BrokenTarget {
  const name = target.name.replace(/^variant:/, '') as VariantName;
  return { ...target, server: variantServer(name, scaledServerArgs(variantSpec(name).parts.timeouts ?? {})) };
}

export type SlowProof = {
  cases: Case[];
  reference: TargetOutcome;
  outcomes: TargetOutcome[];
  caughtBy: Map<string, Set<string>>;
  durationMs: number;
};

let started: Promise<SlowProof> | null = null;

/** The slow runs, started on the first call (after the fixtures exist); later calls share them. */
export function slowProof(): Promise<SlowProof> {
  started ??= (async () => {
    const t0 = Date.now();
    const cases = (await loadCases([path.join(REPO, 'cases')])).filter((c) => c.tags.includes(SLOW_TAG));
    // The student server has no timeout to scale.
    const broken: BrokenTarget[] = [...variantTargets('broken', FLAGS, true).map(scaledVariant), pythonTarget(STUDENT, FLAGS)];
    const all = await runJobs([{ target: referenceTarget(FLAGS, scaledServerArgs()) }, ...broken.map((target) => ({ target }))], broken.length + 1);
    // A broken server these runs did not catch runs again, up to twice, as in the main proof: a
    // pause the loaded machine stretched past a scaled timeout (a second against 2 s) hides a
    // per-read timer (body-timeout-per-read passed lim-slow-body so beside the whole suite).
    const outcomes = all.slice(1);
    outcomes.push(...(await retryBlind(broken, outcomes, 2, broken.length)));
    return { cases, reference: all[0]!, outcomes, caughtBy: catchers(outcomes), durationMs: Date.now() - t0 };
  })();
  return started;
}
