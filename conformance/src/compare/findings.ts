// Who has which serious bug, across a class: a finding is one kind of harm (a file served from
// outside the docroot, a desynchronisation in one area, a crash, a hang, a server that did not
// start), with the targets that showed it and on which cases. compare.html and compare.md put
// the findings above the per-case grid, so an instructor sees "alice and bob leak" before 490 rows.

import type { CaseResult, Report, Summary } from '../result/types.ts';
import { causeOf } from '../report/digest.ts';
import type { TargetOutcome } from './run-targets.ts';
import { HUNG, NOT_RUN } from '../result/verdict-prefixes.ts';

export type Finding = {
  key: string;
  /** What the targets did, in words. */
  what: string;
  severity: 'leak' | 'desync' | 'crash' | 'hang' | 'error' | 'not-run';
  /** The targets that showed it, in the targets' order, with the cases that showed it. */
  targets: Array<{ name: string; cases: string[] }>;
};

/**
 * Per target: what the summary's counts do not say on their own. `hangs` are the times the server
 * stopped answering everyone (a fresh GET got nothing after a case); `timeouts` are cases that
 * got no answer in time, which a server that waits for bytes that never come also gives.
 */
export type TargetCounts = { crashes: number; restarts: number; hangs: number; timeouts: number; notRun: number };

/** A summary as compare shows it: no score when part of the cases in it were not run. */
export type CompareSummary = Omit<Summary, 'score'> & { score: number | null };

/** Cases with no verdict: the run was interrupted, or the server could not be brought back. */
export function notRunCount(report: Report): number {
  return report.notRun ?? report.cases.filter((c) => isNotRun(c)).length;
}

export function isNotRun(c: CaseResult): boolean {
  return c.status === 'error' && c.message.startsWith(NOT_RUN);
}

/**
 * The terminal's rule (report/terminal-reporter.ts): a score over a fraction of the corpus is no
 * score. The words shown in its place, or null when every case was run.
 */
export function noScoreText(report: Report): string | null {
  const notRun = notRunCount(report);
  if (notRun === 0 && report.interrupted !== true) return null;
  return `no score (${notRun} of ${report.summary.total} not run${report.interrupted === true ? ', interrupted' : ''})`;
}

// Areas as they read after "desynchronised on".
const AREA_WORDS: Partial<Record<string, string>> = {
  chunked: 'chunked bodies',
  'content-length': 'Content-Length bodies',
  'transfer-encoding': 'Transfer-Encoding',
  smuggling: 'conflicting framing (smuggling vectors)',
  pipelining: 'pipelined requests',
  connection: 'connection handling',
  'expect-continue': 'Expect: 100-continue',
  'header-fields': 'malformed header fields',
  'request-line': 'malformed request lines',
  limits: 'oversized or endless input (limits)',
  'response-framing': 'response framing',
  fragmentation: 'requests split across writes',
  methods: 'methods (HEAD, OPTIONS, unknown ones)',
};

export function findings(outcomes: readonly TargetOutcome[]): Finding[] {
  const rows = new Map<string, Finding>();
  const note = (key: string, what: string, severity: Finding['severity'], name: string, id: string | null): void => {
    let f = rows.get(key);
    if (!f) rows.set(key, (f = { key, what, severity, targets: [] }));
    let t = f.targets.find((x) => x.name === name);
    if (!t) f.targets.push((t = { name, cases: [] }));
    if (id !== null && !t.cases.includes(id)) t.cases.push(id);
  };
  for (const o of outcomes) {
    if (!o.ran) {
      note('not-run', 'did not start or could not be reached', 'not-run', o.name, null);
      continue;
    }
    for (const c of o.report.cases) {
      if (c.status === 'pass' || c.status === 'skip' || c.status === 'warn') continue;
      const { severity } = causeOf(c);
      if (severity === 'leak') note('leak', 'served a file from outside the docroot', 'leak', o.name, c.id);
      else if (severity === 'desync') note(`desync:${c.area}`, `desynchronised on ${AREA_WORDS[c.area] ?? c.area}`, 'desync', o.name, c.id);
      else if (severity === 'crash') note('crash', 'crashed (the process died; it was restarted)', 'crash', o.name, c.id);
      // A hang stopped the server answering anyone; a timeout is one case left unanswered.
      else if (severity === 'hang' && c.message.startsWith(HUNG)) note('hang', 'hung: after a case the server answered no one until restarted', 'hang', o.name, c.id);
      else if (severity === 'hang') note('timeout', 'timed out: no answer to a case within the time bound', 'hang', o.name, c.id);
      // An interrupt is the user's doing, not the server's: kept apart so it is never charged to it.
      else if (severity === 'error' && /interrupted/.test(c.message)) note('interrupted', 'cases not run: the run was interrupted', 'error', o.name, c.id);
      else if (severity === 'error') note('error', 'cases not run: the server could not be reached or brought back', 'error', o.name, c.id);
    }
  }
  const order: Finding['severity'][] = ['leak', 'desync', 'crash', 'hang', 'error', 'not-run'];
  return [...rows.values()].sort((a, b) => order.indexOf(a.severity) - order.indexOf(b.severity) || b.targets.length - a.targets.length || a.key.localeCompare(b.key));
}

export function targetCounts(report: Report): TargetCounts {
  const crashed = report.cases.filter((c) => causeOf(c).severity === 'crash' && c.status !== 'pass');
  return {
    crashes: crashed.length,
    restarts: crashed.filter((c) => c.message.includes('restarted')).length,
    // The run's own count when it recorded one (run/watch.ts), else the cases blamed for a hang.
    hangs: report.health?.hangs.length ?? report.cases.filter((c) => c.message.startsWith(HUNG)).length,
    timeouts: report.cases.filter((c) => c.status === 'timeout').length,
    notRun: notRunCount(report),
  };
}

/** True when any of these results is a leak: its area's score must never read as clean. */
export function hasLeak(cases: readonly CaseResult[]): boolean {
  return cases.some((c) => c.status === 'fail' && causeOf(c).severity === 'leak');
}

/**
 * A score as shown: never `100%` while something in it failed or hung (a rounding of 99.96 would
 * read as a clean area).
 */
export function shownScore(s: CompareSummary): string {
  if (s.score === null) return 'no score';
  const blemished = s.failed + s.timedOut > 0;
  return `${blemished && s.score >= 100 ? 99.9 : s.score}%`;
}
