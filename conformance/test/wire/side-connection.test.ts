// `before:` connections: opened in order, their steps taken, left as the steps leave them while
// the case runs, and closed without leaving sockets or timers behind.

import type net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseCaseFile } from '../../src/case/parse-file.ts';
import { runCase } from '../../src/run/run-case.ts';
import { unescapeBytes } from '../../src/wire/escape.ts';
import { openSideConnections, SIDE_KEPT_BYTES, type SideTranscript } from '../../src/wire/side-connection.ts';
import type { TranscriptEvent, WireStep } from '../../src/wire/types.ts';
import { runContext } from '../support/run-context.ts';
import { freePort, openHandles, scripted, type Scripted } from './scripted-server.ts';

const write = (t: string): WireStep => ({ kind: 'write', bytes: Buffer.from(t, 'latin1') });
const MARGIN_MS = 500;

type Peer = { socket: net.Socket; received: string; ended: 'no' | 'fin' | 'reset' | 'closed' };

let servers: Scripted[] = [];
afterEach(async () => {
  for (const s of servers) await s.close();
  servers = [];
});

/** A server that records what each connection sent and how it ended; `onData` may answer. */
async function recorder(onData: (peer: Peer, peers: Peer[]) => void = () => {}): Promise<{ server: Scripted; peers: Peer[] }> {
  const peers: Peer[] = [];
  const server = await scripted((socket) => {
    const peer: Peer = { socket, received: '', ended: 'no' };
    peers.push(peer);
    socket.on('data', (chunk: Buffer) => {
      peer.received += chunk.toString('latin1');
      onData(peer, peers);
    });
    socket.on('end', () => {
      if (peer.ended === 'no') peer.ended = 'fin';
    });
    socket.on('error', () => {
      if (peer.ended === 'no') peer.ended = 'reset';
    });
    socket.on('close', () => {
      if (peer.ended === 'no') peer.ended = 'closed';
    });
  });
  servers.push(server);
  return { server, peers };
}

/** Waits until `holds()` (at most `ms`); the assertion after it says what did not happen. */
const until = (holds: () => boolean, ms = 2000): Promise<void> =>
  vi.waitFor(() => expect(holds()).toBe(true), { timeout: ms, interval: 5 }).catch(() => undefined);

const sockets = (): number => openHandles()['TCPSocketWrap'] ?? 0;

const kinds = (t: SideTranscript): string[] => t.events.map((e) => e.kind);
const readBytes = (t: SideTranscript): Buffer => Buffer.concat(t.events.flatMap((e) => (e.kind === 'read' ? [e.bytes] : [])));
const lastEvent = (t: SideTranscript): TranscriptEvent | undefined => t.events.at(-1);

/** Opens one side connection, waits until `settled` holds of its transcript so far, closes it and returns its transcript. */
async function transcriptOf(port: number, steps: WireStep[], settled: (t: SideTranscript) => boolean = () => true): Promise<SideTranscript> {
  const sides = await openSideConnections('127.0.0.1', port, [{ name: 'side', steps }], 1000);
  await until(() => sides.transcripts().every(settled));
  await sides.close();
  const [only, ...rest] = sides.transcripts();
  expect(rest).toEqual([]);
  return only!;
}

