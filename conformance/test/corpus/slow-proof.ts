// The proof of every-case-can-fail for the cases tagged `slow` (slow clients, idle timeouts),
// which the main proof leaves out: the reference server and the broken servers that only slow
// cases can catch, each on the slow cases. A run lasts as long as its slowest case (a header
// section trickled over 100 s), nearly all of it waiting; so it is started once, early, and runs
// beside the main proof in the same test file (every-case-can-fail.test.ts), instead of holding a
// test worker of its own for those 100 s.

import path from 'node:path';
import { loadCases } from '../../src/case/load.ts';
import type { Case } from '../../src/case/types.ts';
import { REPO } from '../../src/cli/io.ts';
import { SLOW_TAG } from '../../src/run/select.ts';
import { catchers, pythonTarget, referenceTarget, runJobs, variantTargets, type BrokenTarget, type TargetOutcome } from './broken-targets.ts';

const FLAGS = ['--tag', SLOW_TAG];
// A student server with a thread per connection and no timeout on any read.
const STUDENT = 'threaded-student.py';

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
    const broken: BrokenTarget[] = [...variantTargets('broken', FLAGS, true), pythonTarget(STUDENT, FLAGS)];
    const all = await runJobs([{ target: referenceTarget(FLAGS) }, ...broken.map((target) => ({ target }))], broken.length + 1);
    const outcomes = all.slice(1);
    return { cases, reference: all[0]!, outcomes, caughtBy: catchers(outcomes), durationMs: Date.now() - t0 };
  })();
  return started;
}
