import net from 'node:net';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Report } from '../../src/result/types.ts';
import { helloCase, readReportIn, runCli, scratchDir } from '../support/cli.ts';

const CASE = `cases:\n${helloCase('slow-hello', { extraHead: 'Connection: close\\r\\nX-Slow: yes' })}`;

const servers: net.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/**
 * Answers after `delayMs` (slower than a 600 ms bound, faster than 1200 ms): every request, or
 * with `onlyMarked` only the case's (it carries `X-Slow`), so the harness's plain GET is fast.
 */
async function slowServer(delayMs: number, onlyMarked = true): Promise<number> {
  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    socket.once('data', (chunk) => {
      const delay = !onlyMarked || chunk.includes('X-Slow') ? delayMs : 0;
      setTimeout(() => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok'), delay);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as net.AddressInfo).port;
}

async function runAgainst(port: number, timeout: number, more: readonly string[] = [], cases = CASE): Promise<{ code: number; report: Report }> {
  const dir = await scratchDir('conformance-timing-');
  await writeFile(path.join(dir, 'slow.yaml'), cases);
  const { code } = await runCli(['--target', `127.0.0.1:${port}`, '--cases', dir, '--out', dir, '--timeout', String(timeout), '--reporter', 'json', ...more]);
  return { code, report: await readReportIn(dir) };
}

describe('timing-sensitive verdicts', () => {
  it('a case that only ran out of time is re-run with twice the bound and marked', async () => {
    const { code, report } = await runAgainst(await slowServer(800), 600);
    const c = report.cases[0]!;
    expect(c.status).toBe('pass');
    expect(c.timingSensitive).toBe(true);
    expect(c.message).toMatch(/^timing-sensitive: timeout within the bound, pass with twice the time/);
    expect(code).toBe(0);
  });

  it('a server slow on every request is measured: its bounds grow, it passes, and the report says it is slow', async () => {
    const { code, report } = await runAgainst(await slowServer(800, false), 600);
    const c = report.cases[0]!;
    expect(c.status).toBe('pass');
    expect(c.timingSensitive).toBeUndefined();
    expect(report.health?.slow?.latencyMs).toBeGreaterThanOrEqual(800);
    expect(report.health?.slow?.scale).toBeGreaterThan(2);
    expect(report.health?.sentence).toMatch(/the server is slow \(a plain GET took \d+ ms\), so every time bound was multiplied by [\d.]+/);
    expect(code).toBe(0);
  });

  it('--rerun-budget 0 keeps the first verdict of timeouts beside other cases, marked unconfirmed, and says why', async () => {
    const two = `cases:\n${helloCase('slow-one', { extraHead: 'Connection: close\\r\\nX-Slow: yes' })}\n${helloCase('slow-two', { extraHead: 'Connection: close\\r\\nX-Slow: yes' })}`;
    const { code, report } = await runAgainst(await slowServer(800), 600, ['--rerun-budget', '0'], two);
    expect(report.cases).toHaveLength(2);
    for (const c of report.cases) {
      expect(c.status).toBe('timeout');
      expect(c.unconfirmed).toBe(true);
      expect(c.timingSensitive).toBeUndefined();
      expect(c.message).toMatch(/beside other cases; not run again alone: the time for re-runs was spent\)$/);
    }
    expect(report.health?.timeoutsNotRerun).toBe(2);
    expect(code).toBe(1);
  });

  it('a lone timeout the budget leaves is not marked unconfirmed: it ran alone', async () => {
    const { report } = await runAgainst(await slowServer(800), 600, ['--rerun-budget', '0']);
    const c = report.cases[0]!;
    expect(c.status).toBe('timeout');
    expect(c.unconfirmed).toBeUndefined();
    expect(c.message).toMatch(/not run again with more time: the time for re-runs was spent\)$/);
  });

  it('a server too slow for both bounds stays a timeout, not timing-sensitive', async () => {
    const { code, report } = await runAgainst(await slowServer(3000), 600);
    const c = report.cases[0]!;
    expect(c.status).toBe('timeout');
    expect(c.timingSensitive).toBeUndefined();
    expect(code).toBe(1);
  });
});
