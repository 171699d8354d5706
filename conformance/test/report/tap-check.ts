// Reading TAP back with tap-parser, strictly, for the TAP reporter tests.

import { Parser, type Result } from 'tap-parser';
import type { Report } from '../../src/result/types.ts';

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
