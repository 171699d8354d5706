// What compare.html embeds for its script: one row per case, one cell per target with what the
// cell expands to (the verdict, what was expected, what came back, how to re-run it). Long text
// is cut: the targets' report.json files keep everything.

import type { CaseResult, Status } from '../result/types.ts';
import { primaryAlternative } from '../report/html-view-model.ts';
import { resultsByKey, type Comparison } from './comparison.ts';
import type { TargetOutcome } from './run-targets.ts';

/** Characters kept of one message, actual outcome or expected line in the page. */
export const CELL_TEXT_MAX = 2000;

export type PageCell = {
  status: Status;
  message: string;
  actual: string;
  /** Present only where it differs from the row's `expected` (a placeholder took another value). */
  expected?: string[];
  /** The alternative that matched, else the closest one (marked in the expanded cell). */
  matched: number | null;
  closest: number;
  reproduce: string;
};

export type PageRow = {
  key: string;
  id: string;
  title: string;
  area: string;
  level: string;
  rfc: string;
  quote: string;
  disagree: boolean;
  expected: string[];
  /** One per target, in column order; null where the target did not run. */
  cells: (PageCell | null)[];
};

export type ComparePageData = {
  targets: Array<{ name: string; ran: boolean; error: string | null }>;
  rows: PageRow[];
};

export function comparePageData(c: Comparison, outcomes: readonly TargetOutcome[]): ComparePageData {
  const indexed = outcomes.map((o) => (o.ran ? resultsByKey(o.report) : null));
  return {
    targets: c.targets.map((t) => ({ name: t.name, ran: t.ran, error: t.error })),
    rows: c.cases.map((row) => {
      const results = indexed.map((m) => m?.get(row.key) ?? null);
      const first = results.find((r) => r !== null) ?? null;
      const expected = first ? first.expected.map(cut) : [];
      return {
        key: row.key,
        id: row.id,
        title: row.title,
        area: row.area,
        level: row.level,
        rfc: row.rfc,
        quote: first ? cut(first.quote) : '',
        disagree: row.disagree,
        expected,
        cells: results.map((r) => (r === null ? null : pageCell(r, expected))),
      };
    }),
  };
}

function pageCell(r: CaseResult, rowExpected: readonly string[]): PageCell {
  const expected = r.expected.map(cut);
  const same = expected.length === rowExpected.length && expected.every((e, i) => e === rowExpected[i]);
  return {
    status: r.status,
    message: cut(r.message),
    actual: cut(r.actual),
    ...(same ? {} : { expected }),
    matched: r.matched,
    closest: primaryAlternative(r),
    reproduce: cut(r.reproduce),
  };
}

function cut(s: string): string {
  return s.length <= CELL_TEXT_MAX ? s : `${s.slice(0, CELL_TEXT_MAX)}... (${s.length - CELL_TEXT_MAX} more characters in the target's report.json)`;
}
