// At the end of a run and of a compare, every server the harness started is gone and its port is
// free, whatever the server did to stay alive: setsid, a double fork, SIGTERM ignored.

import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/result/types.ts';
import { readReportIn, runCli, scratchDir } from '../support/cli.ts';
import { listensOn, portOf, processesNaming } from './leftovers.ts';

const SERVERS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../servers');
const STUBBORN = {
  setsid: `${SERVERS}/setsid-server.sh {port} {docroot}`,
  'double-fork': `python3 ${SERVERS}/double-fork.py {port} {docroot}`,
  'ignores-sigterm': `python3 ${SERVERS}/ignores-sigterm.py {port} {docroot}`,
};
// One quick case: GET of a file every one of them serves.
const ONE_CASE = ['--id', 'rl-get-origin-form', '--timeout', '1000', '--concurrency', '1', '--capabilities', 'keep-alive'];

function expectGone(report: Report): void {
  const port = portOf(report.target.address);
  expect(listensOn(port), `port ${port} still listens`).toBe(false);
  expect(processesNaming(port)).toEqual([]);
}

describe.concurrent('every started server is stopped', () => {
  it.each(Object.entries(STUBBORN))('at the end of a run: %s', { timeout: 30_000 }, async (_, command) => {
    const dir = await scratchDir('conformance-stop-');
    const { code, err } = await runCli(['--server', command, '--out', dir, '--reporter', 'json', ...ONE_CASE]);
    expect(err).toBe('');
    expect(code).toBeLessThan(2);
    const report = await readReportIn(dir);
    expect(report.cases).toHaveLength(1);
    expectGone(report);
  });

  it('at the end of a compare, all three at once', { timeout: 30_000 }, async () => {
    const dir = await scratchDir('conformance-stop-compare-');
    const yaml = Object.entries(STUBBORN)
      .map(([name, command]) => `- name: ${name}\n  server: ${JSON.stringify(command)}\n`)
      .join('');
    await writeFile(path.join(dir, 'targets.yaml'), yaml);
    const { code, out, err } = await runCli(['compare', path.join(dir, 'targets.yaml'), '--out', dir, '--parallel', '3', ...ONE_CASE]);
    expect(err).toBe('');
    expect(code, out).toBeLessThan(2);
    for (const name of Object.keys(STUBBORN)) {
      const report = JSON.parse(await readFile(path.join(dir, 'targets', name, 'report.json'), 'utf8')) as Report;
      expect(report.cases).toHaveLength(1);
      expectGone(report);
    }
  });
});
