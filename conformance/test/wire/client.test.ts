import type net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runExchange, type ExchangeOptions } from '../../src/wire/client.ts';
import { KEPT_BYTES } from '../../src/wire/transcript-recorder.ts';
import type { ReadResult, Settle, TranscriptEvent, WireStep } from '../../src/wire/types.ts';
import { freePort, openHandles, scripted, type Scripted } from './scripted-server.ts';

const bytes = (text: string): Buffer => Buffer.from(text, 'latin1');
const text = (buf: Buffer): string => buf.toString('latin1');
const write = (t: string): WireStep => ({ kind: 'write', bytes: bytes(t) });
const GET = write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
const OK = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';
/** Slack for timing bounds: event-loop latency on a loaded CI machine. */
const MARGIN_MS = 500;

const finals = (n: number): Settle => (read: ReadResult) =>
  read.responses.filter((r) => r.complete && (r.status ?? 200) >= 200).length >= n ? 'done' : 'more';
const keepReading: Settle = () => 'more';

let servers: Scripted[] = [];

beforeEach(() => {
  servers = [];
});

afterEach(async () => {
  for (const s of servers) await s.close();
});

async function serve(onConnection: (socket: net.Socket) => void): Promise<Scripted> {
  const s = await scripted(onConnection);
  servers.push(s);
  return s;
}

const leakKinds = (): [sockets: number, timers: number] => {
  const open = openHandles();
  return [open['TCPSocketWrap'] ?? 0, open['Timeout'] ?? 0];
};

async function exchange(port: number, steps: WireStep[], o: Partial<ExchangeOptions> = {}) {
  const before = leakKinds();
  const started = performance.now();
  const result = await runExchange({
    host: '127.0.0.1',
    port,
    steps,
    timeoutMs: 3000,
    graceMs: 100,
    maxBytes: 32 * 1024 * 1024,
    settle: finals(1),
    ...o,
  });
  const elapsed = performance.now() - started;
  // Nothing of the exchange may outlive it: once the servers' ends of the connections are gone,
  // sockets and timers are back to what they were.
  for (const s of servers) await s.dropConnections();
  await new Promise((resolve) => setImmediate(resolve));
  const [sockets, timers] = leakKinds();
  expect(sockets).toBe(before[0]);
  // Only "no more": the test runner's own timers may have fired meanwhile.
  expect(timers).toBeLessThanOrEqual(before[1]);
  return { ...result, elapsed };
}

