// A second Ctrl-C stops at once and still kills the server; an interrupted compare keeps the
// report of the target in flight, says the others did not run, and writes the comparison.

import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Report } from '../../src/result/types.ts';
import { scratchDir } from '../support/cli.ts';
import { expectNothingLeft, harness, SERVER, setup } from './interrupt-support.ts';
import { processesNaming } from './leftovers.ts';

describe.concurrent('interrupting twice, interrupting a compare', () => {
  it('a second Ctrl-C stops at once, and the server is still killed', { timeout: 30_000 }, async () => {
    const { dir, mark, args } = await setup();
    // A server that ignores SIGTERM makes the ordinary stop take its grace period.
    const server = `trap '' TERM; exec python3 ${SERVER} {port} {docroot} ${mark}`;
    const run = harness(['--server', server, ...args.slice(2)]);
    await vi.waitFor(() => expect(existsSync(mark)).toBe(true), { timeout: 20_000, interval: 50 });
    const servers = processesNaming(mark);
    expect(servers.length).toBeGreaterThan(0);
    run.kill('SIGINT');
    // Past the window in which a second SIGINT is taken for npm's echo of the first.
    await new Promise((r) => setTimeout(r, 700));
    const second = Date.now();
    run.kill('SIGINT');
    const r = await run;
    expect(r.exitCode).toBe(130);
    expect(Date.now() - second).toBeLessThan(1000);
    expect(r.stderr).toContain('SIGINT again: stopping at once');
    await vi.waitFor(() => expect(processesNaming(mark)).toEqual([]));
  });
  it('keeps the report of the target in flight (interrupted), says the next one did not run, writes the comparison', { timeout: 30_000 }, async () => {
    const { dir, mark } = await setup();
    const command = (n: string): string => JSON.stringify(`python3 ${SERVER} {port} {docroot} ${mark}-${n}`);
    // Beside the cases directory: a targets file in it would be read as a case file.
    const targets = await scratchDir('conformance-interrupt-targets-');
    await writeFile(path.join(targets, 'targets.yaml'), `- name: first\n  server: ${command('first')}\n- name: second\n  server: ${command('second')}\n`);
    const run = harness(['compare', path.join(targets, 'targets.yaml'), '--cases', dir, '--out', dir, '--parallel', '1', '--concurrency', '1', '--timeout', '30000', '--capabilities', 'keep-alive']);
    await vi.waitFor(() => expect(existsSync(`${mark}-first`)).toBe(true), { timeout: 20_000, interval: 50 });
    run.kill('SIGTERM');
    const r = await run;
    expect(r.exitCode).toBe(143);
    const first = JSON.parse(await readFile(path.join(dir, 'targets', 'first', 'report.json'), 'utf8')) as Report;
    expect(first.interrupted).toBe(true);
    expect(first.notRun).toBe(3);
    expect(existsSync(`${mark}-second`)).toBe(false);
    const comparison = JSON.parse(await readFile(path.join(dir, 'compare.json'), 'utf8')) as { targets: Array<{ name: string; ran: boolean; error?: string }> };
    expect(comparison.targets.find((t) => t.name === 'second')).toMatchObject({ ran: false, error: expect.stringMatching(/interrupted \(SIGTERM\) before this target started/) });
    expectNothingLeft(first, dir);
  });
});
