// SIGINT, SIGTERM and SIGHUP sent to the harness mid-run, or to `npm run conformance` around it: the
// case in flight is abandoned, the started server is stopped, report.json holds the cases judged
// so far with the interrupted mark and the count not run, and the exit code is 128 + the signal's
// number.

import { existsSync } from 'node:fs';
import { execa } from 'execa';
import { describe, expect, it, vi } from 'vitest';
import { expectInterruptedReport, expectNothingLeft, harness, REPO, setup } from './interrupt-support.ts';

describe.concurrent('interrupting a run', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('%s to the harness mid-run: exit %i, the judged cases reported, the server gone', { timeout: 30_000 }, async (signal, code) => {
    const { dir, mark, args } = await setup();
    const run = harness(args);
    await vi.waitFor(() => expect(existsSync(mark)).toBe(true), { timeout: 20_000, interval: 50 });
    run.kill(signal);
    const r = await run;
    expect(r.exitCode).toBe(code);
    expect(r.stderr).toContain(`interrupted by ${signal}: stopping the servers`);
    expect(r.stdout).toMatch(/no score: 3 of 5 cases not run \(interrupted\)/);
    expectNothingLeft(await expectInterruptedReport(dir, signal), dir);
  });

  it('SIGTERM to `npm run conformance` (a CI timeout) reaches the harness', { timeout: 30_000 }, async () => {
    const { dir, mark, args } = await setup();
    const npm = execa('npm', ['run', '--silent', 'conformance', '--', ...args], { cwd: REPO, reject: false, env: { NO_COLOR: '1' } });
    await vi.waitFor(() => expect(existsSync(mark)).toBe(true), { timeout: 20_000, interval: 50 });
    npm.kill('SIGTERM');
    await npm;
    expectNothingLeft(await expectInterruptedReport(dir, 'SIGTERM'), dir);
  });

  it('Ctrl-C at a terminal (SIGINT to npm and the harness at once, npm forwarding it too) is one interrupt', { timeout: 30_000 }, async () => {
    const { dir, mark, args } = await setup();
    // A process group of its own, as a terminal's foreground job: the signal goes to every member.
    const npm = execa('npm', ['run', '--silent', 'conformance', '--', ...args], { cwd: REPO, reject: false, detached: true, env: { NO_COLOR: '1' } });
    await vi.waitFor(() => expect(existsSync(mark)).toBe(true), { timeout: 20_000, interval: 50 });
    process.kill(-npm.pid!, 'SIGINT');
    const r = await npm;
    expect(r.stderr).not.toContain('stopping at once');
    expectNothingLeft(await expectInterruptedReport(dir, 'SIGINT'), dir);
  });
});