/** The promise's value, or 'nothing' after `ms`. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | 'nothing'> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<'nothing'>((resolve) => (timer = setTimeout(() => resolve('nothing'), ms)));
  try {
    return await Promise.race([promise, bound]);
  } finally {
    clearTimeout(timer);
  }
}

const kinds = (events: TranscriptEvent[]): string[] => events.map((e) => e.kind);
const endEvent = (events: TranscriptEvent[]) => events.find((e) => e.kind === 'end');

describe('runExchange against broken servers', () => {
  it('ends at timeoutMs when the server never answers', async () => {
    const s = await serve(() => {});
    const { transcript, read, elapsed } = await exchange(s.port, [GET], { timeoutMs: 300 });
    expect(transcript).toMatchObject({ timedOut: true, end: 'open', truncated: false });
    expect(endEvent(transcript.events)).toMatchObject({ how: 'timeout' });
    expect(kinds(transcript.events)).toEqual(['write', 'end']);
    expect(read.responses).toEqual([]);
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(300 + MARGIN_MS);
  });

  it('reports garbage bytes', async () => {
    const s = await serve((c) => c.once('data', () => c.end(bytes('\x00\xffnot http\r\n'))));
    const { transcript, read, elapsed } = await exchange(s.port, [GET]);
    expect(transcript.end).toBe('closed');
    expect(text(transcript.received)).toBe('\x00\xffnot http\r\n');
    expect(read.responses).toEqual([]);
    expect(read.findings).toEqual(['expected a status line, got "\\0\\xffnot http\\r\\n"']);
    expect(elapsed).toBeLessThan(MARGIN_MS);
  });

  it('sees a server that accepts and closes at once', async () => {
    const s = await serve((c) => c.end());
    // Waiting for a head that never comes holds the write back until the close arrives.
    const { transcript, read, elapsed } = await exchange(s.port, [{ kind: 'await-head', maxMs: 2000 }, GET]);
    expect(transcript.end).toBe('closed');
    expect(transcript.timedOut).toBe(false);
    expect(kinds(transcript.events)).not.toContain('write');
    expect(read.responses).toEqual([]);
    expect(read.findings).toEqual(['connection closed by the server with 1 of 2 steps not sent']);
    expect(elapsed).toBeLessThan(MARGIN_MS);
  });

  it('sees a reset, keeping what arrived before it', async () => {
    const s = await serve((c) =>
      c.once('data', () => {
        c.write('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhel');
        setTimeout(() => c.resetAndDestroy(), 50);
      }),
    );
    const { transcript, read, elapsed } = await exchange(s.port, [GET]);
    expect(transcript.end).toBe('reset');
    expect(endEvent(transcript.events)).toMatchObject({ how: 'reset' });
    // A reset by the server is its behaviour, not a harness error.
    expect(kinds(transcript.events)).not.toContain('error');
    expect(read.responses).toHaveLength(1);
    expect(read.responses[0]).toMatchObject({ status: 200, complete: false });
    expect(read.responses[0]!.findings).toEqual(['connection ended after 3 of 10 body bytes']);
    expect(elapsed).toBeLessThan(MARGIN_MS);
  });

  // The end of the stream is asked whether it was a reset with a write of no bytes; behind a large
  // write the server no longer reads, that write waited for the time bound and the close was
  // reported as "still open, timed out".
  it('sees the close of a server that answered and stopped reading mid-body', async () => {
    const s = await serve((c) =>
      c.once('data', () => {
        c.pause();
        c.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      }),
    );
    const body = 'X'.repeat(16 * 1024 * 1024);
    const { transcript, read, elapsed } = await exchange(s.port, [write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n${body}`)], { settle: keepReading });
    expect(transcript).toMatchObject({ end: 'closed', timedOut: false });
    expect(read.responses.map((r) => r.status)).toEqual([400]);
    expect(elapsed).toBeLessThan(MARGIN_MS);
  });

  it('sees an early close in the middle of a body', async () => {
    const s = await serve((c) => c.once('data', () => c.end('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhel')));
    const { transcript, read } = await exchange(s.port, [GET]);
    expect(transcript.end).toBe('closed');
    expect(read.responses[0]).toMatchObject({ complete: false, framing: 'content-length' });
    expect(text(read.responses[0]!.body)).toBe('hel');
  });

  it('reads a body without Content-Length until the close', async () => {
    const s = await serve((c) =>
      c.once('data', () => {
        c.write('HTTP/1.1 200 OK\r\n\r\nfirst ');
        setTimeout(() => c.end('second'), 50);
      }),
    );
    const { transcript, read } = await exchange(s.port, [GET]);
    expect(transcript.end).toBe('closed');
    expect(read.responses[0]).toMatchObject({ framing: 'close', complete: true });
    expect(text(read.responses[0]!.body)).toBe('first second');
    expect(kinds(transcript.events).filter((k) => k === 'read').length).toBe(2);
  });

  it('reads bare-LF responses', async () => {
    const s = await serve((c) => c.once('data', () => c.write('HTTP/1.1 200 OK\nContent-Length: 2\n\nok')));
    const { transcript, read, elapsed } = await exchange(s.port, [GET]);
    // settle said done once the response was complete: the connection is still open.
    expect(transcript).toMatchObject({ end: 'open', timedOut: false });
    expect(read.responses[0]).toMatchObject({ status: 200, complete: true });
    expect(read.responses[0]!.findings).toEqual(['bare LF line ending in the response head']);
    expect(elapsed).toBeLessThan(MARGIN_MS);
  });

  it('stops an endless body at maxBytes', async () => {
    const piece = Buffer.alloc(64 * 1024, 'x');
    const s = await serve((c) =>
      c.once('data', () => {
        c.write('HTTP/1.1 200 OK\r\n\r\n');
        const pump = (): void => {
          // Bounded: far more than the cap, far less than forever.
          for (let i = 0; i < 1000 && !c.destroyed; i++) if (!c.write(piece)) return void c.once('drain', pump);
        };
        pump();
      }),
    );
    const maxBytes = 1024 * 1024;
    const { transcript, read, elapsed } = await exchange(s.port, [GET], { maxBytes, settle: keepReading });
    expect(endEvent(transcript.events)).toMatchObject({ how: 'cap' });
    expect(transcript).toMatchObject({ truncated: true, end: 'open', timedOut: false });
    // Every byte up to the cap was read and counted; the transcript keeps only their first KiBs.
    expect(transcript.receivedBytes).toBe(maxBytes);
    expect(transcript.received.length).toBe(KEPT_BYTES);
    expect(read.responses[0]).toMatchObject({ framing: 'close', complete: false });
    expect(read.findings).toEqual([`stopped reading at the ${maxBytes}-byte cap`]);
    expect(elapsed).toBeLessThan(2000);
  });

  it('bounds a drip server by timeoutMs', async () => {
    const s = await serve((c) =>
      c.once('data', () => {
        const head = 'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n';
        let i = 0;
        const timer = setInterval(() => {
          if (c.destroyed || i >= head.length) return clearInterval(timer);
          c.write(head[i++]!);
        }, 200);
        c.on('close', () => clearInterval(timer));
      }),
    );
    const { transcript, read, elapsed } = await exchange(s.port, [GET], { timeoutMs: 1100 });
    expect(transcript.timedOut).toBe(true);
    expect(elapsed).toBeLessThan(1100 + MARGIN_MS);
    const reads = transcript.events.filter((e) => e.kind === 'read');
    expect(reads.length).toBeGreaterThanOrEqual(3);
    expect(reads.length).toBeLessThanOrEqual(6);
    expect(text(read.unparsed)).toBe(text(transcript.received));
  });

  it('records a refused connection as an error event', async () => {
    const port = await freePort();
    const { transcript, read, elapsed } = await exchange(port, [GET]);
    const error = transcript.events.find((e) => e.kind === 'error');
    expect(error).toMatchObject({ kind: 'error', code: 'ECONNREFUSED' });
    expect(kinds(transcript.events)).toEqual(['error', 'end']);
    expect(transcript.timedOut).toBe(false);
    expect(read.responses).toEqual([]);
    expect(elapsed).toBeLessThan(MARGIN_MS);
  });

  it('records an invalid port as an error event instead of throwing', async () => {
    const { transcript } = await exchange(70000, [GET]);
    expect(transcript.events[0]).toMatchObject({ kind: 'error', code: 'ERR_SOCKET_BAD_PORT' });
  });
});

describe('runExchange steps', () => {
  it('delivers two writes separated by writeGapMs as two reads', async () => {
    const sizes: number[] = [];
    const s = await serve((c) =>
      c.on('data', (d: Buffer) => {
        sizes.push(d.length);
        if (sizes.reduce((a, b) => a + b, 0) === 7) c.write(OK);
      }),
    );
    const { transcript, read } = await exchange(s.port, [write('abc'), write('defg')], { writeGapMs: 20 });
    expect(sizes).toEqual([3, 4]);
    const writes = transcript.events.filter((e) => e.kind === 'write');
    expect(writes[1]!.atMs - writes[0]!.atMs).toBeGreaterThanOrEqual(19);
    expect(read.responses[0]).toMatchObject({ status: 200, complete: true });
  });

  it('half-closes on close: fin and still reads the answer', async () => {
    let received = '';
    const s = await serve((c) => {
      c.on('data', (d: Buffer) => (received += text(d)));
      c.on('end', () => c.end(OK));
    });
    const { transcript, read } = await exchange(s.port, [GET, { kind: 'close', how: 'fin' }], { settle: keepReading });
    expect(received).toBe('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(kinds(transcript.events)).toEqual(['write', 'close', 'read', 'end']);
    expect(transcript.end).toBe('closed');
    expect(read.responses[0]).toMatchObject({ status: 200, complete: true });
    expect(text(read.responses[0]!.body)).toBe('ok');
  });

  it('records a write step after close: fin as an error and goes on', async () => {
    const s = await serve((c) => {
      c.resume();
      c.on('end', () => c.end(OK));
    });
    const steps: WireStep[] = [GET, { kind: 'close', how: 'fin' }, write('late')];
    const { transcript, read } = await exchange(s.port, steps);
    expect(kinds(transcript.events)).toEqual(['write', 'close', 'error', 'read', 'end']);
    expect(transcript.events[2]).toMatchObject({ code: 'ERR_STREAM_WRITE_AFTER_END' });
    expect(read.responses).toHaveLength(1);
  });

  it('aborts with RST on close: reset', async () => {
    let seen: (how: string) => void = () => {};
    const serverSaw = new Promise<string>((resolve) => (seen = resolve));
    const s = await serve((c) => {
      c.on('error', (e: NodeJS.ErrnoException) => seen(e.code ?? 'error'));
      c.on('end', () => seen('fin'));
    });
    // The pause lets the server read the request first: a RST racing unread data can look
    // like a FIN to the reading side.
    const steps: WireStep[] = [GET, { kind: 'pause', ms: 50 }, { kind: 'close', how: 'reset' }];
    const { transcript, elapsed } = await exchange(s.port, steps);
    expect(kinds(transcript.events)).toEqual(['write', 'pause', 'close', 'end']);
    expect(transcript.end).toBe('open');
    expect(await within(serverSaw, 2000)).toBe('ECONNRESET');
    expect(elapsed).toBeLessThan(50 + MARGIN_MS);
  });

  it('waits on await-head for 100 Continue before sending the body', async () => {
    const seen: string[] = [];
    const s = await serve((c) => {
      let all = '';
      c.on('data', (d: Buffer) => {
        all += text(d);
        seen.push(text(d));
        if (seen.length === 1) setTimeout(() => c.write('HTTP/1.1 100 Continue\r\n\r\n'), 150);
        if (all.endsWith('hello')) c.write('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello');
      });
    });
    const head = 'POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n';
    const { transcript, read } = await exchange(s.port, [write(head), { kind: 'await-head', maxMs: 2000 }, write('hello')]);
    expect(seen).toEqual([head, 'hello']);
    const wait = transcript.events.find((e) => e.kind === 'await-head');
    expect(wait).toMatchObject({ arrived: true, maxMs: 2000 });
    expect(wait?.kind === 'await-head' && wait.waitedMs).toBeGreaterThanOrEqual(100);
    expect(wait?.kind === 'await-head' && wait.waitedMs).toBeLessThan(1000);
    expect(read.responses.map((r) => r.status)).toEqual([100, 200]);
  });

  it('gives up await-head after maxMs', async () => {
    const s = await serve((c) => c.on('data', (d: Buffer) => text(d).endsWith('hello') && c.write(OK)));
    const { transcript, read } = await exchange(s.port, [write('POST / HTTP/1.1\r\n\r\n'), { kind: 'await-head', maxMs: 200 }, write('hello')]);
    const wait = transcript.events.find((e) => e.kind === 'await-head');
    expect(wait).toMatchObject({ arrived: false });
    expect(wait?.kind === 'await-head' && wait.waitedMs).toBeGreaterThanOrEqual(195);
    expect(read.responses).toHaveLength(1);
  });

  it('lingers for stray bytes after the expected response', async () => {
    const s = await serve((c) =>
      c.once('data', () => {
        c.write(OK);
        setTimeout(() => c.write('junk'), 30);
      }),
    );
    const linger: Settle = (read) => (finals(1)(read, 'open') === 'done' ? 'linger' : 'more');
    const { transcript, read, elapsed } = await exchange(s.port, [GET], { settle: linger, graceMs: 200 });
    expect(transcript.end).toBe('open');
    expect(text(read.unparsed)).toBe('junk');
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(200 + MARGIN_MS);
  });

  it('stops lingering early when the server closes', async () => {
    const s = await serve((c) => c.once('data', () => c.write(OK, () => setTimeout(() => c.end(), 30))));
    const linger: Settle = (read) => (finals(1)(read, 'open') === 'done' ? 'linger' : 'more');
    const { transcript, elapsed } = await exchange(s.port, [GET], { settle: linger, graceMs: 1000 });
    expect(transcript.end).toBe('closed');
    expect(elapsed).toBeLessThan(600);
  });

  it('asks settle once right after the last step', async () => {
    const s = await serve(() => {});
    let asked = 0;
    const { transcript, elapsed } = await exchange(s.port, [GET], {
      settle: () => {
        asked++;
        return 'done';
      },
    });
    expect(asked).toBe(1);
    expect(transcript).toMatchObject({ end: 'open', timedOut: false });
    expect(elapsed).toBeLessThan(MARGIN_MS);
  });

  it('records pauses and keeps reading during them', async () => {
    const s = await serve((c) => c.once('data', () => c.write(OK)));
    const { transcript, read } = await exchange(s.port, [GET, { kind: 'pause', ms: 150 }], { settle: finals(1) });
    expect(kinds(transcript.events)).toEqual(['write', 'pause', 'read', 'end']);
    const end = endEvent(transcript.events)!;
    expect(end.atMs).toBeGreaterThanOrEqual(145);
    expect(read.responses).toHaveLength(1);
  });
});
