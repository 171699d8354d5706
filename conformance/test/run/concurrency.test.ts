// A server that serves one connection at a time must not fail because the harness ran cases at
// once: it is detected, run one case at a time, and its verdicts equal a --concurrency 1 run.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readReportIn, runCli, scratchDir } from '../support/cli.ts';

const SERVERS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../servers');

async function run(argv: string[]): Promise<{ out: string; verdicts: Array<{ id: string; status: string }>; concurrency: number }> {
  const dir = await scratchDir('conformance-concurrency-');
  const { out } = await runCli([...argv, '--out', dir, '--reporter', 'json', '--tag', 'smoke', '--timeout', '800']);
  const report = await readReportIn(dir);
  return { out, verdicts: report.cases.map((c) => ({ id: c.id, status: c.status })), concurrency: report.options.concurrency as number };
}

describe('one connection at a time', { timeout: 180_000 }, () => {
  it('a single-threaded Python server is detected and gets the verdicts of --concurrency 1', async () => {
    const server = ['--server', `python3 ${path.join(SERVERS, 'naive-student.py')} {port} {docroot}`];
    const detected = await run(server);
    expect(detected.out).toContain('serves one connection at a time');
    expect(detected.concurrency).toBe(1);
    const forced = await run([...server, '--concurrency', '1']);
    expect(detected.verdicts).toEqual(forced.verdicts);
    expect(detected.verdicts.some((v) => v.status === 'fail')).toBe(true);
  });

  it('a server that handles connections concurrently is run concurrently', async () => {
    const r = await run(['--server', `python3 -m http.server {port} --bind 127.0.0.1 --directory {docroot}`]);
    expect(r.out).not.toContain('one connection at a time');
    expect(r.concurrency).toBeGreaterThan(1);
  });
});
