import type { Case } from '../case/types.ts';
import type { Flags } from '../cli/flags.ts';

export type Selection = {
  ids: string[];
  grep: string[];
  tags: string[];
  areas: string[];
  levels: string[];
  /** `--exclude`: ids and tags whose cases are left out, whatever else selects them. */
  exclude?: string[];
  /** Cases tagged `slow` run only with --slow, or when named by --id or --tag slow. */
  slow: boolean;
};

/** Cases that take tens of seconds each (slow clients, idle timeouts): opt-in. */
export const SLOW_TAG = 'slow';

export function selectionOf(flags: Flags): Selection {
  return { ids: flags.id, grep: flags.grep, tags: flags.tag, areas: flags.area, levels: flags.level, exclude: flags.exclude, slow: flags.slow ?? false };
}

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
      (levels.length === 0 || levels.includes(c.level.toLowerCase())) &&
      !(s.exclude ?? []).some((x) => x === c.id || c.tags.includes(x)) &&
      (s.slow || !c.tags.includes(SLOW_TAG) || s.ids.includes(c.id) || s.tags.includes(SLOW_TAG)),
  );
}

/** One line saying how many selected cases were left out for being slow, or null if none. */
export function slowNote(cases: readonly Case[], s: Selection): string | null {
  const left = selectCases(cases, { ...s, slow: true }).length - selectCases(cases, s).length;
  if (left === 0) return null;
  return `left out ${left} slow case${left === 1 ? '' : 's'} (slow clients and idle timeouts, up to 105 s each): add --slow to run ${left === 1 ? 'it' : 'them'}`;
}
