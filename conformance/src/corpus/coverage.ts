// `--coverage`: which RFC sections the selected cases check, and how many cases check each.

import type { Case, Level } from '../case/types.ts';

export type SectionCoverage = { section: string; cases: number; levels: Partial<Record<Level, number>> };

/** `RFC 9112 §6.3; RFC 9110 §8.6` -> [`RFC 9112 §6.3`, `RFC 9110 §8.6`] */
export function sectionsOf(rfc: string): string[] {
  return rfc.split(';').map((s) => s.trim()).filter(Boolean);
}

export function coverage(cases: readonly Case[]): SectionCoverage[] {
  const bySection = new Map<string, SectionCoverage>();
  for (const c of cases) {
    for (const section of new Set(sectionsOf(c.rfc))) {
      const row = bySection.get(section) ?? { section, cases: 0, levels: {} };
      row.cases++;
      row.levels[c.level] = (row.levels[c.level] ?? 0) + 1;
      bySection.set(section, row);
    }
  }
  return [...bySection.values()].sort((a, b) => compareSections(a.section, b.section));
}

/** Orders `RFC 9110 §5.6.2` before `RFC 9110 §15.5`: numbers compare as numbers. */
function compareSections(a: string, b: string): number {
  const key = (s: string): Array<string | number> => s.split(/[^0-9A-Za-z]+/).filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const ka = key(a);
  const kb = key(b);
  for (let i = 0; i < Math.max(ka.length, kb.length); i++) {
    const x = ka[i];
    const y = kb[i];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x).localeCompare(String(y));
  }
  return 0;
}

export function formatCoverage(rows: readonly SectionCoverage[], total: number): string {
  const width = Math.max(...rows.map((r) => r.section.length), 7);
  const lines = rows.map((r) => {
    const levels = Object.entries(r.levels).map(([l, n]) => `${l} ${n}`).join(', ');
    return `${r.section.padEnd(width)}  ${String(r.cases).padStart(4)}  ${levels}`;
  });
  return [`${'section'.padEnd(width)}  cases  levels`, ...lines, `${rows.length} sections checked by ${total} cases`].join('\n');
}
