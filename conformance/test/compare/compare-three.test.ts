// The reference server, a broken student server and an address nobody listens on, compared on
// four cases: every status the student server gets is a different one, and the unreachable
// target is a column that says why instead of stopping the others.

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Comparison } from '../../src/compare/comparison.ts';
import { freePort } from '../../src/targets/free-port.ts';
import { FOUR_CASES, python, readComparison, runCli, scratch, writeFileIn } from './compare-helpers.ts';

describe('compare: reference, a broken python server, an unreachable address', () => {
  let out = '';
  let run: { code: number; out: string; err: string };
  let c: Comparison;
  let port = 0;

  beforeAll(async () => {
    const dir = await scratch();
    out = path.join(dir, 'out');
    port = await freePort();
    const cases = await writeFileIn(dir, 'cases.yaml', FOUR_CASES);
    const targets = await writeFileIn(
      dir,
      'targets.yaml',
      `- name: reference\n  reference: true\n- name: naive\n  server: "${python('naive-threaded.py')}"\n- name: gone\n  target: 127.0.0.1:${port}\n`,
    );
    run = await runCli(['compare', targets, '--cases', cases, '--out', out, '--timeout', '1000']);
    c = await readComparison(out);
  }, 60_000);

  it('exits 1 (a target did not run, another failed) and says what it did on stdout', () => {
    expect(run.err).toBe('');
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/^comparing 3 targets on 4 cases, 2 at a time\n/);
    expect(run.out).toMatch(/^\[\d\/3\] reference +100% {2}4 passed/m);
    expect(run.out).toMatch(new RegExp(`^\\[\\d/3\\] gone +did not run: --target 127\\.0\\.0\\.1:${port}: cannot connect \\(ECONNREFUSED\\)`, 'm'));
    expect(run.out).toMatch(/^2 cases on which targets disagree$/m);
  });

  it('records every target, the one that did not run with one line saying why', () => {
    expect(c.summary).toEqual({ targets: 3, ran: 2, cases: 4, disagreements: 2, splits: 1 });
    const [ref, naive, gone] = c.targets;
    expect(ref).toMatchObject({ name: 'reference', kind: 'reference', ran: true, error: null, report: 'targets/reference/report.json' });
    expect(ref!.summary).toMatchObject({ total: 4, passed: 4, score: 100 });
    expect(naive).toMatchObject({ name: 'naive', kind: 'command', ran: true, report: 'targets/naive/report.json' });
    expect(naive!.summary).toMatchObject({ total: 4, passed: 1, warned: 1, failed: 1, skipped: 1, score: 50 });
    expect(naive!.areas.host).toMatchObject({ total: 1, failed: 1, score: 0 });
    expect(naive!.levels.SHOULD).toMatchObject({ total: 1, warned: 1, score: 50 });
    expect(gone).toMatchObject({ name: 'gone', kind: 'address', ran: false, report: null, summary: null, areas: {} });
    expect(gone!.error).toMatch(/cannot connect \(ECONNREFUSED\)/);
    expect(gone!.error).not.toContain('\n');
  });

  it('gives the status per target for every case, and marks where they disagree', () => {
    const rows = Object.fromEntries(c.cases.map((x) => [x.id, [x.statuses, x.disagree]]));
    expect(rows).toEqual({
      'x-get-hello': [{ reference: 'pass', naive: 'pass', gone: null }, false],
      'x-no-host': [{ reference: 'pass', naive: 'fail', gone: null }, true],
      'x-date': [{ reference: 'pass', naive: 'warn', gone: null }, true],
      // A skip is no verdict: the student server simply has no echo route.
      'x-echo': [{ reference: 'pass', naive: 'skip', gone: null }, false],
    });
  });

  it("writes each ran target's report.json, and none for the target that did not run", async () => {
    const ref = JSON.parse(await readFile(path.join(out, 'targets/reference/report.json'), 'utf8'));
    expect(ref.summary.passed).toBe(4);
    const naive = JSON.parse(await readFile(path.join(out, 'targets/naive/report.json'), 'utf8'));
    expect(naive.target.command).toBe(python('naive-threaded.py'));
    expect(existsSync(path.join(out, 'targets/gone'))).toBe(false);
  });

  it('compare.md has the scores, the per-area table and the disagreeing cases only', async () => {
    const md = await readFile(path.join(out, 'compare.md'), 'utf8');
    expect(md).toMatch(/^# HTTP\/1\.1 conformance: 3 targets compared$/m);
    expect(md).toMatch(/^\| reference \| 100% \| 4 \| 0 \| 0 \| 0 \| 0 \| 0 \|/m);
    expect(md).toMatch(/^\| naive \| 50% \| 1 \| 1 \| 1 \| 0 \| 1 \| 0 \|/m);
    expect(md).toMatch(/^\| gone \| - \|.*\*\*did not run\*\*: --target 127\.0\.0\.1:\d+: cannot connect \(ECONNREFUSED\)/m);
    expect(md).toMatch(/^\| host \| 1 \| 100% \| 0% \| - \|$/m);
    expect(md).toMatch(/^\| content-length \| 1 \| 100% \| n\/a \| - \|$/m);
    const disagreements = md.slice(md.indexOf('## Cases on which targets disagree (2)'));
    expect(disagreements).toMatch(/^\| <code>x-no-host<\/code> .* \| pass \| \*\*FAIL\*\* \| - \|$/m);
    expect(disagreements).toMatch(/^\| <code>x-date<\/code> .* \| pass \| warn \| - \|$/m);
    expect(disagreements).not.toContain('x-get-hello');
    expect(disagreements).not.toContain('x-echo');
  });

  it('compare.html has one column per target and the toggle', async () => {
    const page = await readFile(path.join(out, 'compare.html'), 'utf8');
    const heads = [...page.matchAll(/<th class="t( not-run)?" title="[^"]*"><span>(?:<a href="[^"]*">)?([^<]*)(?:<\/a>)?<\/span><\/th>/g)].map((m) => [m[2], Boolean(m[1])]);
    expect(heads).toEqual([
      ['reference', false],
      ['naive', false],
      ['gone', true],
    ]);
    expect(page).toContain('disagreements only (2)');
    expect(page).toMatch(/<tr class="not-run"><td data-v="gone">gone<\/td><td data-v="-1">-<\/td><td colspan="12" class="why">did not run: --target 127\.0\.0\.1:\d+: cannot connect/);
  });
});
