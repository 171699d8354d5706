import net from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { HELLO, get, startFixture } from './support/fixture.ts';
import type { Fixture } from './support/fixture.ts';
import { exchange, finals, header, parseResponses, roundTrip } from './support/raw-client.ts';
import type { Step } from './support/raw-client.ts';

let fx: Fixture;
beforeAll(async () => {
  fx = await startFixture();
});
afterAll(async () => {
  await fx.cleanup();
});

const CANARY = get('/canary.txt');

describe('persistence', () => {
  it('keeps HTTP/1.1 connections alive by default', async () => {
    const r = await roundTrip(fx.port, [get('/hello.txt'), { awaitBytes: 1 }, { pause: 50 }, CANARY], {
      until: finals(2),
    });
    expect(r.responses.map((x) => x.status)).toEqual([200, 200]);
    expect(header(r.responses[0]!, 'connection')).toBeUndefined();
    expect(r.end).toBe('open');
  });

  it('closes HTTP/1.0 connections after the response', async () => {
    const r = await roundTrip(fx.port, 'GET /hello.txt HTTP/1.0\r\n\r\n' + CANARY);
    expect(r.responses).toHaveLength(1);
    expect(r.responses[0]!.statusLine).toBe('HTTP/1.1 200 OK');
    expect(header(r.responses[0]!, 'connection')).toBe('close');
    expect(r.end).toBe('closed');
  });

  it('keeps HTTP/1.0 alive on request and says so', async () => {
    const r = await roundTrip(fx.port, 'GET /hello.txt HTTP/1.0\r\nConnection: keep-alive\r\n\r\n' + CANARY, {
      until: finals(2),
    });
    expect(header(r.responses[0]!, 'connection')).toBe('keep-alive');
    expect(header(r.responses[0]!, 'content-length')).toBe('14');
    expect(r.responses[1]!.body.toString()).toBe('canary\n');
  });

  it('honours Connection: close, announces it, and answers nothing after it', async () => {
    const r = await roundTrip(fx.port, get('/hello.txt', 'Connection: close\r\n') + CANARY);
    expect(r.responses).toHaveLength(1);
    expect(header(r.responses[0]!, 'connection')).toBe('close');
    expect(r.end).toBe('closed');
  });

  it('closes idle keep-alive connections quietly after the idle timeout', async () => {
    const quick = await startFixture({ timeouts: { idleMs: 300 } });
    try {
      const started = Date.now();
      const r = await roundTrip(quick.port, get('/hello.txt'), { timeoutMs: 3000 });
      expect(r.end).toBe('closed');
      expect(r.responses).toHaveLength(1);
      expect(Date.now() - started).toBeLessThan(2500);
      const silent = await exchange(quick.port, [], { timeoutMs: 3000 });
      expect(silent.end).toBe('closed');
      expect(silent.received.length).toBe(0);
    } finally {
      await quick.cleanup();
    }
  });

  it('408 when the header section does not complete in time, and when a body stalls', async () => {
    const quick = await startFixture({ timeouts: { headersMs: 300, bodyMs: 300 } });
    try {
      const head = await roundTrip(quick.port, 'GET /hello.txt HTTP/1.1\r\nHost: x\r\n', { timeoutMs: 3000 });
      expect(head.responses[0]!.status).toBe(408);
      expect(header(head.responses[0]!, 'connection')).toBe('close');
      expect(head.end).toBe('closed');
      const body = await roundTrip(quick.port, 'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc', {
        timeoutMs: 3000,
      });
      expect(body.responses[0]!.status).toBe(408);
      expect(body.end).toBe('closed');
      // Half of a second request arrives with the first: its header clock runs from then on, so
      // it gets its 408 although the connection never goes idle.
      const pipelined = await roundTrip(quick.port, 'GET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\nGET /hello.txt HTTP/1.1\r\nHo', {
        timeoutMs: 3000,
      });
      expect(pipelined.responses.map((r) => r.status)).toEqual([200, 408]);
      expect(pipelined.end).toBe('closed');
    } finally {
      await quick.cleanup();
    }
  });
});

