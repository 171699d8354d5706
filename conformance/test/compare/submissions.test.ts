// An instructor grades a folder of submissions with one command: each subfolder is a target whose
// start command runs inside it. Five student-style servers: one that leaks (typical-broken), a
// careful one, one that crashes on chunked bodies, one that never starts (and a folder name that
// must be made safe), one that desynchronises. Cases are cut to the smoke cases of two areas so
// the whole class runs in a few seconds.

import { copyFile, mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../../src/checkout.ts';
import { readComparison, runCli, scratch, SERVERS } from './compare-helpers.ts';

const STUDENT = path.join(REPO, 'conformance/test/servers');
const CLASS: Record<string, string> = {
  alice: path.join(STUDENT, 'typical-broken.py'),
  bob: path.join(SERVERS, 'stdlib-threaded.py'),
  carol: path.join(SERVERS, 'crashes-on-chunked.py'),
  "dave o'neil": path.join(SERVERS, 'missing-module.py'),
  erin: path.join(STUDENT, 'threaded-student.py'),
};

/** RFC 4180 rows (quoted cells may hold commas and doubled quotes). */
function parseCsv(text: string): string[][] {
  return text
    .trimEnd()
    .split('\r\n')
    .map((line) => [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) => (m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replaceAll('""', '"') : m[1]!)));
}

describe('compare --submissions DIR --start CMD', () => {
  it('runs every subfolder, and writes findings, sortable scores, per-target reports and grades.csv', async () => {
    const dir = await scratch();
    const submissions = path.join(dir, 'submissions');
    for (const [name, server] of Object.entries(CLASS)) {
      await mkdir(path.join(submissions, name), { recursive: true });
      await copyFile(server, path.join(submissions, name, 'server.py'));
    }
    await mkdir(path.join(submissions, '.git'));
    const out = path.join(dir, 'out');
    // The relative `server.py` only starts when the command runs inside each submission's folder.
    const run = await runCli(['compare', '--submissions', submissions, '--start', 'python3 server.py {port} {docroot}', '--tag', 'smoke', '--area', 'traversal', '--area', 'chunked', '--timeout', '1500', '--out', out]);
    expect(run.err).toBe('');
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/^served a file from outside the docroot: alice \(\d+\)/m);

    const c = await readComparison(out);
    expect(c.targets.map((t) => t.name)).toEqual(['alice', 'bob', 'carol', 'dave-o-neil', 'erin']);
    expect(c.targets.map((t) => t.ran)).toEqual([true, true, true, false, true]);
    const finding = (severity: string) => c.findings.filter((f) => f.severity === severity).flatMap((f) => f.targets.map((t) => t.name));
    expect(finding('leak')).toContain('alice');
    expect(finding('leak')).not.toContain('bob');
    expect(finding('crash')).toEqual(['carol']);
    expect(finding('not-run')).toEqual(['dave-o-neil']);
    expect(c.targets.find((t) => t.name === 'carol')!.counts!.crashes).toBeGreaterThan(0);
    // A leak is never read as a clean traversal area.
    const alice = c.targets.find((t) => t.name === 'alice')!;
    expect(alice.leakAreas).toEqual(['traversal']);
    expect(c.cases.every((x) => x.passRate === null || (x.passRate >= 0 && x.passRate <= 100))).toBe(true);
    // A rerun line from a submission's report starts its server in its folder, wherever it is pasted.
    const report = JSON.parse(await readFile(path.join(out, 'targets/alice/report.json'), 'utf8')) as { cases: Array<{ reproduce: string }> };
    expect(report.cases[0]!.reproduce).toContain(`--server 'cd ${path.join(submissions, 'alice')} && python3 server.py {port} {docroot}' --timeout 1500 --id `);

    const page = await readFile(path.join(out, 'compare.html'), 'utf8');
    expect(page.indexOf('<h2>Findings</h2>')).toBeLessThan(page.indexOf('<h2>Scores</h2>'));
    expect(page).toContain('served a file from outside the docroot');
    expect(page).toMatch(/<th data-sort="number"[^>]*>score<\/th>/);
    expect(page).toMatch(/<th data-sort="text"[^>]*>target<\/th>/);
    for (const name of ['alice', 'bob', 'carol', 'erin']) {
      expect(page).toContain(`<a href="targets/${name}/report.html">${name}</a>`);
      expect((await stat(path.join(out, 'targets', name, 'report.html'))).size).toBeGreaterThan(1000);
    }
    expect(page).not.toContain('href="targets/dave-o-neil/report.html"');
    expect(await readFile(path.join(out, 'compare.md'), 'utf8')).toMatch(/## Cases that split the class \(\d+\)/);

    const rows = parseCsv(await readFile(path.join(out, 'grades.csv'), 'utf8'));
    expect(rows[0]!.slice(0, 5)).toEqual(['name', 'score', 'passed', 'failed', 'findings']);
    expect(rows.map((r) => r[0])).toEqual(['name', 'alice', 'bob', 'carol', 'dave-o-neil', 'erin']);
    const byName = new Map(rows.slice(1).map((r) => [r[0]!, r]));
    expect(byName.get('alice')![4]).toMatch(/served a file from outside the docroot \(\d+\)/);
    expect(byName.get('dave-o-neil')!.slice(1, 4)).toEqual(['0', '0', '0']);
    expect(byName.get('dave-o-neil')!.at(-1)).toMatch(/^did not run: .*ModuleNotFoundError/);
    for (const r of rows.slice(1)) {
      const t = c.targets.find((x) => x.name === r[0])!;
      expect(Number(r[1])).toBe(t.summary?.score ?? 0);
    }
  }, 30_000);

  it.each([
    [['--submissions', '/nonexistent-dir'], /--submissions needs --start CMD/],
    [['--submissions', '/nonexistent-dir', '--start', 'python3 server.py'], /--start: the command must contain \{port\}/],
    [['--submissions', '/nonexistent-dir', '--start', 'python3 server.py {port}'], /--submissions \/nonexistent-dir: cannot read it \(ENOENT\)/],
    [['--start', 'x {port}', 'targets.yaml'], /--start applies to compare --submissions DIR/],
  ])('compare %j is a usage error in one line', async (args, pattern) => {
    const run = await runCli(['compare', ...args]);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(pattern);
    expect(run.err.trimEnd().split('\n')).toHaveLength(1);
  });
});
