// A target with cases not run (its server could not be brought back, or the run was
// interrupted) gets no score in compare.md, compare.html, compare.json and grades.csv: a score
// over the cases that ran would rank it above targets that ran them all. And the per-target
// "hangs" count counts hangs (the server answered no one), not timeouts.

import { describe, expect, it } from 'vitest';
import type { Case } from '../../src/case/types.ts';
import { renderCompareHtml } from '../../src/compare/compare-html.ts';
import { renderCompareMarkdown } from '../../src/compare/compare-markdown.ts';
import { buildComparison } from '../../src/compare/comparison.ts';
import { renderGradesCsv } from '../../src/compare/grades-csv.ts';
import type { TargetOutcome } from '../../src/compare/run-targets.ts';
import type { CaseResult, Health, Report, Status } from '../../src/result/types.ts';
import { comparisonInput, reportOf } from './hand-built.ts';

const CASES = ['a', 'b', 'c', 'd'].map((id, i) => ({ id, title: id, area: i < 2 ? 'request-line' : 'host', level: 'MUST', rfc: 'RFC 9112 §3' })) as unknown as Case[];

function result(c: Case, status: Status, message: string): CaseResult {
  return { id: c.id, title: c.title, area: c.area, level: c.level, rfc: c.rfc, quote: '', status, message, expected: [], actual: '', matched: null, durationMs: 1, mode: 'as-written', wire: [], received: '', reproduce: '' };
}

function ran(name: string, rows: Array<[Status, string]>, extra: Partial<Report> = {}): Extract<TargetOutcome, { ran: true }> {
  const report = reportOf('127.0.0.1:1', CASES.map((c, i) => result(c, rows[i]![0], rows[i]![1])), extra);
  return { name, entry: { name, spec: { kind: 'address', address: '127.0.0.1:1' }, line: 1 }, ran: true, report };
}

function compare(outcomes: TargetOutcome[]) {
  return buildComparison(comparisonInput(CASES, outcomes));
}

const GONE = 'not run: the server crashed and could not be started again (spawn ENOENT)';
// Passed the two request-line cases, then its server died for good: 100% over half the corpus.
const partial = ran('partial', [['pass', 'ok'], ['pass', 'ok'], ['error', GONE], ['error', GONE]]);
const whole = ran('whole', [['pass', 'ok'], ['pass', 'ok'], ['pass', 'ok'], ['fail', 'expected 400, got 200']]);
const interrupted = ran('stopped', [['pass', 'ok'], ['pass', 'ok'], ['pass', 'ok'], ['error', 'not run: the run was interrupted (SIGINT)']], { interrupted: true, notRun: 1 });

describe('a target with cases not run', () => {
  const c = compare([partial, whole, interrupted]);

  it('has no score in compare.json, for the target and for the areas holding those cases', () => {
    const json = JSON.parse(JSON.stringify(c)) as typeof c;
    const t = json.targets.find((x) => x.name === 'partial')!;
    expect(t.summary!.score).toBeNull();
    expect(t.noScore).toBe('no score (2 of 4 not run)');
    expect(t.areas.host!.score).toBeNull();
    expect(t.areas['request-line']!.score).toBe(100);
    expect(t.levels.MUST!.score).toBeNull();
    expect(json.targets.find((x) => x.name === 'stopped')!.noScore).toBe('no score (1 of 4 not run, interrupted)');
    expect(json.targets.find((x) => x.name === 'whole')!.summary!.score).toBe(75);
    expect(json.targets.find((x) => x.name === 'whole')!.noScore).toBeNull();
  });

  it('says "no score (N of M not run)" in compare.md, for the target and its areas', () => {
    const md = renderCompareMarkdown(c);
    expect(md).toMatch(/^\| partial \| no score \(2 of 4 not run\) \| 2 \|/m);
    expect(md).toMatch(/^\| stopped \| no score \(1 of 4 not run, interrupted\) \|/m);
    expect(md).toMatch(/^\| whole \| 75% \|/m);
    expect(md).not.toMatch(/^\| partial \| 100%/m);
    expect(md).toMatch(/^\| host \| 2 \| no score \| 50% \| no score \|/m);
  });

  it('says so in compare.html, sorting below every score', () => {
    const page = renderCompareHtml(c, [partial, whole, interrupted]);
    expect(page).toContain('<td class="big-score none" data-v="-1" title="a score over the cases run would rank it unfairly">no score (2 of 4 not run)</td>');
    expect(page).not.toMatch(/data-v="100">100%<\/td>/);
    expect(page).toContain('title="partial: no score (2 of 4 not run) (click for its report)"');
  });

  it('leaves the score cell of grades.csv empty and says why in the note', () => {
    const rows = renderGradesCsv(c).trim().split('\r\n').map((r) => r.split(','));
    const partialRow = rows.find((r) => r[0] === 'partial')!;
    expect(partialRow[1]).toBe('');
    expect(partialRow.at(-1)).toBe('no score (2 of 4 not run)');
    expect(rows.find((r) => r[0] === 'whole')![1]).toBe('75');
  });
});

describe("a target's hangs and timeouts", () => {
  const health = (hangs: string[]): Health => ({
    baseline: { answered: true, correct: true, latencyMs: 1, got: '200' },
    probeFindings: [],
    crashes: 0,
    hangs,
    restarts: hangs.length,
    timeoutsRerun: 0,
    timeoutsPassedAlone: 0,
    timeoutsNotRerun: 0,
    notRun: 0,
    concurrency: { start: 1, lowest: 1, end: 1 },
    sentence: null,
  });
  const slow = ran('slow', [['timeout', 'no response within 2000 ms'], ['timeout', 'no response within 2000 ms'], ['pass', 'ok'], ['pass', 'ok']], { health: health([]) });
  const stuck = ran('stuck', [['fail', 'hung the server: after this case a fresh GET of /hello.txt got no answer within 2000 ms; the server was started again (x)'], ['pass', 'ok'], ['timeout', 'no response within 2000 ms'], ['pass', 'ok']], { health: health(['hung by case a']) });
  // A report written before the run recorded its health: the cases blamed for a hang count.
  const { health: _, ...old } = stuck.report;
  const oldStuck: TargetOutcome = { ...stuck, name: 'old', report: old };
  const c = compare([slow, stuck, oldStuck]);

  it('counts hangs apart from timeouts', () => {
    expect(c.targets.map((t) => [t.name, t.counts!.hangs, t.counts!.timeouts])).toEqual([
      ['slow', 0, 2],
      ['stuck', 1, 1],
      ['old', 1, 1],
    ]);
  });

  it('lists hangs and timeouts as two findings', () => {
    const byKey = new Map(c.findings.map((f) => [f.key, f.targets.map((t) => `${t.name}:${t.cases.join('+')}`)]));
    expect(byKey.get('hang')).toEqual(['stuck:a', 'old:a']);
    expect(byKey.get('timeout')).toEqual(['slow:a+b', 'stuck:c', 'old:c']);
  });
});
