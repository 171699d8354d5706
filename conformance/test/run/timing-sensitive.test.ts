import net from 'node:net';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Report } from '../../src/result/types.ts';
import { helloCase, readReportIn, runCli, scratchDir } from '../support/cli.ts';

const CASE = `cases:\n${helloCase('slow-hello', { extraHead: 'Connection: close' })}`;

const servers: net.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** Answers every request after `delayMs`: slower than a 600 ms bound, faster than 1200 ms. */
async function slowServer(delayMs: number): Promise<number> {
  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    socket.once('data', () => {
      setTimeout(() => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok'), delayMs);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as net.AddressInfo).port;
}

async function runAgainst(port: number, timeout: number): Promise<{ code: number; report: Report }> {
  const dir = await scratchDir('conformance-timing-');
  await writeFile(path.join(dir, 'slow.yaml'), CASE);
  const { code } = await runCli(['--target', `127.0.0.1:${port}`, '--cases', dir, '--out', dir, '--timeout', String(timeout), '--reporter', 'json']);
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

  it('a server too slow for both bounds stays a timeout, not timing-sensitive', async () => {
    const { code, report } = await runAgainst(await slowServer(3000), 600);
    const c = report.cases[0]!;
    expect(c.status).toBe('timeout');
    expect(c.timingSensitive).toBeUndefined();
    expect(code).toBe(1);
  });
});
