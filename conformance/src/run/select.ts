import type { Case } from '../case/types.ts';

export type Selection = { ids: string[]; grep: string[]; tags: string[]; areas: string[]; levels: string[] };

/** Keeps the cases every given filter admits; within one filter, any value may match. */
export function selectCases(cases: readonly Case[], s: Selection): Case[] {
  const grep = s.grep.map((g) => g.toLowerCase());
  const levels = s.levels.map((l) => l.toLowerCase());
  return cases.filter(
    (c) =>
      (s.ids.length === 0 || s.ids.includes(c.id)) &&
      (grep.length === 0 || grep.some((g) => c.id.toLowerCase().includes(g) || c.title.toLowerCase().includes(g))) &&
      (s.tags.length === 0 || s.tags.some((t) => c.tags.includes(t))) &&
      (s.areas.length === 0 || s.areas.includes(c.area)) &&
      (levels.length === 0 || levels.includes(c.level.toLowerCase())),
  );
}
