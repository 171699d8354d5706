// The proof of every-case-can-fail.test.ts for the cases tagged `slow` (slow clients, idle
// timeouts), which the main proof leaves out: the reference server passes each, each is failed
// (fail, warn or timeout) by a deliberately broken server, and each broken variant that only a slow case
// can catch is caught. All targets run side by side: a run lasts as long as its slowest case
// (about 105 s), nearly all of it spent waiting.

import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { variantSpec, variantsOfKind } from '../../../server/variants/catalog.ts';
import { loadCases } from '../../src/case/load.ts';
import type { Case } from '../../src/case/types.ts';
import { REPO } from '../../src/cli/io.ts';
import { ensureFixtures } from '../../src/fixtures/ensure-fixtures.ts';
import { SLOW_TAG } from '../../src/run/select.ts';
import { catchers, pythonTarget, referenceTarget, runJobs, variantTargets, type BrokenTarget, type TargetOutcome } from './broken-targets.ts';

const FLAGS = ['--tag', SLOW_TAG];
// A student server with a thread per connection and no timeout on any read.
const STUDENT = 'threaded-student.py';
const WHOLE_RUN_MS = 240_000;

describe('every slow case can fail', () => {
  let cases: Case[] = [];
  let reference: TargetOutcome;
  let outcomes: TargetOutcome[] = [];
  let caughtBy = new Map<string, Set<string>>();
  const slowVariants = variantsOfKind('broken').filter((name) => variantSpec(name).slowOnly);

  beforeAll(async () => {
    await ensureFixtures();
    cases = (await loadCases([path.join(REPO, 'cases')])).filter((c) => c.tags.includes(SLOW_TAG));
    const broken: BrokenTarget[] = [...variantTargets('broken', FLAGS, true), pythonTarget(STUDENT, FLAGS)];
    const started = Date.now();
    const all = await runJobs([{ target: referenceTarget(FLAGS) }, ...broken.map((target) => ({ target }))], broken.length + 1);
    reference = all[0]!;
    outcomes = all.slice(1);
    caughtBy = catchers(outcomes);
    console.log(
      [
        `slow-cases-can-fail: ${cases.length} cases, ${broken.length} broken servers, ${Date.now() - started} ms`,
        ...all.map((o) => `${o.target.name} (${o.durationMs} ms): ${(o.report?.cases ?? []).map((c) => `${c.id}=${c.status}`).join(' ')}${o.report === null ? ` NO REPORT: ${o.stderr.trim()}` : ''}`),
      ].join('\n'),
    );
  }, WHOLE_RUN_MS);

  it('there are slow cases, and broken variants only they catch', () => {
    expect(cases.length).toBeGreaterThan(0);
    expect(slowVariants.length).toBeGreaterThan(0);
  });

  it('the reference server passes every slow case', () => {
    expect(reference.report, `the reference run wrote no report: ${reference.stderr}`).not.toBeNull();
    const bad = reference.report!.cases.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.status}: ${c.message}`);
    expect(bad).toEqual([]);
    expect(reference.report!.cases.map((c) => c.id).sort()).toEqual(cases.map((c) => c.id).sort());
  });

  it('every slow case is failed by at least one broken server', () => {
    const never = cases.filter((c) => !caughtBy.has(c.id)).map((c) => c.id);
    expect(never, `slow cases no broken server fails: ${never.join(', ')}`).toEqual([]);
  });

  it('every broken variant that only slow cases catch is caught', () => {
    const blind = slowVariants.filter((name) => ![...caughtBy.values()].some((names) => names.has(`variant:${name}`)));
    expect(blind, `variants no slow case catches: ${blind.join(', ')}`).toEqual([]);
  });
});
