// Clients that misbehave at the socket level: reset mid-response, half-close, or stop reading a
// 10 MiB response. The server (in a child process, so its descriptors are its own) must not crash,
// must keep serving others, and must give back every socket and file descriptor afterwards.

import net from 'node:net';

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { ensureFixtures } from '../../conformance/src/fixtures/ensure-fixtures.ts';
import { openFds, startChildServer } from './support/child-process.ts';
import type { ChildServer } from './support/child-process.ts';
import { get } from './support/fixture.ts';
import { exchange, finals, roundTrip } from './support/raw-client.ts';

const LARGE = 10 * 1024 * 1024;
const SEND_TIMEOUT_MS = 1000;

let server: ChildServer;
let baselineFds: number;

beforeAll(async () => {
  const { docroot } = await ensureFixtures();
  server = await startChildServer({
    root: docroot,
    host: '127.0.0.1',
    port: 0,
    // A reader that stops is cut after this long, so the test need not wait 30 s.
    timeouts: { sendMs: SEND_TIMEOUT_MS, lingerMs: 500, idleMs: 2000 },
  });
  // One request first, so the lazily opened things (the file cache) are in the baseline.
  await roundTrip(server.port, get('/hello.txt', 'Connection: close\r\n'), { timeoutMs: 3000 });
  await vi.waitFor(async () => expect((await server.stats()).connections).toBe(0), { timeout: 3000, interval: 20 });
  baselineFds = openFds(server.pid);
});

afterAll(async () => {
  await server?.stop();
});

/** Waits until the server holds at most `target` descriptors; returns the last count. */
async function settle(target: number, maxMs: number): Promise<number> {
  await vi.waitFor(() => expect(openFds(server.pid)).toBeLessThanOrEqual(target), { timeout: maxMs, interval: 50 }).catch(() => {});
  return openFds(server.pid);
}

/** The server's own count of open connections, once it has dropped to zero (or the bound ran out). */
async function connectionsLeft(maxMs = 3000): Promise<number> {
  await vi.waitFor(async () => expect((await server.stats()).connections).toBe(0), { timeout: maxMs, interval: 50 }).catch(() => {});
  return (await server.stats()).connections;
}

async function stillServes(): Promise<void> {
  const r = await roundTrip(server.port, get('/hello.txt'), { until: finals(1), timeoutMs: 3000 });
  expect(r.responses[0]?.status).toBe(200);
}

function alive(): void {
  expect(server.child.exitCode, server.stderr()).toBeNull();
  expect(server.child.signalCode).toBeNull();
}

describe('hostile clients', () => {
  it('resets in the middle of a 10 MiB response, again and again', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await exchange(server.port, [get('/large.bin'), { awaitBytes: 200_000, max: 3000 }, { reset: true }], { timeoutMs: 3000 });
      expect(r.received.length).toBeGreaterThan(0);
    }
    // A reset right after the request, before any answer.
    for (let i = 0; i < 5; i++) {
      await new Promise<void>((resolve) => {
        const s = net.connect(server.port, '127.0.0.1', () => {
          s.write(get('/large.bin'));
          s.resetAndDestroy();
          resolve();
        });
        s.on('error', () => resolve());
      });
    }
    alive();
    await stillServes();
    expect(await settle(baselineFds, 3000)).toBeLessThanOrEqual(baselineFds);
    expect(await connectionsLeft()).toBe(0);
  });

  it('half-closes after its requests and still gets every response whole', async () => {
    const r = await roundTrip(server.port, [get('/large.bin') + get('/hello.txt'), { fin: true }], { timeoutMs: 15_000 });
    expect(r.responses.map((x) => x.status)).toEqual([200, 200]);
    expect(r.responses[0]!.body.length).toBe(LARGE);
    expect(r.responses[1]!.body.toString()).toBe('Hello, world!\n');
    expect(r.end).toBe('closed');
    alive();
    expect(await settle(baselineFds, 3000)).toBeLessThanOrEqual(baselineFds);
    expect(await connectionsLeft()).toBe(0);
  });

  it('stops reading a 10 MiB response: the server holds it open no longer than the send timeout', async () => {
    const stalled = await new Promise<net.Socket>((resolve) => {
      const s = net.connect(server.port, '127.0.0.1', () => {
        s.pause();
        s.write(get('/large.bin'));
        resolve(s);
      });
    });
    const closed = new Promise<number>((resolve) => {
      const started = Date.now();
      stalled.once('close', () => resolve(Date.now() - started));
      stalled.on('error', () => {});
    });
    // The answer has filled the socket: the connection holds its descriptors and the file's.
    await vi.waitFor(() => expect(openFds(server.pid)).toBeGreaterThan(baselineFds), { timeout: 3000, interval: 20 });
    // While one connection is stuck with a full socket, others are served as usual.
    await stillServes();
    expect(openFds(server.pid)).toBeGreaterThan(baselineFds);
    // The server gives up on the stalled reader; our side sees the close once it reads again.
    const gaveUp = await settle(baselineFds, SEND_TIMEOUT_MS + 3000);
    expect(gaveUp).toBeLessThanOrEqual(baselineFds);
    stalled.resume();
    expect(await closed).toBeLessThan(SEND_TIMEOUT_MS + 5000);
    expect(await connectionsLeft()).toBe(0);
    alive();
  });

  it('opens and abandons many connections without leaking descriptors', async () => {
    const sockets: net.Socket[] = [];
    for (let i = 0; i < 40; i++) {
      sockets.push(
        await new Promise<net.Socket>((resolve) => {
          const s = net.connect(server.port, '127.0.0.1', () => resolve(s));
          s.on('error', () => {});
        }),
      );
    }
    // Some send half a request, some a whole one and stop reading, some nothing at all.
    sockets.forEach((s, i) => {
      if (i % 3 === 0) s.write('GET /hello.txt HTTP/1.1\r\nHo');
      else if (i % 3 === 1) s.write(get('/large.bin'));
    });
    await vi.waitFor(async () => expect((await server.stats()).connections).toBe(40), { timeout: 3000, interval: 20 });
    expect(openFds(server.pid)).toBeGreaterThanOrEqual(baselineFds + 40);
    for (const s of sockets) s.destroy();
    alive();
    expect(await settle(baselineFds, 3000)).toBeLessThanOrEqual(baselineFds);
    expect(await connectionsLeft()).toBe(0);
    await stillServes();
  });
});
