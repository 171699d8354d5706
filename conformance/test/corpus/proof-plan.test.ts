// The mutant proof's plan: one catch per broken server and per case, the cheapest first; a plan
// naming gone cases or servers, or cases outside a server's areas, runs none of those.

import { describe, expect, it } from 'vitest';
import type { Case } from '../../src/case/types.ts';
import type { Report } from '../../src/result/types.ts';
import type { BrokenTarget, TargetOutcome } from './broken-targets.ts';
import { planFrom, plannedJobs } from './proof-plan.ts';

const hosted = (name: string, areas: string[] | null = ['a']): BrokenTarget => ({ name, server: { address: '127.0.0.1:1' }, areas, flags: [] });
const python = (name: string): BrokenTarget => ({ name, server: 'python3 x.py {port} {docroot}', areas: null, flags: [] });

function outcome(target: BrokenTarget, verdicts: Array<[id: string, status: string, durationMs: number, unconfirmed?: boolean]>): TargetOutcome {
  const cases = verdicts.map(([id, status, durationMs, unconfirmed]) => ({ id, status, durationMs, ...(unconfirmed ? { unconfirmed } : {}) }));
  return { target, report: { cases } as unknown as Report, exitCode: 1, stderr: '', durationMs: 0 };
}

describe('planFrom', () => {
  it('gives every caught server its cheapest catch, then every case its cheapest catcher', () => {
    const plan = planFrom([
      outcome(hosted('variant:fast'), [['x', 'fail', 10], ['y', 'fail', 20], ['z', 'pass', 5]]),
      outcome(hosted('variant:slow'), [['x', 'fail', 900], ['y', 'timeout', 1000]]),
      outcome(python('python:student.py'), [['y', 'fail', 10], ['w', 'warn', 30]]),
      outcome(hosted('variant:blind'), [['x', 'pass', 1], ['y', 'timeout', 1000, true]]),
    ]);
    // The student's cheapest catch is y, so y needs no other catcher; w is the student's alone.
    expect(plan).toEqual({ 'variant:fast': ['x'], 'variant:slow': ['x'], 'python:student.py': ['w', 'y'] });
  });

  it('prefers a fail to a timeout, which needs a lone run to confirm', () => {
    const plan = planFrom([outcome(hosted('variant:a'), [['x', 'timeout', 100], ['y', 'fail', 10]]), outcome(hosted('variant:b'), [['x', 'fail', 3000]])]);
    expect(plan).toEqual({ 'variant:a': ['y'], 'variant:b': ['x'] });
  });
});

describe('plannedJobs', () => {
  it('runs the planned cases that exist and that the server covers', () => {
    const cases = [{ id: 'x', area: 'a' }, { id: 'y', area: 'b' }] as unknown as Case[];
    const a = hosted('variant:a', ['a']);
    const jobs = plannedJobs({ 'variant:a': ['x', 'y', 'gone'], 'variant:gone': ['x'] }, [a, hosted('variant:unplanned')], cases);
    expect(jobs).toEqual([{ target: a, ids: ['x'] }]);
  });
});
