// The server's bounds on what one client can make it hold: open connections (503 beyond), the
// pipelined requests of one connection (it stops reading while its answers are not being read,
// and holds at most maxPipelined of them), and the size of a request body (413).

import net from 'node:net';
import os from 'node:os';

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { ensureFixtures } from '../../conformance/src/fixtures/ensure-fixtures.ts';
import { parseArgs } from '../src/cli-flags.ts';
import { startServer } from '../src/server.ts';
import { startChildServer } from './support/child-process.ts';
import type { ChildServer } from './support/child-process.ts';
import { get, startFixture } from './support/fixture.ts';
import type { Fixture } from './support/fixture.ts';
import { finals, header, parseResponses, roundTrip } from './support/raw-client.ts';

function open(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
}

describe('open connections', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture({ maxConnections: 3 });
  });
  afterAll(async () => {
    await fx.cleanup();
  });

  it('answers 503 and closes past the bound, and serves again once a slot is free', async () => {
    const held = await Promise.all([open(fx.port), open(fx.port), open(fx.port)]);
    for (const s of held) s.on('error', () => {});
    // A request in progress on one of them, nothing yet on the others: all three count.
    held[0]!.write('GET /hello.txt HTTP/1.1\r\nHo');
    await vi.waitFor(() => expect(fx.server.connectionCount()).toBe(3), { timeout: 3000, interval: 5 });

    const refused = await roundTrip(fx.port, get('/hello.txt'), { timeoutMs: 3000 });
    expect(refused.responses).toHaveLength(1);
    const res = refused.responses[0]!;
    expect(res.status).toBe(503);
    expect(header(res, 'connection')).toBe('close');
    expect(header(res, 'retry-after')).toBe('1');
    expect(Number(header(res, 'content-length'))).toBe(res.body.length);
    expect(refused.end).toBe('closed');
    expect(fx.server.connectionCount()).toBe(3);

    held[1]!.destroy();
    await vi.waitFor(() => expect(fx.server.connectionCount()).toBeLessThanOrEqual(2), { timeout: 2000, interval: 10 });
    const served = await roundTrip(fx.port, get('/hello.txt'), { until: finals(1), timeoutMs: 3000 });
    expect(served.responses[0]?.status).toBe(200);
    for (const s of held) s.destroy();
  });

  it('rejects a bound that is not a positive integer', async () => {
    await expect(startServer({ root: os.tmpdir(), port: 0, maxConnections: 0 })).rejects.toThrow(/maxConnections/);
    await expect(startServer({ root: os.tmpdir(), port: 0, maxPipelined: 1.5 })).rejects.toThrow(/maxPipelined/);
  });

  it('has CLI flags, with one error line naming the flag', () => {
    const ok = parseArgs(['--root', 'x', '--max-connections', '2', '--max-body-bytes', '1024', '--max-pipelined', '8', '--discard-body-bytes', '0']);
    expect(ok).toMatchObject({ ok: true, options: { maxConnections: 2, limits: { maxBodyBytes: 1024 }, maxPipelined: 8, discardBodyBytes: 0 } });
    expect(parseArgs(['--root', 'x', '--max-pipelined', '0'])).toMatchObject({ ok: false, error: expect.stringContaining('--max-pipelined') });
    expect(parseArgs(['--root', 'x', '--discard-body-bytes', 'lots'])).toMatchObject({ ok: false, error: expect.stringContaining('--discard-body-bytes') });
    expect(parseArgs(['--root', 'x', '--max-connections', '0'])).toMatchObject({ ok: false, error: expect.stringContaining('--max-connections') });
    expect(parseArgs(['--root', 'x', '--max-body-bytes', '-1'])).toMatchObject({ ok: false, error: expect.stringContaining('--max-body-bytes') });
  });
});

describe('request body size', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture({ limits: { maxBodyBytes: 1000 } });
  });
  afterAll(async () => {
    await fx.cleanup();
  });

  const status = async (bytes: string): Promise<number | undefined> => {
    const r = await roundTrip(fx.port, bytes, { timeoutMs: 3000 });
    expect(r.end).toBe('closed');
    return r.responses[0]?.status;
  };

  it('413 for a declared length over the bound, on any route, before the body is sent', async () => {
    expect(await status('POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1001\r\n\r\n')).toBe(413);
    expect(await status('PUT /hello.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\n')).toBe(413);
  });

  it('413 for a chunked body once its chunks add up past the bound', async () => {
    const chunk = `258\r\n${'a'.repeat(600)}\r\n`;
    expect(await status(`POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${chunk}${chunk}0\r\n\r\n`)).toBe(413);
  });

  it('a body at the bound is fine', async () => {
    const r = await roundTrip(fx.port, `POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n${'b'.repeat(1000)}`, {
      until: finals(1),
      timeoutMs: 3000,
    });
    expect(r.responses[0]?.status).toBe(200);
    expect(r.responses[0]?.body.length).toBe(1000);
  });
});

