// Behaviour 6 of issue 10: one bad request (a negative chunk size) sends an asyncio student
// server into an endless loop; it answers nobody again. The case that did it is blamed once
// ("hung by case te-size-minus"), the server is started again and the other cases keep their
// own verdicts; for a server the harness did not start, the rest are not run, said in one line.
// The rerun line of the blamed case gives the same verdict.

import { execa, type ResultPromise } from 'execa';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../src/targets/free-port.ts';
import { replay, runHarness, SERVERS, student } from './fragile.ts';

const CASES = ['--id', 'te-size-minus', '--id', 'meth-get', '--id', 'stat-text-file'];
const children: ResultPromise[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

/**
 * A server at an address that answers plain requests and leaves the chunked one unanswered, its
 * listener closed `afterMs` later, as a server that exits on it would be (its open connection aside).
 */
async function goesOnChunked(afterMs: number): Promise<{ server: net.Server; port: number }> {
  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    socket.on('data', (d: Buffer) => {
      if (d.includes('Transfer-Encoding')) return void setTimeout(() => server.close(), afterMs);
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as net.AddressInfo).port };
}

describe('a server that one bad request hangs for good', { timeout: 60_000 }, () => {
  it('is blamed once on that case and restarted; the other cases keep their verdicts; the rerun line agrees', async () => {
    const run = await runHarness(['--server', student('loops-on-negative-chunk.py'), ...CASES, '--timeout', '1000']);
    const hung = run.byId['te-size-minus']!;
    expect(hung.status).toBe('fail');
    expect(hung.message).toMatch(/^hung the server: after this case a fresh GET of \/hello.txt got no answer within \d+ ms; the server was started again/);
    expect(run.report.health?.hangs).toEqual(['hung by case te-size-minus']);
    expect(run.report.health?.sentence).toContain('it stopped answering once (hung by case te-size-minus)');
    for (const id of ['meth-get', 'stat-text-file']) {
      expect(['pass', 'warn'], id).toContain(run.byId[id]!.status);
      expect(run.byId[id]!.message, id).not.toMatch(/hung|crashed|not run/);
    }

    const again = await replay(hung);
    expect(again.status).toBe(hung.status);
    expect(again.message).toMatch(/^hung the server: /);
  });

  it('at an address the harness cannot restart: the case is blamed and the rest are not run, in one line', async () => {
    const port = await freePort();
    const child = execa('python3', [path.join(SERVERS, 'loops-on-negative-chunk.py'), String(port), path.resolve('cases/fixtures/docroot')], { stdio: ['ignore', 'pipe', 'inherit'], buffer: false, reject: false });
    children.push(child);
    await new Promise<void>((resolve) => child.stdout!.on('data', (d: Buffer) => d.includes('listening') && resolve()));
    const run = await runHarness(['--target', `127.0.0.1:${port}`, ...CASES, '--timeout', '1000', '--concurrency', '1']);
    expect(run.byId['te-size-minus']!.status).toBe('fail');
    expect(run.byId['te-size-minus']!.message).toMatch(/^hung the server: the server stopped answering after case te-size-minus/);
    const rest = ['meth-get', 'stat-text-file'].map((id) => run.byId[id]!);
    for (const r of rest) expect(r.message).toMatch(/^not run: the server stopped answering after case te-size-minus \(a fresh GET of \/hello.txt got no answer within \d+ ms\), and a server the harness did not start cannot be restarted$/);
    expect(run.report.health?.notRun).toBe(2);
    expect(run.out.split('\n').filter((l) => l.startsWith('health:'))).toHaveLength(1);
  });

  it('at an address, a server that stops accepting connections after a case is said to have gone, not to hang', async () => {
    const { server, port } = await goesOnChunked(0);
    try {
      const run = await runHarness(['--target', `127.0.0.1:${port}`, ...CASES, '--timeout', '1000', '--concurrency', '1']);
      const gone = run.byId['te-size-minus']!;
      expect(gone.status).toBe('fail');
      expect(gone.message).toMatch(/^server crashed during this case; the server stopped accepting connections after case te-size-minus \(it exited or crashed\)/);
      expect(run.report.health?.hangs).toEqual([]);
      for (const id of ['meth-get', 'stat-text-file']) expect(run.byId[id]!.message, id).toMatch(/^not run: the server stopped accepting connections after case te-size-minus/);
    } finally {
      server.close();
    }
  });

  it('at an address, the case beside others when the server went is not singled out: nothing can run it alone', async () => {
    // The listener closes a moment after the chunked request, once the plain ones beside it were answered.
    const { server, port } = await goesOnChunked(300);
    try {
      const run = await runHarness(['--target', `127.0.0.1:${port}`, ...CASES, '--timeout', '1000', '--concurrency', '3']);
      const beside = run.byId['te-size-minus']!;
      expect(beside.message).not.toMatch(/^server crashed/);
      expect(beside.message).toMatch(/; then the server stopped accepting connections after case te-size-minus \(it exited or crashed\).* \(it ran beside other cases\)$/);
      expect(beside.status).not.toBe('fail');
    } finally {
      server.close();
    }
  });
});
