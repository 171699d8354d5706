import { describe, expect, it } from 'vitest';
import { renderTap } from '../../src/report/tap-reporter.ts';
import { handBuiltReport, reportWithBefore } from './sample-reports.ts';
import { expectedTapCounts, parseProblems, parseTap } from './tap-check.ts';

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
    expect(diag.quote).toBe(report.cases[3]!.quote);
    expect(diag.expected).toEqual(report.cases[3]!.expected);
    expect(diag.actual).toBe(report.cases[3]!.actual);
    expect(diag.message).toBe(report.cases[3]!.message);
    expect(String(diag.transcript)).toContain('pause  300 ms');
    const warn = parsed.results.find((r) => r.name.startsWith('cl-warn'))!;
    expect(warn.ok).toBe(true);
    expect((warn.diag as Record<string, unknown>).severity).toBe('warn');
  });

  it('shows side connections in the transcript, labelled, before the case\'s own connection', () => {
    const withBefore = parseTap(renderTap(reportWithBefore()));
    expect(parseProblems(withBefore)).toEqual([]);
    // The cases without side connections are reported exactly as before.
    expect(withBefore.results.slice(0, report.cases.length)).toEqual(parsed.results);
    const point = withBefore.results.find((r) => r.name.startsWith('conn-stalled-sides'))!;
    expect(point.ok).toBe(false);
    const transcript = String((point.diag as Record<string, unknown>).transcript);
    const stalled = transcript.indexOf('connection "stalled", opened before the case\'s connection and left as its steps left it (0 bytes received):');
    const aborted = transcript.indexOf('connection "aborted"');
    const own = transcript.indexOf("the case's connection:");
    expect(stalled).toBe(0);
    expect(aborted).toBeGreaterThan(stalled);
    expect(own).toBeGreaterThan(aborted);
    expect(transcript).toContain('write  GET /hello.txt HTTP/1.1\\r\\nHo\n');
    expect(transcript).toContain('(10485805 bytes received)');
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
