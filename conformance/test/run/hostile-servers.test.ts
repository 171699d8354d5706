// The harness against servers that misbehave on purpose: every case ends within its bound, the
// whole run ends within (sum of bounds / concurrency) plus a margin, nothing is reported as a
// harness error, and each report says what happened.

import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCases } from '../../src/case/load.ts';
import { readReportIn, runCli, scratchDir } from '../support/cli.ts';
import { scripted, type Scripted } from '../wire/scripted-server.ts';

const TIMEOUT_MS = 500;
const CONCURRENCY = 16;
const servers: Scripted[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

type Result = { id: string; status: string; actual: string; durationMs: number };

async function runAgainst(server: Scripted, selection: string[], timeoutMs = TIMEOUT_MS): Promise<{ code: number; cases: Result[]; wallMs: number; boundMs: number }> {
  servers.push(server);
  const dir = await scratchDir('conformance-hostile-');
  const argv = ['--target', `127.0.0.1:${server.port}`, ...selection, '--out', dir, '--timeout', String(timeoutMs), '--concurrency', String(CONCURRENCY), '--reporter', 'json'];
  const started = Date.now();
  const { code } = await runCli(argv);
  const wallMs = Date.now() - started;
  const report = (await readReportIn(dir)) as unknown as { cases: Result[] };
  // What the run may take: each case's bound (its pauses included), spread over the workers,
  // plus up to three timing re-runs at twice the bound, the probe, and start-up.
  const all = await loadCases([path.resolve('cases')]);
  const ran = all.filter((c) => report.cases.some((r) => r.id === c.id));
  const bound = (c: (typeof ran)[number]): number => (c.timeoutMs ?? timeoutMs) + c.send.reduce((t, s) => t + (s.kind === 'pause' ? s.ms : s.kind === 'await-head' ? s.maxMs : 0), 0);
  const longest = Math.max(...ran.map(bound));
  const boundMs = ran.reduce((t, c) => t + bound(c), 0) / CONCURRENCY + 3 * 2 * longest + 4 * timeoutMs + 5000;
  return { code, cases: report.cases, wallMs, boundMs };
}

function expectBounded(r: Awaited<ReturnType<typeof runAgainst>>): void {
  expect(r.wallMs).toBeLessThan(r.boundMs);
  expect(r.cases.filter((c) => c.status === 'error')).toEqual([]);
  expect(r.code).toBe(1);
}

describe('hostile servers', { timeout: 120_000 }, () => {
  it('a server that never answers: timeouts, each within its bound', async () => {
    const r = await runAgainst(await scripted(() => {}), ['--tag', 'smoke']);
    expectBounded(r);
    const timedOut = r.cases.filter((c) => c.status === 'timeout');
    expect(timedOut.length).toBeGreaterThan(r.cases.length / 2);
    for (const c of timedOut) expect(c.actual).toMatch(/^no response; still open after \d+ ms/);
  });

  it('a server that drips one byte every 100 ms: bounded, and the partial bytes are reported', async () => {
    const r = await runAgainst(
      await scripted((socket) => {
        const text = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello');
        let i = 0;
        const t = setInterval(() => (i < text.length && !socket.destroyed ? socket.write(text.subarray(i, ++i)) : clearInterval(t)), 100);
        socket.on('close', () => clearInterval(t));
      }),
      ['--tag', 'smoke'],
    );
    expectBounded(r);
    expect(r.cases.some((c) => /HTTP\/1\.1|garbage|incomplete/.test(c.actual))).toBe(true);
  });

  it('a server that answers forever: reading stops at the byte cap', async () => {
    const r = await runAgainst(
      await scripted((socket) => {
        socket.once('data', () => {
          socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n');
          const chunk = Buffer.alloc(256 * 1024, 0x61);
          const pump = (): void => {
            while (!socket.destroyed && socket.write(chunk)) {
              // keep the pipe full until the harness stops reading
            }
          };
          socket.on('drain', pump);
          pump();
        });
      }),
      ['--id', 'meth-get', '--id', 'rl-get-origin-form'],
      5000,
    );
    expectBounded(r);
    for (const c of r.cases) expect(c.actual).toContain('stopped reading at the byte cap');
  });

  it('garbage, resets and accept-then-close are described, never harness errors', async () => {
    const garbage = await runAgainst(
      await scripted((socket) => socket.once('data', () => socket.end('\x00\xffnot http at all\r\n\r\n'))),
      ['--tag', 'smoke'],
    );
    expectBounded(garbage);
    expect(garbage.cases.some((c) => c.actual.includes('garbage'))).toBe(true);

    const reset = await runAgainst(
      await scripted((socket) => socket.once('data', () => socket.resetAndDestroy())),
      ['--tag', 'smoke'],
    );
    expectBounded(reset);
    expect(reset.cases.filter((c) => c.status === 'fail').every((c) => c.actual.includes('reset'))).toBe(true);

    const closes = await runAgainst(await scripted((socket) => socket.end()), ['--tag', 'smoke']);
    expectBounded(closes);
    expect(closes.cases.filter((c) => c.status === 'fail').every((c) => /^no response; closed/.test(c.actual))).toBe(true);
  });
});