describe('pipelined requests', () => {
  let server: ChildServer;
  beforeAll(async () => {
    const { docroot } = await ensureFixtures();
    server = await startChildServer({ root: docroot, host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('stops reading a pipeline while its answers are not read, and holds little for it', async () => {
    const before = await server.stats();
    // 24 MiB of requests behind a 10 MiB answer the client does not read: more than the kernel's
    // buffers on both sides can absorb, so what the server does not read stays with the client.
    const one = `GET /large.bin HTTP/1.1\r\nHost: x\r\nX-Pad: ${'p'.repeat(8000)}\r\n\r\n`;
    const socket = await open(server.port);
    socket.on('error', () => {});
    socket.pause();
    socket.write(one.repeat(Math.ceil((24 * 1024 * 1024) / one.length)));
    // The server stops reading: what it has not taken stays queued on our side.
    await vi.waitFor(() => expect(socket.writableLength).toBeGreaterThan(4 * 1024 * 1024), { timeout: 5000, interval: 20 });
    const during = await server.stats();
    expect(during.heapUsed - before.heapUsed).toBeLessThan(8 * 1024 * 1024);
    socket.destroy();
    await vi.waitFor(async () => expect((await server.stats()).fds).toBeLessThanOrEqual(before.fds), { timeout: 3000, interval: 50 });
  });

  it('answers a backed-up pipeline in order once the client reads', async () => {
    const count = 20_000;
    const socket = await open(server.port);
    socket.pause();
    const files = ['/hello.txt', '/canary.txt'];
    let sent = '';
    for (let i = 0; i < count; i++) sent += `GET ${files[i % 2]} HTTP/1.1\r\nHost: x\r\n\r\n`;
    socket.write(sent);
    await new Promise((r) => setTimeout(r, 300));
    const chunks: Buffer[] = [];
    let total = 0;
    // The answers to one file all have the same size, so the count is in the byte total.
    const sizes = await Promise.all(
      files.map(async (f) => (await roundTrip(server.port, get(f, 'Connection: close\r\n'), { timeoutMs: 3000 })).received.length - 'Connection: close\r\n'.length),
    );
    const expected = (count / 2) * (sizes[0]! + sizes[1]!);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${total} of ${expected} octets`)), 20_000);
      socket.on('data', (d: Buffer) => {
        chunks.push(d);
        total += d.length;
        if (total >= expected) {
          clearTimeout(timer);
          resolve();
        }
      });
      socket.resume();
    });
    socket.destroy();
    const responses = parseResponses(Buffer.concat(chunks));
    expect(responses).toHaveLength(count);
    const bodies = ['Hello, world!\n', 'canary: in sync\n'];
    expect(responses.every((r, i) => r.status === 200 && r.body.toString() === bodies[i % 2])).toBe(true);
  }, 30_000);
});

describe('answers held for a client that pipelines without reading', () => {
  /** The most answer octets the server held in user space while such a client filled every buffer. */
  async function peakHeld(maxPipelined: number): Promise<{ peak: number; answer: number }> {
    const fx = await startFixture({ maxPipelined });
    try {
      const answer = (await roundTrip(fx.port, get('/hello.txt'), { until: finals(1), timeoutMs: 3000 })).received.length;
      const socket = await open(fx.port);
      socket.on('error', () => {});
      socket.pause();
      // Some 18 MB of answers: more than the kernel's buffers on both sides take.
      socket.write(get('/hello.txt').repeat(100_000));
      let peak = 0;
      const until = Date.now() + 1500;
      while (Date.now() < until) {
        peak = Math.max(peak, fx.server.queuedOutputBytes());
        await new Promise((r) => setTimeout(r, 2));
      }
      socket.destroy();
      return { peak, answer };
    } finally {
      await fx.cleanup();
    }
  }

  it('holds at most maxPipelined answers, and the bound is what limits it', async () => {
    const bounded = await peakHeld(4);
    expect(bounded.peak).toBeGreaterThan(0);
    expect(bounded.peak).toBeLessThanOrEqual(4 * bounded.answer);
    // Without a count bound, only the socket's byte threshold and one read's batch stop it.
    const loose = await peakHeld(1_000_000);
    expect(loose.peak).toBeGreaterThan(16 * bounded.answer);
  }, 20_000);

  it('still answers every request, in order, once the client reads', async () => {
    const fx = await startFixture({ maxPipelined: 1 });
    try {
      const count = 2000;
      const r = await roundTrip(fx.port, get('/hello.txt').repeat(count - 1) + get('/hello.txt', 'Connection: close\r\n'), { timeoutMs: 10_000 });
      expect(r.end).toBe('closed');
      expect(r.responses).toHaveLength(count);
      expect(r.responses.every((res) => res.status === 200 && res.body.toString() === 'Hello, world!\n')).toBe(true);
    } finally {
      await fx.cleanup();
    }
  }, 20_000);
});
