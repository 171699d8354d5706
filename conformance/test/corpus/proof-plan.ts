// The plan of the mutant proof: for each case, one broken server that fails it, and for each
// broken server, one case that catches it. The proof needs no more than one such pair per case
// and per server; running every broken server on all of its areas (some 6,400 case runs) shows
// the same thing as the plan's few hundred, at ten times the CPU. The plan is a hint, not a
// result: every pair is run and judged again, and a case or server the plan does not show (a new
// case, a changed variant, a stale pair) falls back to the whole search. Written from a whole
// search by `CONFORMANCE_PROOF_PLAN=write npx vitest run conformance/test/corpus/every-case-can-fail.test.ts`.

import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Case } from '../../src/case/types.ts';
import { caughtVerdict, covers, type BrokenTarget, type Job, type TargetOutcome } from './broken-targets.ts';

export const PLAN_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'proof-plan.json');

/** Broken server name -> the case ids it is to fail. */
export type ProofPlan = Record<string, string[]>;

export async function readPlan(file: string = PLAN_FILE): Promise<ProofPlan> {
  try {
    return (JSON.parse(await readFile(file, 'utf8')) as { catchers: ProofPlan }).catchers;
  } catch {
    return {}; // no plan: the whole search shows everything
  }
}

export async function writePlan(plan: ProofPlan, file: string = PLAN_FILE): Promise<void> {
  const sorted = Object.fromEntries(Object.entries(plan).sort(([a], [b]) => a.localeCompare(b)));
  const note = 'Written by every-case-can-fail.test.ts with CONFORMANCE_PROOF_PLAN=write (see proof-plan.ts); a hint only.';
  await writeFile(file, `${JSON.stringify({ note, catchers: sorted }, null, 1)}\n`);
}

/**
 * What a pair costs to run, in milliseconds: how long the case took, plus a start for a server
 * that is not served by the shared host, plus a lone run for a timeout (it needs one to be
 * confirmed). A whole-corpus student server answers one connection at a time: its pairs last.
 */
function cost(t: BrokenTarget, durationMs: number, timeout: boolean): number {
  const start = typeof t.server !== 'string' ? ('address' in t.server ? 0 : 100) : t.areas === null ? 1000 : 300;
  return durationMs + start + (timeout ? 5000 : 0);
}

/**
 * The plan shown by `outcomes`: every server that was caught keeps its cheapest catch, then
 * every case not yet in the plan gets its cheapest catcher.
 */
export function planFrom(outcomes: readonly TargetOutcome[]): ProofPlan {
  type Catch = { target: string; id: string; cost: number };
  const best = new Map<string, Catch>();
  for (const o of outcomes) {
    for (const c of o.report?.cases ?? []) {
      if (!caughtVerdict(c)) continue;
      const k: Catch = { target: o.target.name, id: c.id, cost: cost(o.target, c.durationMs, c.status === 'timeout') };
      const key = `${k.target}\0${k.id}`;
      const known = best.get(key);
      if (known === undefined || k.cost < known.cost) best.set(key, k);
    }
  }
  const catches = [...best.values()].sort((a, b) => a.cost - b.cost || a.target.localeCompare(b.target) || a.id.localeCompare(b.id));
  const plan: ProofPlan = {};
  const planned = new Set<string>();
  const assign = (k: Catch): void => {
    (plan[k.target] ??= []).push(k.id);
    planned.add(k.id);
  };
  for (const k of catches) if (plan[k.target] === undefined) assign(k);
  for (const k of catches) if (!planned.has(k.id)) assign(k);
  for (const ids of Object.values(plan)) ids.sort();
  return plan;
}

/** One job per server the plan names, on its planned cases that still exist and that it covers. */
export function plannedJobs(plan: ProofPlan, targets: readonly BrokenTarget[], cases: readonly Case[]): Job[] {
  const byId = new Map(cases.map((c) => [c.id, c]));
  const jobs: Job[] = [];
  for (const target of targets) {
    const ids = (plan[target.name] ?? []).filter((id) => {
      const c = byId.get(id);
      return c !== undefined && covers(target, c);
    });
    if (ids.length > 0) jobs.push({ target, ids });
  }
  return jobs;
}
