import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../src/targets/free-port.ts';
import { helloCase, runCli as run, scratchDir } from '../support/cli.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SERVERS = path.join(HERE, '../servers');

const tmp = (): Promise<string> => scratchDir('conformance-cli-');

const GOOD_CASE = `cases:\n${helloCase('x-get-hello', { area: 'request-line' })}`;

describe('conformance CLI', () => {
  it('--help prints the flags and exits 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('--target HOST:PORT');
    expect(r.out).toContain('exit codes');
  });

  it.each([
    [['--bogus'], /^error: unknown flag --bogus/],
    [['--target', 'a:1', '--server', 'x'], /^error: --target and --server cannot be used together/],
    [['--split', 'sideways'], /^error: .*sideways/],
    [['--level', 'OFTEN'], /^error: --level OFTEN: unknown level/],
    [['--reporter', 'pdf'], /^error: --reporter pdf: unknown reporter/],
    [['--target', 'nohostport'], /^error: --target must be HOST:PORT/],
    [['--parallel', '2'], /^error: --parallel only applies to compare/],
    [['frobnicate'], /^error: unknown command "frobnicate"/],
  ])('%j is a usage error: one line, exit 2', async (argv, pattern) => {
    const r = await run(argv as string[]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(pattern);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  it('a malformed case file is reported as file:line and exits 2', async () => {
    const dir = await tmp();
    const file = path.join(dir, 'bad.yaml');
    await writeFile(file, GOOD_CASE.replace('level: MUST', 'level: SOMETIMES'));
    const r = await run(['--cases', file]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`^error: ${file.replaceAll('/', '\\/')}:7: .*SOMETIMES`));
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  it('--list prints the selected ids', async () => {
    const dir = await tmp();
    await writeFile(path.join(dir, 'one.yaml'), GOOD_CASE);
    const r = await run(['--cases', dir, '--list']);
    expect(r.code).toBe(0);
    expect(r.out).toBe('x-get-hello\n');
    const all = await run(['--list', '--grep', 'hello']);
    expect(all.code).toBe(0);
    expect(all.out.split('\n').filter(Boolean).every((id) => /^[a-z0-9-]+$/.test(id))).toBe(true);
  });

  it('leaves slow cases out unless --slow, --tag slow or their --id asks for them', async () => {
    const ids = (r: { out: string }): string[] => r.out.split('\n').filter(Boolean);
    const slow = ids(await run(['--list', '--tag', 'slow']));
    expect(slow).toEqual(expect.arrayContaining(['lim-slowloris-headers', 'lim-slow-body', 'conn-idle-timeout']));
    const plain = ids(await run(['--list']));
    expect(plain.filter((id) => slow.includes(id))).toEqual([]);
    const all = ids(await run(['--list', '--slow']));
    expect(all).toHaveLength(plain.length + slow.length);
    expect(ids(await run(['--list', '--id', 'lim-slow-body']))).toEqual(['lim-slow-body']);
    // A run says what it left out (here before --coverage's listing).
    const coverage = await run(['--coverage', '--area', 'limits']);
    expect(coverage.out.split('\n')[0]).toMatch(/^left out 2 slow cases .*add --slow/);
  });

  it('an unreachable target is one line and exit 2', async () => {
    const port = await freePort();
    const r = await run(['--target', `127.0.0.1:${port}`, '--tag', 'smoke']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: --target 127\.0\.0\.1:\d+: cannot connect \(ECONNREFUSED\)/);
  });

  it('a server command that exits early is one line with its output, exit 2', async () => {
    const r = await run(['--server', `python3 ${path.join(SERVERS, 'exits-early.py')}`, '--tag', 'smoke']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/exited early \(exit code 3\).*No module named 'flask'/);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  it('the reference server passes the smoke cases and a report is written', async () => {
    const out = await tmp();
    const r = await run(['--tag', 'smoke', '--out', out]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8'));
    expect(report.summary.total).toBeGreaterThan(10);
    expect(report.summary.failed).toBe(0);
    expect(report.target.kind).toBe('reference');
    const c = report.cases[0];
    for (const key of ['id', 'title', 'area', 'level', 'status', 'message', 'expected', 'actual', 'durationMs', 'wire', 'received', 'reproduce']) {
      expect(c).toHaveProperty(key);
    }
    expect(c.wire.some((w: { kind: string }) => w.kind === 'write')).toBe(true);
  });

  it('a naive student server fails cases with exit 1 and reproduction lines', async () => {
    const out = await tmp();
    const r = await run(['--server', `python3 ${path.join(SERVERS, 'naive-student.py')} {port} {docroot}`, '--tag', 'smoke', '--out', out, '--timeout', '1000']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^FAIL \S+ \[/m);
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8'));
    expect(report.summary.failed + report.summary.timedOut).toBeGreaterThan(0);
    expect(report.summary.errored).toBe(0);
    expect(report.cases.find((c: { status: string }) => c.status === 'fail').reproduce).toMatch(/^npm run conformance -- --server .*naive-student\.py.* --id \S+$/);
  });
});
