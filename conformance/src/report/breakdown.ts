// Counts per area and per level, in the corpus's own order, for every report that summarises.

import { AREAS, LEVELS } from '../case/types.ts';
import type { CaseResult, Summary } from '../result/types.ts';
import { summarize } from '../run/summary.ts';

export type Group<K extends string> = { name: K; summary: Summary };

/** One summary per area that has cases, areas in `AREAS` order (unknown areas last). */
export function byArea(cases: readonly CaseResult[]): Group<string>[] {
  return groupBy(cases, (c) => c.area, AREAS);
}

/** One summary per level that has cases, levels in `LEVELS` order. */
export function byLevel(cases: readonly CaseResult[]): Group<string>[] {
  return groupBy(cases, (c) => c.level, LEVELS);
}

function groupBy(cases: readonly CaseResult[], key: (c: CaseResult) => string, order: readonly string[]): Group<string>[] {
  const groups = new Map<string, CaseResult[]>();
  for (const c of cases) {
    const k = key(c);
    const list = groups.get(k);
    if (list) list.push(c);
    else groups.set(k, [c]);
  }
  const rank = (k: string): number => (order.includes(k) ? order.indexOf(k) : order.length);
  return [...groups.keys()]
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((name) => ({ name, summary: summarize(groups.get(name)!) }));
}

/** Statuses the server is blamed for, in the order reports list them. */
export const FAILING = ['fail', 'timeout', 'error'] as const;

export function isFailing(c: Pick<CaseResult, 'status'>): boolean {
  return (FAILING as readonly string[]).includes(c.status);
}