describe('a request body that trickles in', () => {
  // One octet every 150 ms: every gap is well inside the 600 ms body timeout.
  const trickle = (octets: number): Step[] => [
    'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n',
    ...Array.from({ length: octets }, (): Step[] => [{ pause: 150 }, 'a']).flat(),
  ];

  it('gets 408 once it falls behind the minimum rate, although no gap reaches the timeout', async () => {
    const quick = await startFixture({ timeouts: { bodyMs: 600, minBodyRate: 500 } });
    try {
      const started = Date.now();
      const r = await exchange(quick.port, trickle(20), { timeoutMs: 5000 });
      expect(parseResponses(r.received)[0]?.status).toBe(408);
      expect(r.end).toBe('closed');
      // The deadline is the 600 ms from the head plus 2 ms per octet, not the 3 s of trickle.
      expect(Date.now() - started).toBeLessThan(1500);
    } finally {
      await quick.cleanup();
    }
  });

  it('is waited for as long as it keeps up the rate, and without a rate only a gap times out', async () => {
    const noRate = await startFixture({ timeouts: { bodyMs: 600, minBodyRate: 0 } });
    const fast = await startFixture({ timeouts: { bodyMs: 600, minBodyRate: 500 }, echoMaxBytes: 1024 * 1024 });
    try {
      // 8 KiB every 400 ms: 20 KiB a second, far above 500 octets a second, with gaps of 2/3 of the timeout.
      const piece = 'b'.repeat(8192);
      const steps: Step[] = ['POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 65536\r\n\r\n'];
      for (let i = 0; i < 8; i++) steps.push({ pause: 400 }, piece);
      // Both at once (the deadline arithmetic itself is tested with a clock in connection-state.test.ts).
      const [slow, ok] = await Promise.all([
        // Read until 300 ms after the last octet: within the 600 ms gap, so still waiting.
        exchange(noRate.port, trickle(12), { timeoutMs: 12 * 150 + 300 }),
        exchange(fast.port, steps, { timeoutMs: 8000, until: finals(1) }),
      ]);
      expect(slow.received.length).toBe(0);
      expect(slow.end).toBe('open');
      const answer = parseResponses(ok.received)[0];
      expect(answer?.status).toBe(200);
      expect(answer?.body.length).toBe(65536);
    } finally {
      await noRate.cleanup();
      await fast.cleanup();
    }
  });
});

describe('pipelining', () => {
  it('answers three requests from one write in order', async () => {
    const r = await roundTrip(fx.port, get('/hello.txt') + get('/index.html') + get('/missing'), { until: finals(3) });
    expect(r.responses.map((x) => x.status)).toEqual([200, 200, 404]);
    expect(r.responses[0]!.body.toString()).toBe(HELLO);
    expect(r.responses[1]!.body.toString()).toContain('<title>root</title>');
  });

  it('keeps order when a slow (streamed) answer is followed by a fast one', async () => {
    const r = await roundTrip(fx.port, get('/large.bin') + get('/hello.txt') + 'HEAD /large.bin HTTP/1.1\r\nHost: x\r\n\r\n' + CANARY, {
      until: finals(4, [2]),
      headIndexes: [2],
      timeoutMs: 15_000,
    });
    expect(r.responses.map((x) => x.status)).toEqual([200, 200, 200, 200]);
    expect(r.responses[0]!.body.equals(fx.large)).toBe(true);
    expect(r.responses[1]!.body.toString()).toBe(HELLO);
    expect(r.responses[2]!.body.length).toBe(0);
    expect(r.responses[3]!.body.toString()).toBe('canary\n');
  });

  it('answers a long pipeline in order with bounded buffering', async () => {
    const n = 200;
    const r = await roundTrip(fx.port, Array.from({ length: n }, (_, i) => get(i % 2 ? '/canary.txt' : '/hello.txt')).join(''), {
      until: finals(n),
      timeoutMs: 10_000,
    });
    expect(r.responses).toHaveLength(n);
    r.responses.forEach((res, i) => expect(res.body.toString()).toBe(i % 2 ? 'canary\n' : HELLO));
  });

  it('parses a request sent one byte at a time, answering only after the final CRLF', async () => {
    const bytes = get('/hello.txt');
    const steps = [...bytes.slice(0, -1)].flatMap((c) => [c, { pause: 2 }]);
    const early = await exchange(fx.port, steps, { timeoutMs: 400 + bytes.length * 20, until: (b) => b.length > 0 });
    expect(early.received.length).toBe(0);
    const r = await roundTrip(fx.port, [...bytes].flatMap((c) => [c, { pause: 2 }]), { until: finals(1) });
    expect(r.responses[0]!.body.toString()).toBe(HELLO);
  });
});

describe('request bodies', () => {
  it('reads and discards a body the answer does not need, then serves the next request', async () => {
    // The body looks like a request: answering it would be a desync.
    const body = 'GET /missing HTTP/1.1\r\nHost: x\r\n\r\n';
    const r = await roundTrip(
      fx.port,
      `POST /hello.txt HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n${body}${CANARY}`,
      { until: finals(2) },
    );
    expect(r.responses.map((x) => x.status)).toEqual([405, 200]);
    expect(r.responses[1]!.body.toString()).toBe('canary\n');
  });

  it('discards a chunked body on GET', async () => {
    const r = await roundTrip(
      fx.port,
      'GET /hello.txt HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n' + CANARY,
      { until: finals(2) },
    );
    expect(r.responses.map((x) => x.status)).toEqual([200, 200]);
    expect(r.responses[1]!.body.toString()).toBe('canary\n');
  });

  it('answers at once and closes when a body is too large to be worth reading', async () => {
    const r = await roundTrip(fx.port, 'POST /hello.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 1073741824\r\n\r\nxxxx', {
      timeoutMs: 4000,
    });
    expect(r.responses[0]!.status).toBe(405);
    expect(header(r.responses[0]!, 'connection')).toBe('close');
    expect(r.end).toBe('closed');
  });
});

