// The length bounds on what a run reports: report.json fitted under its bound (byte-identical to
// JSON.stringify when it fits), `actual` cut keeping how the exchange ended, terminal lines cut
// keeping the rerun command.

import { describe, expect, it } from 'vitest';
import { boundLine, boundResult, cutMiddle, MAX_RESULT_TEXT, reportJsonPieces } from '../../src/report/result-bounds.ts';
import type { CaseResult, Report } from '../../src/result/types.ts';

function result(id: string, bytes: number): CaseResult {
  return {
    id, title: 't', area: 'limits', level: 'MUST', rfc: 'RFC 9112 §2.2', quote: 'q', status: 'fail', message: 'm',
    expected: ['200'], actual: 'x', matched: null, durationMs: 1, mode: 'as-written',
    wire: [{ kind: 'write', atMs: 0, text: 'GET / HTTP/1.1\\r\\n\\r\\n' }, { kind: 'read', atMs: 1, text: 'y'.repeat(bytes) }, { kind: 'end', atMs: 2, how: 'closed' }],
    received: 'y'.repeat(bytes), reproduce: `npm run conformance -- --id ${id}`,
  } as CaseResult;
}

function report(cases: CaseResult[]): Report {
  return { tool: { name: 'http11-conformance', version: '0' }, target: { kind: 'address', address: 'h:1' }, startedAt: 'now', durationMs: 1, options: {}, summary: { total: cases.length }, cases } as unknown as Report;
}

describe('report.json bounds', () => {
  it('is JSON.stringify(report, null, 2) when it fits, and fits its bound when it does not', () => {
    const small = report([result('a', 10), result('b', 20)]);
    expect(reportJsonPieces(small).join('')).toBe(`${JSON.stringify(small, null, 2)}\n`);
    expect(reportJsonPieces(report([])).join('')).toBe(`${JSON.stringify(report([]), null, 2)}\n`);

    const big = report([...Array.from({ length: 50 }, (_, i) => result(`big-${i}`, 100_000)), result('tiny', 10)]);
    const text = reportJsonPieces(big, 1_000_000).join('');
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(1_000_000);
    const parsed = JSON.parse(text) as Report;
    expect(parsed.cases).toHaveLength(51);
    // Small cases keep everything; large ones say what was cut.
    expect(parsed.cases[50]).toEqual(result('tiny', 10));
    expect(parsed.cases[0]!.received).toMatch(/more characters, cut to keep report\.json under its size bound\)$/);
  });
});

describe('line bounds', () => {
  it('cuts actual in the middle, keeping how the exchange ended', () => {
    const actual = `${'100 Continue, then '.repeat(500)}stopped reading`;
    const bounded = boundResult({ ...result('a', 1), actual }).actual;
    expect(bounded.length).toBeLessThan(MAX_RESULT_TEXT + 100);
    expect(bounded.endsWith('stopped reading')).toBe(true);
    expect(cutMiddle('abc', 10)).toBe('abc');
  });

  it('cuts a terminal line, keeping its rerun command whole', () => {
    const line = `FAIL x [MUST] ${'m'.repeat(10_000)} | rerun: npm run conformance -- --id x`;
    const cut = boundLine(line, 4096);
    expect(cut.length).toBeLessThanOrEqual(4096);
    expect(cut.endsWith(' | rerun: npm run conformance -- --id x')).toBe(true);
    expect(boundLine('short')).toBe('short');
  });
});
