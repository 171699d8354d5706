import { Parser, type Result } from 'tap-parser';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/result/types.ts';
import { renderTap } from '../../src/report/tap-reporter.ts';
import { handBuiltReport } from './sample-reports.ts';

type Complete = { ok: boolean; count: number; pass: number; fail: number; skip: number; failures: Result[]; plan: { end: number } };
type Parsed = Omit<Complete, 'plan'> & { planned: number; results: Result[]; extra: string[] };

/** Parses TAP with tap-parser in strict mode (anything that is not TAP is a failure). */
export function parseTap(text: string): Parsed {
  const results: Result[] = [];
  const extra: string[] = [];
  const p = new Parser({ strict: true });
  p.on('assert', (r: Result) => results.push(r));
  p.on('extra', (e: string) => extra.push(e));
  let final: Parsed | undefined;
  p.on('complete', (f: Complete) => {
    final = { ok: f.ok, count: f.count, pass: f.pass, fail: f.fail, skip: f.skip, failures: f.failures, planned: f.plan.end, results, extra };
  });
  p.end(text);
  if (!final) throw new Error('tap-parser did not complete');
  return final;
}

/** What tap-parser could not read: stray lines, bad YAML blocks, a plan the points do not fill. */
export function parseProblems(parsed: Parsed): string[] {
  return [
    ...parsed.failures.filter((f) => f.tapError).map((f) => String(f.tapError)),
    ...parsed.extra.map((e) => `extra: ${e}`),
    ...(parsed.planned === parsed.count ? [] : [`plan 1..${parsed.planned} but ${parsed.count} test points`]),
  ];
}

/** What the TAP counts must be for a report: warn passes, skip is its own, the rest fail. */
export function expectedTapCounts(report: Report): { pass: number; fail: number; skip: number } {
  const s = report.summary;
  return { pass: s.passed + s.warned + s.skipped, fail: s.failed + s.timedOut + s.errored, skip: s.skipped };
}

describe('tap reporter', () => {
  const report = handBuiltReport();
  const text = renderTap(report);
  const parsed = parseTap(text);

  it('is TAP version 14 with a plan', () => {
    expect(text.split('\n').slice(0, 2)).toEqual(['TAP version 14', '1..7']);
    expect(parsed.count).toBe(7);
  });

  it('parses without errors and with the right pass, fail and skip counts', () => {
    expect(parseProblems(parsed)).toEqual([]);
    // tap-parser counts skipped points among the passes.
    expect({ pass: parsed.pass, fail: parsed.fail, skip: parsed.skip }).toEqual(expectedTapCounts(report));
    expect(parsed.fail).toBe(3);
    expect(parsed.ok).toBe(false);
  });

  it('gives skips their reason and failures a YAML block the parser reads back', () => {
    const skip = parsed.results.find((r) => r.name.startsWith('cl-skip'))!;
    expect(skip.skip).toBe('target does not offer echo');
    const fail = parsed.results.find((r) => r.name.startsWith('cl-fail-evil'))!;
    expect(fail.ok).toBe(false);
    const diag = fail.diag as Record<string, unknown>;
    expect(diag.level).toBe('security');
    expect(diag.rfc).toBe('RFC 9112 §6.3');
    expect(diag.expected).toEqual(report.cases[3]!.expected);
    expect(diag.actual).toBe(report.cases[3]!.actual);
    expect(diag.message).toBe(report.cases[3]!.message);
    expect(String(diag.transcript)).toContain('pause  300 ms');
    const warn = parsed.results.find((r) => r.name.startsWith('cl-warn'))!;
    expect(warn.ok).toBe(true);
    expect((warn.diag as Record<string, unknown>).severity).toBe('warn');
  });

  it('escapes # and backslash in descriptions so no directive is invented', () => {
    const r = structuredClone(report);
    r.cases[0]!.title = 'has # SKIP inside \\ and a\nnewline';
    const p = parseTap(renderTap(r));
    expect(parseProblems(p)).toEqual([]);
    expect(p.skip).toBe(1);
    expect(p.results[0]!.name).toBe('cl-pass-a: has # SKIP inside \\ and a newline');
  });
});
