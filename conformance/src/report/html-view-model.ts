// What report.html embeds for its script: the report's cases with the work a browser should not
// repeat done here (which alternative to compare against, what differs, the shell one-liner),
// and long byte strings cut so that a 2000-case page stays a few megabytes.

import type { CaseResult, Report, WireEntry } from '../result/types.ts';
import { byArea, byLevel, type Group } from './breakdown.ts';
import { diffOutcome, type Span } from './outcome-diff.ts';
import { shellRepro } from './shell-repro.ts';
import { gradeLabel } from '../judge/grade-label.ts';
import { sideLabel } from './wire-text.ts';

/** Escaped text longer than this is cut in the page (report.json keeps more). */
export const PAGE_TEXT_MAX = 64 * 1024;

/** A span as `[text, 1]` when it differs, `[text]` when not: compact in the embedded JSON. */
export type PageSpan = [text: string, differs?: 1];

/** A `before:` connection as the page shows it: the label every report uses, then its table. */
export type PageSide = { label: string; wire: WireEntry[] };

export type PageAlternative = { spans: PageSpan[]; role: 'matched' | 'closest' | 'other' };

export type PageCase = Omit<CaseResult, 'expected' | 'actual' | 'wire' | 'received' | 'matched' | 'before'> & {
  expected: PageAlternative[];
  actual: PageSpan[];
  wire: WireEntry[];
  before?: PageSide[];
  received: string;
  shell: { command: string; notes: string[] };
  /** The level beside the verdict in words that agree with it (judge/grade-label.ts). */
  label: string;
};

export type PageData = {
  tool: Report['tool'];
  target: Report['target'];
  startedAt: string;
  durationMs: number;
  summary: Report['summary'];
  areas: Group<string>[];
  levels: Group<string>[];
  cases: PageCase[];
};

export function pageData(report: Report): PageData {
  return {
    tool: report.tool,
    target: report.target,
    startedAt: report.startedAt,
    durationMs: report.durationMs,
    summary: report.summary,
    areas: byArea(report.cases),
    levels: byLevel(report.cases),
    cases: report.cases.map((c) => pageCase(c, report.target.address)),
  };
}

function pageCase(c: CaseResult, address: string): PageCase {
  const { expected, actual, wire, received, matched, before, ...rest } = c;
  const primary = primaryAlternative(c);
  const diffs = expected.map((e) => diffOutcome(e, actual));
  const shell = shellRepro(c, address);
  return {
    ...rest,
    expected: diffs.map((d, i) => ({
      spans: compact(d.expected),
      role: i === matched ? 'matched' : i === primary && matched === null ? 'closest' : 'other',
    })),
    // A matched alternative has nothing to point at; otherwise compare with the closest one.
    actual: compact(matched === null && c.status !== 'skip' && diffs[primary] ? diffs[primary].actual : [{ text: actual, differs: false }]),
    wire: wire.map(cutEntry),
    ...(before ? { before: before.map((s) => ({ label: sideLabel(s), wire: s.wire.map(cutEntry) })) } : {}),
    received: cutText(received),
    shell: { command: shell.command, notes: shell.notes },
    label: gradeLabel(c),
  };
}

/** The matched alternative, else the one the judge named closest, else the first. */
export function primaryAlternative(c: Pick<CaseResult, 'matched' | 'message' | 'expected'>): number {
  if (c.matched !== null) return c.matched;
  const named = /^closest allowed outcome "(.*?)": /.exec(c.message)?.[1];
  if (named !== undefined) {
    const i = c.expected.findIndex((e) => e === named || e.startsWith(`${named} [`));
    if (i !== -1) return i;
  }
  return 0;
}

function compact(spans: Span[]): PageSpan[] {
  return spans.map((s) => (s.differs ? [s.text, 1] : [s.text]));
}

function cutEntry(e: WireEntry): WireEntry {
  return e.kind === 'write' || e.kind === 'read' ? { ...e, text: cutText(e.text) } : e;
}

// Cut on an escape boundary (never inside `\x41` or `\\`), in the notation the report already uses.
function cutText(text: string): string {
  if (text.length <= PAGE_TEXT_MAX) return text;
  let end = 0;
  while (end < PAGE_TEXT_MAX) {
    const step = text[end] === '\\' ? (text[end + 1] === 'x' ? 4 : 2) : 1;
    if (end + step > PAGE_TEXT_MAX) break;
    end += step;
  }
  return `${text.slice(0, end)}... (${text.length - end} more characters in report.json)`;
}