describe('Expect: 100-continue', () => {
  it('sends 100 Continue before the body is sent, then the echo', async () => {
    const head = 'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n';
    const r = await exchange(fx.port, [head, { awaitBytes: 25, max: 2000 }, 'hello'], { until: finals(1) });
    const text = r.received.toString('latin1');
    expect(text.startsWith('HTTP/1.1 100 Continue\r\n\r\n')).toBe(true);
    const responses = parseResponses(r.received);
    expect(responses.map((x) => x.status)).toEqual([100, 200]);
    expect(responses[1]!.body.toString()).toBe('hello');
  });

  it('answers a final status at once when it does not need the body, and closes', async () => {
    const r = await roundTrip(fx.port, 'POST /hello.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n', {
      timeoutMs: 4000,
    });
    expect(r.responses.map((x) => x.status)).toEqual([405]);
    expect(header(r.responses[0]!, 'connection')).toBe('close');
    expect(r.end).toBe('closed');
  });

  it('sends no 100 to HTTP/1.0', async () => {
    const r = await roundTrip(fx.port, 'POST /echo HTTP/1.0\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\nhello');
    expect(r.responses.map((x) => x.status)).toEqual([200]);
  });
});

describe('errors', () => {
  const status = async (bytes: string) => {
    const r = await roundTrip(fx.port, bytes + CANARY, { timeoutMs: 4000 });
    expect(r.responses).toHaveLength(1);
    expect(header(r.responses[0]!, 'connection')).toBe('close');
    expect(Number(header(r.responses[0]!, 'content-length'))).toBe(r.responses[0]!.body.length);
    expect(header(r.responses[0]!, 'date')).toBeDefined();
    expect(r.end).toBe('closed');
    return r.responses[0]!.status;
  };

  it('maps parse errors to their status, closes, and answers nothing after', async () => {
    expect(await status('GET /hello.txt HTTP/2.0\r\nHost: x\r\n\r\n')).toBe(505);
    expect(await status('GET /hello.txt HTTP/1.1\r\n\r\n')).toBe(400);
    expect(await status('GET /hello.txt HTTP/1.1\r\nHost: x\r\nContent-Length: +5\r\n\r\nhello')).toBe(400);
    expect(await status(`GET /hello.txt?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`)).toBe(414);
    expect(await status(`GET /hello.txt HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(100_000)}\r\n\r\n`)).toBe(431);
  });

  it('delivers the 400 whole even when the client keeps sending', async () => {
    const garbage = 'x'.repeat(64 * 1024);
    const r = await roundTrip(fx.port, ['GET / HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n', garbage, { pause: 50 }, garbage], {
      timeoutMs: 4000,
    });
    expect(r.responses[0]!.status).toBe(400);
    expect(r.responses[0]!.complete).toBe(true);
    expect(r.end).toBe('closed');
  });

  it('survives a client that resets mid-response', async () => {
    for (let i = 0; i < 3; i++) {
      await exchange(fx.port, [get('/large.bin'), { awaitBytes: 100_000, max: 3000 }, { reset: true }], { timeoutMs: 3000 });
    }
    await new Promise<void>((resolve) => {
      const s = net.connect(fx.port, '127.0.0.1', () => {
        s.write(get('/large.bin'));
        s.destroy();
        resolve();
      });
      s.on('error', () => resolve());
    });
    const r = await roundTrip(fx.port, get('/hello.txt'), { until: finals(1) });
    expect(r.responses[0]!.body.toString()).toBe(HELLO);
  });

  it('delivers the whole response after the client half-closes', async () => {
    const r = await roundTrip(fx.port, [get('/large.bin'), { fin: true }], { timeoutMs: 15_000 });
    expect(r.responses[0]!.body.equals(fx.large)).toBe(true);
    expect(r.end).toBe('closed');
  });
});

describe('shutdown', () => {
  it('finishes in-flight responses, closes idle connections, refuses new ones', async () => {
    const own = await startFixture();
    try {
      const idle = exchange(own.port, [get('/hello.txt')], { timeoutMs: 5000 });
      // A request whose body is still arriving when the shutdown starts.
      const busy = roundTrip(
        own.port,
        ['POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhello', { pause: 400 }, 'world', get('/canary.txt')],
        { timeoutMs: 5000 },
      );
      await new Promise((r) => setTimeout(r, 200));
      const closing = own.server.close();
      const idleDone = await idle;
      expect(idleDone.end).toBe('closed');
      expect(parseResponses(idleDone.received)).toHaveLength(1);
      const busyDone = await busy;
      expect(busyDone.responses).toHaveLength(1);
      expect(busyDone.responses[0]!.body.toString()).toBe('helloworld');
      expect(header(busyDone.responses[0]!, 'connection')).toBe('close');
      expect(busyDone.end).toBe('closed');
      await closing;
      await expect(exchange(own.port, get('/hello.txt'), { timeoutMs: 1000 })).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      await own.cleanup();
    }
  });
});
