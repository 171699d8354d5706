// compare.json: every target with its summary and its score per area and per level, and every
// case with the status each target got. compare.md and compare.html are written from it (plus
// the targets' reports, for the details of a cell).

import { formatSplitMode, type SplitMode } from '../case/plan.ts';
import { AREAS, LEVELS, type Case } from '../case/types.ts';
import type { CaseResult, Report, Status, Summary } from '../result/types.ts';
import { byArea, byLevel } from '../report/breakdown.ts';
import type { TargetOutcome } from './run-targets.ts';

export type CompareTarget = {
  name: string;
  kind: 'reference' | 'address' | 'command';
  /** As the targets file gives it: the address, the command, or `reference`. */
  given: string;
  /** `capabilities` as declared for this target; null when detected. */
  capabilities: string | null;
  ran: boolean;
  /** One line: why the target did not run (it did not start, it could not be reached). */
  error: string | null;
  /** Where it listened, when it ran. */
  address: string | null;
  /** Its report.json, relative to compare.json. */
  report: string | null;
  durationMs: number;
  summary: Summary | null;
  areas: Record<string, Summary>;
  levels: Record<string, Summary>;
};

export type CompareCase = {
  /** `id`, or `id [mode]` for a send mode other than as-written. */
  key: string;
  id: string;
  mode: string;
  title: string;
  area: string;
  level: string;
  rfc: string;
  /** Target name to status; null for a target that did not run. */
  statuses: Record<string, Status | null>;
  /** Two targets that graded this case got different statuses (skips do not count). */
  disagree: boolean;
};

export type Comparison = {
  tool: { name: string; version: string };
  startedAt: string;
  durationMs: number;
  options: Record<string, unknown>;
  summary: { targets: number; ran: number; cases: number; disagreements: number };
  targets: CompareTarget[];
  /** The areas and levels of the selected cases, in the corpus's order. */
  areas: string[];
  levels: string[];
  cases: CompareCase[];
};

export type ComparisonInput = {
  tool: Comparison['tool'];
  startedAt: Date;
  durationMs: number;
  options: Record<string, unknown>;
  cases: readonly Case[];
  modes: readonly SplitMode[];
  outcomes: readonly TargetOutcome[];
  /** Path of a ran target's report.json relative to compare.json. */
  reportPath: (name: string) => string;
};

export function caseKey(id: string, mode: string): string {
  return mode === 'as-written' ? id : `${id} [${mode}]`;
}

/** Each ran target's results by case key. */
export function resultsByKey(report: Report): Map<string, CaseResult> {
  return new Map(report.cases.map((c) => [caseKey(c.id, c.mode), c]));
}

export function buildComparison(input: ComparisonInput): Comparison {
  const indexed = input.outcomes.map((o) => (o.ran ? resultsByKey(o.report) : null));
  // Rows per send mode, and within a mode in the order of AREAS, as the per-area tables are.
  const rank = (area: string): number => ((AREAS as readonly string[]).includes(area) ? (AREAS as readonly string[]).indexOf(area) : AREAS.length);
  const ordered = input.cases.map((c, i) => ({ c, i })).sort((a, b) => rank(a.c.area) - rank(b.c.area) || a.i - b.i).map(({ c }) => c);
  const cases: CompareCase[] = input.modes.flatMap((m) => {
    const mode = formatSplitMode(m);
    return ordered.map((c) => {
      const key = caseKey(c.id, mode);
      const statuses: Record<string, Status | null> = {};
      input.outcomes.forEach((o, i) => {
        statuses[o.name] = indexed[i]?.get(key)?.status ?? null;
      });
      return { key, id: c.id, mode, title: c.title, area: c.area, level: c.level, rfc: c.rfc, statuses, disagree: disagrees(Object.values(statuses)) };
    });
  });
  const present = (order: readonly string[], pick: (c: CompareCase) => string): string[] => {
    const seen = new Set(cases.map(pick));
    return [...order.filter((x) => seen.has(x)), ...[...seen].filter((x) => !order.includes(x)).sort()];
  };
  return {
    tool: input.tool,
    startedAt: input.startedAt.toISOString(),
    durationMs: input.durationMs,
    options: input.options,
    summary: {
      targets: input.outcomes.length,
      ran: input.outcomes.filter((o) => o.ran).length,
      cases: cases.length,
      disagreements: cases.filter((c) => c.disagree).length,
    },
    targets: input.outcomes.map((o) => compareTarget(o, input.reportPath)),
    areas: present(AREAS, (c) => c.area),
    levels: present(LEVELS, (c) => c.level),
    cases,
  };
}

/** Statuses differ among the targets that graded the case; not running and skipping are no verdict. */
export function disagrees(statuses: readonly (Status | null)[]): boolean {
  return new Set(statuses.filter((s) => s !== null && s !== 'skip')).size > 1;
}

function compareTarget(o: TargetOutcome, reportPath: (name: string) => string): CompareTarget {
  const spec = o.entry.spec;
  const base = {
    name: o.name,
    kind: spec.kind,
    given: spec.kind === 'address' ? spec.address : spec.kind === 'command' ? spec.command : 'reference',
    capabilities: o.entry.capabilities ?? null,
  };
  if (!o.ran) return { ...base, ran: false, error: o.error, address: null, report: null, durationMs: o.durationMs, summary: null, areas: {}, levels: {} };
  const r = o.report;
  const record = (groups: ReturnType<typeof byArea>): Record<string, Summary> => Object.fromEntries(groups.map((g) => [g.name, g.summary]));
  return {
    ...base,
    ran: true,
    error: null,
    address: r.target.address,
    report: reportPath(o.name),
    durationMs: r.durationMs,
    summary: r.summary,
    areas: record(byArea(r.cases)),
    levels: record(byLevel(r.cases)),
  };
}

/** 1 when any target did not run, or failed, timed out or errored on a case; else 0. */
export function compareExitCode(c: Comparison): 0 | 1 {
  return c.targets.some((t) => !t.ran || (t.summary !== null && t.summary.failed + t.summary.timedOut + t.summary.errored > 0)) ? 1 : 0;
}
