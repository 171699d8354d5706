// compare.json: every target with its summary and its score per area and per level, and every
// case with the status each target got. compare.md and compare.html are written from it (plus
// the targets' reports, for the details of a cell).

import { formatSplitMode, type SplitMode } from '../case/plan.ts';
import { AREAS, LEVELS, type Case } from '../case/types.ts';
import type { CaseResult, Report, Status, Summary } from '../result/types.ts';
import { byArea, byLevel } from '../report/breakdown.ts';
import type { TargetOutcome } from './run-targets.ts';
import { findings, hasLeak, isNotRun, noScoreText, targetCounts, type CompareSummary, type Finding, type TargetCounts } from './findings.ts';

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
  /** Its report.html, relative to compare.json. */
  page: string | null;
  /** Crashes, restarts, hangs, timeouts and cases not run. */
  counts: TargetCounts | null;
  /**
   * Set when some cases were not run (interrupted, or the server could not be brought back):
   * `no score (N of M not run)`, and `summary.score` is null, as is the score of every area and
   * level that holds such a case. A score over a fraction of the corpus would rank it unfairly.
   */
  noScore: string | null;
  /** Areas in which it served a file from outside the docroot. */
  leakAreas: string[];
  durationMs: number;
  summary: CompareSummary | null;
  areas: Record<string, CompareSummary>;
  levels: Record<string, CompareSummary>;
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
  /** How many targets graded the case (not skipped, not errored, ran). */
  graded: number;
  /** Share of those that passed or warned, 0..100; null when none graded it. */
  passRate: number | null;
};

export type Comparison = {
  tool: { name: string; version: string };
  startedAt: string;
  durationMs: number;
  options: Record<string, unknown>;
  summary: { targets: number; ran: number; cases: number; disagreements: number; splits: number };
  targets: CompareTarget[];
  /** Who has which serious bug: leaks, desynchronisations, crashes, hangs, servers that did not start. */
  findings: Finding[];
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
  /** Path of a ran target's report.html relative to compare.json. */
  pagePath?: (name: string) => string;
};

/** A case splits the class when between these shares of the targets that graded it passed. */
export const SPLIT_LOW = 20;
export const SPLIT_HIGH = 80;

export function splitsClass(c: Pick<CompareCase, 'passRate' | 'graded'>): boolean {
  return c.passRate !== null && c.graded >= 2 && c.passRate >= SPLIT_LOW && c.passRate <= SPLIT_HIGH;
}

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
      const graded = Object.values(statuses).filter((s) => s !== null && s !== 'skip' && s !== 'error');
      const good = graded.filter((s) => s === 'pass' || s === 'warn').length;
      const passRate = graded.length === 0 ? null : Math.round((1000 * good) / graded.length) / 10;
      return { key, id: c.id, mode, title: c.title, area: c.area, level: c.level, rfc: c.rfc, statuses, disagree: disagrees(Object.values(statuses)), graded: graded.length, passRate };
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
      splits: cases.filter(splitsClass).length,
    },
    targets: input.outcomes.map((o) => compareTarget(o, input.reportPath, input.pagePath)),
    findings: findings(input.outcomes),
    areas: present(AREAS, (c) => c.area),
    levels: present(LEVELS, (c) => c.level),
    cases,
  };
}

/** Statuses differ among the targets that graded the case; not running and skipping are no verdict. */
export function disagrees(statuses: readonly (Status | null)[]): boolean {
  return new Set(statuses.filter((s) => s !== null && s !== 'skip')).size > 1;
}

function compareTarget(o: TargetOutcome, reportPath: (name: string) => string, pagePath?: (name: string) => string): CompareTarget {
  const spec = o.entry.spec;
  const base = {
    name: o.name,
    kind: spec.kind,
    given: spec.kind === 'address' ? spec.address : spec.kind === 'command' ? spec.command : 'reference',
    capabilities: o.entry.capabilities ?? null,
  };
  if (!o.ran) return { ...base, ran: false, error: o.error, address: null, report: null, page: null, counts: null, noScore: null, leakAreas: [], durationMs: o.durationMs, summary: null, areas: {}, levels: {} };
  const r = o.report;
  const noScore = noScoreText(r);
  const record = (groups: ReturnType<typeof byArea>, key: 'area' | 'level'): Record<string, CompareSummary> =>
    Object.fromEntries(groups.map((g) => [g.name, noScore !== null && r.cases.some((c) => c[key] === g.name && isNotRun(c)) ? { ...g.summary, score: null } : g.summary]));
  return {
    ...base,
    ran: true,
    error: null,
    address: r.target.address,
    report: reportPath(o.name),
    page: pagePath ? pagePath(o.name) : null,
    counts: targetCounts(r),
    noScore,
    leakAreas: [...new Set(r.cases.filter((c) => hasLeak([c])).map((c) => c.area))],
    durationMs: r.durationMs,
    summary: noScore !== null ? { ...r.summary, score: null } : r.summary,
    areas: record(byArea(r.cases), 'area'),
    levels: record(byLevel(r.cases), 'level'),
  };
}

/** 1 when any target did not run, or failed, timed out or errored on a case; else 0. */
export function compareExitCode(c: Comparison): 0 | 1 {
  return c.targets.some((t) => !t.ran || (t.summary !== null && t.summary.failed + t.summary.timedOut + t.summary.errored > 0)) ? 1 : 0;
}
