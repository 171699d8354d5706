// Every format written again from one saved report.json of a real run against the hostile server.

import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GradescopeResults } from '../../src/report/gradescope-reporter.ts';
import { DEFAULT_REPORTERS } from '../../src/report/reporters.ts';
import { readReport, writeReports } from '../../src/report/write-all.ts';
import type { Report } from '../../src/result/types.ts';
import { EVIL_HEADER } from './hostile-server.ts';
import { REAL_COUNTS, realReport } from './sample-reports.ts';
import { expectedTapCounts, parseProblems, parseTap } from './tap-check.ts';
import { findAll, parseXml } from './xml-check.ts';

describe('writeReports from a saved report.json', () => {
  let dir = '';
  let saved: Report;
  let written: string[] = [];
  let out = '';

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'write-all-'));
    await writeFile(path.join(dir, 'report.json'), JSON.stringify(await realReport()));
    saved = await readReport(path.join(dir, 'report.json'));
    written = await writeReports(saved, ['html', 'junit', 'tap', 'markdown', 'gradescope'], path.join(dir, 'again'), {
      out: { write: (s: string) => (out += s) },
      env: {},
    });
  }, 60_000);

  it('the real run gave every status but error', () => {
    const counts = Object.fromEntries(Object.keys(REAL_COUNTS).map((s) => [s, saved.cases.filter((c) => c.status === s).length]));
    expect(counts).toEqual(REAL_COUNTS);
    expect(saved.cases.find((c) => c.id === 't-fail-evil')!.received).toContain(EVIL_HEADER);
  });

  it('writes each format once, to the directory given, with the defaults (report.json, the terminal summary) always', () => {
    expect(written.map((f) => path.relative(dir, f))).toEqual(['again/report.json', 'again/report.html', 'again/junit.xml', 'again/report.tap', 'again/summary.md', 'again/results.json']);
    expect(out).toMatch(/^6 cases, .*; score /m);
  });

  it('report.html holds every case and no live hostile markup', async () => {
    const page = await readFile(path.join(dir, 'again/report.html'), 'utf8');
    expect(page).not.toContain(EVIL_HEADER);
    expect(page.match(/<script\b/g)).toHaveLength(2);
    for (const c of saved.cases) expect(page).toContain(`"id":"${c.id}"`);
  });

  it('junit.xml is well-formed with the run’s counts', async () => {
    const root = parseXml(await readFile(path.join(dir, 'again/junit.xml'), 'utf8'));
    expect(root.attrs).toMatchObject({ tests: '6', failures: '2', errors: '0', skipped: '1' });
    expect(findAll(root, 'testcase')).toHaveLength(6);
    expect(findAll(root, 'failure').map((f) => f.attrs.type).sort()).toEqual(['MUST, no answer', 'security not met']);
    expect(findAll(root, 'failure').some((f) => f.text.includes(`X-Evil: ${EVIL_HEADER}`))).toBe(true);
  });

  it('report.tap parses cleanly with the run’s counts', async () => {
    const parsed = parseTap(await readFile(path.join(dir, 'again/report.tap'), 'utf8'));
    expect(parseProblems(parsed)).toEqual([]);
    expect({ pass: parsed.pass, fail: parsed.fail, skip: parsed.skip }).toEqual(expectedTapCounts(saved));
    expect({ pass: parsed.pass, fail: parsed.fail, skip: parsed.skip }).toEqual({ pass: 4, fail: 2, skip: 1 });
  });

  it('summary.md lists the two failing cases', async () => {
    const md = await readFile(path.join(dir, 'again/summary.md'), 'utf8');
    expect(md).toContain('## Failing cases (2)');
    expect(md).toContain('### **FAIL** t-fail-evil');
    expect(md).toContain('### **TIMEOUT** t-timeout-slow');
  });

  it('results.json grades 6 cases: 2 passes, a warn at half, the rest (a skip included) nothing', async () => {
    const r = JSON.parse(await readFile(path.join(dir, 'again/results.json'), 'utf8')) as GradescopeResults;
    expect(r.tests).toHaveLength(6);
    expect(r.tests.reduce((t, x) => t + x.max_score, 0)).toBe(6);
    expect(r.tests.reduce((t, x) => t + x.score, 0)).toBe(2.5);
  });

  it('with no names, writes the default formats', async () => {
    let printed = '';
    const files = await writeReports(saved, [], path.join(dir, 'defaults'), { out: { write: (s: string) => (printed += s) }, env: {} });
    expect(DEFAULT_REPORTERS).toEqual(['terminal', 'json']);
    expect(files).toEqual([path.join(dir, 'defaults', 'report.json')]);
    expect(printed).toMatch(/^6 cases, 2 passed, 1 warned, 1 failed, 1 timed out, 1 skipped; score 50% in /);
  });

  it('rejects an unknown format and a file that is not a report, with one line each', async () => {
    await expect(writeReports(saved, ['pdf'], dir, { out: { write: () => {} }, env: {} })).rejects.toThrow(/--reporter pdf: unknown reporter/);
    const notReport = path.join(dir, 'not-report.json');
    await writeFile(notReport, '{"hello": 1}');
    await expect(readReport(notReport)).rejects.toThrow(/not a report\.json written by the harness/);
    await writeFile(notReport, 'nope');
    await expect(readReport(notReport)).rejects.toThrow(/not JSON/);
    await expect(readReport(path.join(dir, 'missing.json'))).rejects.toThrow(/missing\.json: cannot read it \(ENOENT\)/);
  });
});
