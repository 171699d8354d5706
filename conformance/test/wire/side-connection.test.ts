// `before:` connections: opened in order, their steps taken, left as the steps leave them while
// the case runs, and closed without leaving sockets or timers behind.

import type net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCaseFile } from '../../src/case/parse-file.ts';
import { CAPABILITIES, type Capability } from '../../src/case/types.ts';
import { runCase, type RunContext } from '../../src/run/run-case.ts';
import { openSideConnections } from '../../src/wire/side-connection.ts';
import type { WireStep } from '../../src/wire/types.ts';
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

const until = async (holds: () => boolean, ms = 2000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!holds() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
};

const sockets = (): number => openHandles()['TCPSocketWrap'] ?? 0;

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

describe('runCase with before connections', () => {
  const CASE = String.raw`area: connection
cases:
  - id: conn-t
    title: t
    rfc: RFC 9110 §17.5
    quote: q
    level: robustness
    timeout: 1000
    before:
      - name: stalled
        send: ["GET /hello.txt HTTP/1.1\r\nHo"]
    send: ["GET /hello.txt HTTP/1.1\r\nHost: {host}\r\n\r\n"]
    expect:
      - responses: [{ status: 200, body: "others open: 1" }]
`;

  function context(port: number): RunContext {
    return {
      host: '127.0.0.1',
      port,
      values: { host: `127.0.0.1:${port}`, port: String(port) },
      capabilities: Object.fromEntries(CAPABILITIES.map((c) => [c, true])) as Record<Capability, boolean>,
      defaultTimeoutMs: 1000,
      graceMs: 20,
      maxBytes: 1 << 20,
      judge: { values: { host: `127.0.0.1:${port}` }, readDocrootFile: () => null },
      reproduceFlags: '',
    };
  }

  it('keeps the side connection open while the case runs and closes it after', async () => {
    const { peers } = await recorder((peer, all) => {
      if (!peer.received.endsWith('\r\n\r\n')) return;
      const body = `others open: ${all.filter((p) => p !== peer && p.ended === 'no').length}`;
      peer.socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    });
    const { cases } = parseCaseFile('t.yaml', CASE);
    const result = await runCase(cases[0]!, { kind: 'as-written' }, context(servers[0]!.port));
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
    const result = await runCase(cases[0]!, { kind: 'as-written' }, context(servers[0]!.port));
    expect(result).toMatchObject({ status: 'timeout', message: 'no response within 1000 ms' });
  });

  it('is a harness error when a side connection cannot connect', async () => {
    const { cases } = parseCaseFile('t.yaml', CASE);
    const result = await runCase(cases[0]!, { kind: 'as-written' }, context(await freePort()));
    expect(result).toMatchObject({ status: 'error', message: 'connection stalled (before): could not connect: ECONNREFUSED' });
  });
});