describe('openSideConnections', () => {
  it('leaves a connection stalled after its bytes until close()', async () => {
    const { peers } = await recorder();
    const before = sockets();
    const sides = await openSideConnections('127.0.0.1', servers[0]!.port, [{ name: 'stalled', steps: [write('GET / HTTP/1.1\r\nHo')] }], 1000);
    expect(sides.failure).toBeNull();
    await until(() => peers[0]?.received === 'GET / HTTP/1.1\r\nHo');
    expect(peers[0]?.received).toBe('GET / HTTP/1.1\r\nHo');
    await new Promise((r) => setTimeout(r, 100));
    expect(peers[0]?.ended).toBe('no');
    await sides.close();
    await until(() => peers[0]?.ended !== 'no');
    expect(peers[0]?.ended).not.toBe('no');
    await servers[0]!.dropConnections();
    expect(sockets()).toBe(before);
  });

  it('opens the connections in order, each after the previous one took its steps', async () => {
    const { peers } = await recorder();
    const sides = await openSideConnections(
      '127.0.0.1',
      servers[0]!.port,
      [
        { name: 'a', steps: [write('first')] },
        { name: 'b', steps: [write('second')] },
      ],
      1000,
    );
    await until(() => peers.length === 2 && peers[1]!.received === 'second');
    expect(peers.map((p) => p.received)).toEqual(['first', 'second']);
    await sides.close();
  });

  it('resets, half-closes and awaits a head as its steps say', async () => {
    const sentHeadAt: number[] = [];
    const { peers } = await recorder((peer) => {
      if (peer.received === 'wait') {
        setTimeout(() => {
          sentHeadAt.push(Date.now());
          peer.socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npart');
        }, 150);
      }
    });
    const port = servers[0]!.port;
    const reset = await openSideConnections('127.0.0.1', port, [{ name: 'r', steps: [write('x'), { kind: 'pause', ms: 20 }, { kind: 'close', how: 'reset' }] }], 1000);
    await until(() => peers[0]?.ended !== 'no');
    expect(peers[0]?.ended).toBe('reset');

    const started = Date.now();
    const fin = await openSideConnections('127.0.0.1', port, [{ name: 'f', steps: [write('wait'), { kind: 'await-head', maxMs: 2000 }, { kind: 'close', how: 'fin' }] }], 1000);
    const tookMs = Date.now() - started;
    await until(() => peers[1]?.ended !== 'no');
    expect(peers[1]?.ended).toBe('fin');
    expect(sentHeadAt).toHaveLength(1);
    expect(tookMs).toBeGreaterThanOrEqual(140);
    expect(tookMs).toBeLessThan(150 + MARGIN_MS);
    await Promise.all([reset.close(), fin.close()]);
  });

  it('opens a flood one connection after another and reports it as one, with its counts', async () => {
    const { peers } = await recorder((peer) => peer.socket.write('hi'));
    const before = sockets();
    const sides = await openSideConnections('127.0.0.1', servers[0]!.port, [{ name: 'crowd', steps: [write('x')], count: 40 }], 1000);
    expect(sides.failure).toBeNull();
    await until(() => peers.length === 40 && peers.every((p) => p.received === 'x'));
    expect(peers).toHaveLength(40);
    // Every peer's 'hi' read before the close, so the count below is the whole flood's.
    await vi.waitFor(() => expect(sides.transcripts()[0]?.receivedBytes).toBe(80), { timeout: 2000, interval: 5 });
    await sides.close();
    const [flood, ...rest] = sides.transcripts();
    expect(rest).toEqual([]);
    expect(flood!.name).toBe('crowd');
    expect(flood!.flood).toEqual({ count: 40, opened: 40, refused: null });
    // The first connection's own transcript; the bytes of all forty.
    expect(kinds(flood!)).toEqual(['write', 'read', 'end']);
    expect(flood!.receivedBytes).toBe(80);
    await servers[0]!.dropConnections();
    expect(sockets()).toBe(before);
  });

  it('records the connection a flood could not open as the server\'s answer, not a failure', async () => {
    const port = await freePort();
    const sides = await openSideConnections('127.0.0.1', port, [{ name: 'flood', steps: [write('x')], count: 20 }], 1000);
    expect(sides.failure).toBeNull();
    await sides.close();
    const [flood] = sides.transcripts();
    expect(flood!.flood).toEqual({ count: 20, opened: 0, refused: 'connection 1 of 20: could not connect: ECONNREFUSED' });
    // A single connection that cannot connect is still the harness's error.
    const one = await openSideConnections('127.0.0.1', port, [{ name: 'one', steps: [write('x')] }], 1000);
    expect(one.failure).toBe('connection one (before): could not connect: ECONNREFUSED');
    await one.close();
  });

  it('gives up an await-head at its max', async () => {
    await recorder();
    const started = Date.now();
    const sides = await openSideConnections('127.0.0.1', servers[0]!.port, [{ name: 'w', steps: [write('x'), { kind: 'await-head', maxMs: 100 }] }], 1000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
    expect(Date.now() - started).toBeLessThan(100 + MARGIN_MS);
    await sides.close();
  });

  it('bounds a write the server never reads', async () => {
    const server = await scripted((socket) => socket.pause());
    servers.push(server);
    const started = Date.now();
    // Far more than the kernel buffers hold, so the write cannot complete.
    const big: WireStep = { kind: 'write', bytes: Buffer.alloc(32 * 1024 * 1024, 0x61) };
    const sides = await openSideConnections('127.0.0.1', server.port, [{ name: 'big', steps: [big, { kind: 'pause', ms: 1 }] }], 200);
    expect(sides.failure).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(195);
    expect(Date.now() - started).toBeLessThan(200 + MARGIN_MS);
    await sides.close();
  });

  it('says which connection could not connect, and leaves nothing open', async () => {
    const port = await freePort();
    const before = sockets();
    const sides = await openSideConnections('127.0.0.1', port, [{ name: 'stalled', steps: [write('x')] }], 1000);
    expect(sides.failure).toBe('connection stalled (before): could not connect: ECONNREFUSED');
    await sides.close();
    expect(sockets()).toBe(before);
  });

  it('is a no-op without connections', async () => {
    const sides = await openSideConnections('127.0.0.1', 1, [], 1000);
    expect(sides.failure).toBeNull();
    await sides.close();
  });
});

describe('side connection transcripts', () => {
  const RESPONSE = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi';

  it('records writes, pauses, awaits and reads, timed from its own start, then "open" at close()', async () => {
    await recorder((peer) => {
      if (peer.received !== 'GET / HTTP/1.1\r\n\r\n') return;
      peer.socket.write(RESPONSE);
      // After the steps: the reader no longer takes these, the transcript still does.
      setTimeout(() => peer.socket.write('late'), 80);
    });
    await new Promise((r) => setTimeout(r, 50));
    const steps: WireStep[] = [write('GET / HTTP/1.1\r\n\r\n'), { kind: 'await-head', maxMs: 2000 }, { kind: 'pause', ms: 20 }];
    const t = await transcriptOf(servers[0]!.port, steps, (now) => readBytes(now).toString('latin1').endsWith('late'));
    expect(t.name).toBe('side');
    expect(kinds(t).filter((k) => k !== 'read')).toEqual(['write', 'await-head', 'pause', 'end']);
    expect(readBytes(t).toString('latin1')).toBe(`${RESPONSE}late`);
    expect(t.receivedBytes).toBe(RESPONSE.length + 4);
    const [w, awaited] = t.events;
    expect(w).toMatchObject({ kind: 'write', bytes: Buffer.from('GET / HTTP/1.1\r\n\r\n') });
    expect(awaited).toMatchObject({ kind: 'await-head', maxMs: 2000, arrived: true });
    // Its own start, not the 50 ms the test waited before opening it.
    expect(w!.atMs).toBeLessThan(40);
    const times = t.events.map((e) => e.atMs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(lastEvent(t)).toMatchObject({ kind: 'end', how: 'open' });
    expect(lastEvent(t)!.atMs).toBeGreaterThanOrEqual(80);
  });

  it('records a close by the server as "closed" and a reset as "reset", when they happen', async () => {
    await recorder((peer) => {
      if (peer.received === 'fin') setTimeout(() => peer.socket.end(), 50);
      if (peer.received === 'rst') setTimeout(() => peer.socket.resetAndDestroy(), 50);
    });
    const port = servers[0]!.port;
    const ended = (t: SideTranscript): boolean => lastEvent(t)?.kind === 'end';
    const fin = await transcriptOf(port, [write('fin')], ended);
    expect(kinds(fin)).toEqual(['write', 'end']);
    expect(lastEvent(fin)).toMatchObject({ kind: 'end', how: 'closed' });
    expect(lastEvent(fin)!.atMs).toBeGreaterThanOrEqual(45);
    // A reset is the server's behaviour, recorded as how the connection ended, not as an error.
    const rst = await transcriptOf(port, [write('rst')], ended);
    expect(kinds(rst)).toEqual(['write', 'end']);
    expect(lastEvent(rst)).toMatchObject({ kind: 'end', how: 'reset' });
  });

  it('records a reset after an answer as "reset", the answer read first (Linux shows such a reset as an end of stream)', async () => {
    const answer = 'HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n';
    await recorder((peer) => {
      if (peer.received !== 'rst') return;
      // At once: the answer and the reset arrive together, before the side connection reads.
      peer.socket.write(answer, () => peer.socket.resetAndDestroy());
    });
    const rst = await transcriptOf(servers[0]!.port, [write('rst')], (t) => lastEvent(t)?.kind === 'end');
    expect(kinds(rst)).toEqual(['write', 'read', 'end']);
    expect(readBytes(rst).toString('latin1')).toBe(answer);
    expect(lastEvent(rst)).toMatchObject({ kind: 'end', how: 'reset' });
  });

  it('records its own half-close and reset steps', async () => {
    await recorder();
    const port = servers[0]!.port;
    const fin = await transcriptOf(port, [write('x'), { kind: 'close', how: 'fin' }]);
    expect(fin.events.map((e) => (e.kind === 'close' || e.kind === 'end' ? `${e.kind} ${e.how}` : e.kind))).toEqual(['write', 'close fin', 'end open']);
    const rst = await transcriptOf(port, [write('x'), { kind: 'close', how: 'reset' }, write('never')]);
    expect(rst.events.map((e) => (e.kind === 'close' || e.kind === 'end' ? `${e.kind} ${e.how}` : e.kind))).toEqual(['write', 'close reset', 'end open']);
  });

  it('records why it could not connect', async () => {
    const sides = await openSideConnections('127.0.0.1', await freePort(), [{ name: 'stalled', steps: [write('x')] }], 1000);
    await sides.close();
    const [t] = sides.transcripts();
    expect(t?.name).toBe('stalled');
    expect(t?.events).toMatchObject([
      { kind: 'error', code: 'ECONNREFUSED', message: expect.stringContaining('ECONNREFUSED') },
      { kind: 'end', how: 'closed' },
    ]);
  });

  it('keeps the first 32 KiB of what it received, copied, and counts the rest', async () => {
    const total = 4 * 1024 * 1024;
    const big = Buffer.alloc(total);
    for (let i = 0; i < total; i++) big[i] = i % 251;
    await recorder((peer) => peer.socket.write(big));
    const t = await transcriptOf(servers[0]!.port, [write('GET /big HTTP/1.1\r\n\r\n')], (now) => now.receivedBytes === total);
    expect(t.receivedBytes).toBe(total);
    const reads = t.events.filter((e) => e.kind === 'read');
    const kept = readBytes(t);
    expect(kept.length).toBe(SIDE_KEPT_BYTES);
    expect(kept.equals(big.subarray(0, SIDE_KEPT_BYTES))).toBe(true);
    expect(reads.reduce((n, e) => n + e.bytes.length + (e.dropped ?? 0), 0)).toBe(total);
    // Past the bound the reads add up in one event, and no kept bytes pin a whole socket chunk.
    expect(reads.filter((e) => e.bytes.length === 0)).toHaveLength(1);
    expect(reads.length).toBeLessThan(20);
    for (const e of reads) expect(e.bytes.buffer.byteLength).toBeLessThanOrEqual(Math.max(e.bytes.length, Buffer.poolSize));
    expect(lastEvent(t)).toMatchObject({ kind: 'end', how: 'open' });
  });
});

describe('runCase with before connections', () => {
  const CASE = String.raw`area: connection
cases:
  - id: conn-t
    title: t
    rfc: RFC 9110 §17.5
    quote: q
    level: robustness
    tags: [hang]
    timeout: 1000
    before:
      - name: stalled
        send: ["GET /hello.txt HTTP/1.1\r\nHo"]
    send: ["GET /hello.txt HTTP/1.1\r\nHost: {host}\r\n\r\n"]
    expect:
      - responses: [{ status: 200, body: "others open: 1" }]
`;

  it('keeps the side connection open while the case runs and closes it after', async () => {
    const { peers } = await recorder((peer, all) => {
      if (!peer.received.endsWith('\r\n\r\n')) return;
      const body = `others open: ${all.filter((p) => p !== peer && p.ended === 'no').length}`;
      peer.socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    });
    const { cases } = parseCaseFile('t.yaml', CASE);
    const result = await runCase(cases[0]!, { kind: 'as-written' }, runContext(servers[0]!.port));
    expect(result).toMatchObject({ status: 'pass', message: '200 (body "others open: 1")' });
    await until(() => peers[0]?.ended !== 'no');
    expect(peers[0]?.received).toBe('GET /hello.txt HTTP/1.1\r\nHo');
    expect(peers[0]?.ended).not.toBe('no');
  });

  it('is a timeout when the server waits on the stalled connection', async () => {
    // One connection at a time: the second is not answered while the first is open.
    await recorder((peer, all) => {
      if (peer.received.endsWith('\r\n\r\n') && all[0] === peer) peer.socket.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
    });
    const { cases } = parseCaseFile('t.yaml', CASE);
    const result = await runCase(cases[0]!, { kind: 'as-written' }, runContext(servers[0]!.port));
    expect(result).toMatchObject({ status: 'timeout', message: 'no response within 1000 ms' });
  });

  it('is a harness error when a side connection cannot connect, and shows what it tried', async () => {
    const { cases } = parseCaseFile('t.yaml', CASE);
    const result = await runCase(cases[0]!, { kind: 'as-written' }, runContext(await freePort()));
    expect(result).toMatchObject({ status: 'error', message: 'connection stalled (before): could not connect: ECONNREFUSED' });
    expect(result.wire).toEqual([]);
    expect(result.before).toMatchObject([{ name: 'stalled', receivedBytes: 0, wire: [{ kind: 'error', code: 'ECONNREFUSED' }, { kind: 'end', how: 'closed' }] }]);
  });

  it('reports each side connection: its escaped writes and reads, and how it ended', async () => {
    await recorder((peer) => {
      if (peer.received.endsWith('\r\n\r\n')) peer.socket.write('HTTP/1.1 200 OK\r\nContent-Length: 14\r\n\r\nothers open: 1');
    });
    const { cases } = parseCaseFile('t.yaml', CASE);
    const result = await runCase(cases[0]!, { kind: 'as-written' }, runContext(servers[0]!.port));
    expect(result.status).toBe('pass');
    expect(result.before).toEqual([
      {
        name: 'stalled',
        receivedBytes: 0,
        wire: [
          { kind: 'write', atMs: expect.any(Number), text: 'GET /hello.txt HTTP/1.1\\r\\nHo' },
          { kind: 'end', atMs: expect.any(Number), how: 'open' },
        ],
      },
    ]);
  });

  it('shows at most the report budget of a side connection that received megabytes, and says how many', async () => {
    const total = 3 * 1024 * 1024;
    let sent: Promise<void> = Promise.resolve();
    await recorder((peer) => {
      if (peer.received.endsWith('Ho')) sent = new Promise((done) => peer.socket.write(Buffer.alloc(total, 0x61), () => done()));
      // The case's answer waits for the side's megabytes, so they all arrive while the case runs.
      else if (peer.received.endsWith('\r\n\r\n')) {
        void sent.then(() => setTimeout(() => peer.socket.write('HTTP/1.1 200 OK\r\nContent-Length: 14\r\n\r\nothers open: 1'), 100));
      }
    });
    const { cases } = parseCaseFile('t.yaml', CASE);
    const result = await runCase(cases[0]!, { kind: 'as-written' }, runContext(servers[0]!.port));
    expect(result.status).toBe('pass');
    const side = result.before![0]!;
    expect(side.receivedBytes).toBe(total);
    let shown = 0;
    let counted = 0;
    for (const e of side.wire) {
      if (e.kind !== 'read') continue;
      const hidden = /^\((\d+) bytes not shown\)$/.exec(e.text);
      const more = /\.\.\. \((\d+) more bytes\)$/.exec(e.text);
      const bytes = hidden ? 0 : unescapeBytes(more ? e.text.slice(0, more.index) : e.text).length;
      shown += bytes;
      counted += bytes + Number(hidden?.[1] ?? more?.[1] ?? 0);
    }
    expect(counted).toBe(side.receivedBytes);
    expect(shown).toBeLessThanOrEqual(SIDE_KEPT_BYTES);
  });

  it('leaves `before` out of a case without side connections', async () => {
    await recorder((peer) => {
      if (peer.received.endsWith('\r\n\r\n')) peer.socket.write('HTTP/1.1 200 OK\r\nContent-Length: 14\r\n\r\nothers open: 0');
    });
    const { cases } = parseCaseFile('t.yaml', CASE.replace(/ {4}before:\n(?: {6,}.*\n)+/, ''));
    expect(cases[0]!.before).toBeUndefined();
    const result = await runCase(cases[0]!, { kind: 'as-written' }, runContext(servers[0]!.port));
    expect(result.status).toBe('fail');
    expect('before' in result).toBe(false);
  });
});
