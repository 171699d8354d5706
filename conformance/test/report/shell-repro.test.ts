import { execa, execaSync } from 'execa';
import net from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import type { SideWire, WireEntry } from '../../src/result/types.ts';
import { shellRepro } from '../../src/report/shell-repro.ts';
import { escapeBytes, unescapeBytes } from '../../src/wire/escape.ts';

/** Runs the producer half of the one-liner under /bin/sh (dash on Debian) and returns its stdout, every byte. */
function produce(producer: string): Buffer {
  return Buffer.from(execaSync('/bin/sh', ['-c', producer], { timeout: 10_000, encoding: 'buffer', stripFinalNewline: false }).stdout);
}

const sentBytes = (wire: WireEntry[]): Buffer => Buffer.concat(wire.flatMap((e) => (e.kind === 'write' ? [unescapeBytes(e.text)] : [])));

describe('shellRepro', () => {
  it('sends exactly the bytes written, every octet value included', () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const wire: WireEntry[] = [
      { kind: 'write', atMs: 0, text: "GET / HTTP/1.1\\r\\nX: it's \\\\ 100% \\\\n\\r\\n\\r\\n" },
      { kind: 'write', atMs: 1, text: escapeBytes(all) },
    ];
    const r = shellRepro({ wire }, '127.0.0.1:8080');
    expect(r.command).toBe(`${r.producer} | nc -q 2 127.0.0.1 8080`);
    expect(produce(r.producer).equals(sentBytes(wire))).toBe(true);
    expect(r.notes).toEqual([]);
  });

  it('turns pauses into sleeps and long runs into head | tr, keeping the bytes', () => {
    const wire: WireEntry[] = [
      { kind: 'write', atMs: 0, text: `X: ${'a'.repeat(5000)}\\r\\n` },
      { kind: 'pause', atMs: 1, ms: 300 },
      { kind: 'read', atMs: 2, text: 'HTTP/1.1 400 Bad\\r\\n' },
      { kind: 'write', atMs: 301, text: `${'\\0'.repeat(100)}end` },
    ];
    const r = shellRepro({ wire }, '[::1]:9000');
    expect(r.producer).toMatch(/^\{ printf '%b' 'X: '; head -c 5000 \/dev\/zero \| tr '\\000' '\\141'; printf .*; sleep 0\.3; head -c 100 \/dev\/zero; printf '%b' 'end'; \}$/);
    expect(r.command.endsWith('| nc -q 2 ::1 9000')).toBe(true);
    expect(produce(r.producer).equals(sentBytes(wire))).toBe(true);
  });

  it('says when it cannot be exact: a write cut short, a reset', () => {
    const wire: WireEntry[] = [
      { kind: 'write', atMs: 0, text: 'GET / HTTP/1.1\\r\\nX: aaaa... (10000 more bytes)' },
      { kind: 'close', atMs: 1, how: 'reset' },
      { kind: 'write', atMs: 2, text: 'never sent' },
    ];
    const r = shellRepro({ wire }, '127.0.0.1:1');
    expect(r.notes).toHaveLength(2);
    expect(r.notes[0]).toContain('10000 bytes left out');
    expect(r.notes[1]).toContain('RST');
    expect(produce(r.producer).toString('latin1')).toBe('GET / HTTP/1.1\r\nX: aaaa');
  });
});

describe('shellRepro with side connections', () => {
  const before: SideWire[] = [
    { name: 'stalled', receivedBytes: 0, wire: [{ kind: 'write', atMs: 0.3, text: 'GET /hello.txt HTTP/1.1\\r\\nHo' }, { kind: 'end', atMs: 900, how: 'open' }] },
    {
      name: 'half',
      receivedBytes: 0,
      wire: [
        { kind: 'write', atMs: 0.2, text: 'PART' },
        { kind: 'pause', atMs: 0.3, ms: 200 },
        { kind: 'write', atMs: 200.5, text: 'IAL' },
        { kind: 'close', atMs: 200.6, how: 'fin' },
        { kind: 'end', atMs: 900, how: 'open' },
      ],
    },
    { name: 'aborted', receivedBytes: 7, wire: [{ kind: 'write', atMs: 0.1, text: 'RST' }, { kind: 'read', atMs: 1, text: 'HTTP/1.' }, { kind: 'close', atMs: 2, how: 'reset' }, { kind: 'end', atMs: 2, how: 'open' }] },
  ];
  const wire: WireEntry[] = [{ kind: 'write', atMs: 0.4, text: 'GET /main HTTP/1.1\\r\\n\\r\\n' }, { kind: 'read', atMs: 3, text: 'HTTP/1.1 200 OK\\r\\n' }];

  it('keeps `producer` for the case\'s connection and gives each side connection its own', () => {
    const r = shellRepro({ wire, before }, '127.0.0.1:8080');
    expect(produce(r.producer).equals(sentBytes(wire))).toBe(true);
    expect(r.sides.map((s) => s.name)).toEqual(['stalled', 'half', 'aborted']);
    r.sides.forEach((s, i) => expect(produce(s.producer).equals(sentBytes(before[i]!.wire))).toBe(true));
    expect(r.notes).toEqual(['connection aborted (before): the harness then reset the connection (RST), which nc cannot do']);
  });

  it('starts each side connection in the background, holds it, and kills it after the case\'s connection', () => {
    const r = shellRepro({ wire, before }, '[::1]:9000');
    const parts = r.command.split(' & ');
    expect(parts).toHaveLength(4);
    // Left open: the producer outlives the case's connection and nc quits when it ends.
    expect(parts[0]).toMatch(/^\{ printf '%b' 'GET \/hello\.txt HTTP\/1\.1\\r\\nHo'; sleep 6\.1; \} \| nc -q 0 ::1 9000 >\/dev\/null$/);
    // Half-closed: the producer ends, nc sends its FIN and keeps reading until killed.
    expect(parts[1]).toBe(`side1=$!; sleep 0.3; { printf '%b' 'PART'; sleep 0.2; printf '%b' 'IAL'; } | nc -q 7 ::1 9000 >/dev/null`);
    // Reset: nc cannot, so it closes as soon as its bytes are sent.
    expect(parts[2]).toBe(`side2=$!; sleep 0.5; printf '%b' 'RST' | nc -q 0 ::1 9000 >/dev/null`);
    expect(parts[3]).toBe(`side3=$!; sleep 0.3; ${r.producer} | nc -q 2 ::1 9000; kill $side1 $side2 $side3 2>/dev/null`);
  });

  it('leaves the one-liner of a case without side connections as it was', () => {
    const r = shellRepro({ wire }, '127.0.0.1:8080');
    expect(r.command).toBe(`${r.producer} | nc -q 2 127.0.0.1 8080`);
    expect(r.sides).toEqual([]);
  });

  // Needs netcat-openbsd (`-q`), as the one-liner does; skipped where there is no nc.
  const hasNc = execaSync('/bin/sh', ['-c', 'nc -h 2>&1 | grep -q -- -q'], { reject: false }).exitCode === 0;

  it('reproduces the case for real: the sides connect first, stay as they were left while the case runs, and are gone after', async (ctx) => {
    if (!hasNc) ctx.skip('no netcat-openbsd `nc` on PATH (apt-get install -y netcat-openbsd to run it)');
    // `fin`: the client's side of the connection is done (nc sent its FIN or quit).
    type Peer = { received: string; fin: boolean };
    const peers: Peer[] = [];
    const sockets: net.Socket[] = [];
    const server = net.createServer({ allowHalfOpen: true }, (socket) => {
      sockets.push(socket);
      const peer: Peer = { received: '', fin: false };
      peers.push(peer);
      socket.on('data', (d: Buffer) => {
        peer.received += d.toString('latin1');
        if (!peer.received.startsWith('GET /main') || !peer.received.endsWith('\r\n\r\n')) return;
        // What the other connections looked like when the case's request arrived.
        const body = JSON.stringify(peers.filter((p) => p !== peer));
        socket.end(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
      });
      socket.on('end', () => (peer.fin = true));
      socket.on('error', () => {});
      socket.on('close', () => (peer.fin = true));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as net.AddressInfo;
      const r = shellRepro({ wire, before }, `127.0.0.1:${port}`);
      const started = Date.now();
      const { stdout, code } = await runShell(r.command);
      const tookMs = Date.now() - started;
      expect(code).toBe(0);
      const seen = JSON.parse(stdout.slice(stdout.indexOf('\r\n\r\n') + 4)) as Peer[];
      expect(seen).toEqual([
        { received: 'GET /hello.txt HTTP/1.1\r\nHo', fin: false },
        { received: 'PARTIAL', fin: true },
        { received: 'RST', fin: true },
      ]);
      // Killed once the case's connection is done (`nc -q 2` waits 2 s), not held for 6.1 s.
      expect(tookMs).toBeLessThan(5000);
      await vi.waitFor(() => expect(peers.map((p) => p.fin)).toEqual([true, true, true, true]), { timeout: 1000, interval: 10 });
    } finally {
      for (const s of sockets) s.destroy();
      server.close();
    }
  }, 20_000);
});

describe('shell one-liner with a flood', () => {
  const flood: SideWire[] = [{ name: 'idle', receivedBytes: 0, wire: [{ kind: 'end', atMs: 1, how: 'open' }], flood: { count: 5, opened: 5, refused: null } }];
  const wire: WireEntry[] = [{ kind: 'write', atMs: 0.4, text: 'GET /main HTTP/1.1\\r\\n\\r\\n' }];
  const hasNc = execaSync('/bin/sh', ['-c', 'nc -h 2>&1 | grep -q -- -q'], { reject: false }).exitCode === 0;

  it('starts the copies in a loop, keeps their process ids and kills them all after the case', () => {
    const r = shellRepro({ wire, before: flood }, '127.0.0.1:8080');
    expect(r.command).toBe(
      `side1=; for n in $(seq 5); do sleep 5.3 | nc -q 0 127.0.0.1 8080 >/dev/null & side1="$side1 $!"; done; sleep 0.3; ${r.producer} | nc -q 2 127.0.0.1 8080; kill $side1 2>/dev/null`,
    );
  });

  it('opens every copy for real before the case\'s request', async (ctx) => {
    if (!hasNc) ctx.skip('no netcat-openbsd `nc` on PATH (apt-get install -y netcat-openbsd to run it)');
    const sockets: net.Socket[] = [];
    let openWhenAsked = -1;
    const server = net.createServer({ allowHalfOpen: true }, (socket) => {
      sockets.push(socket);
      socket.on('error', () => {});
      socket.on('data', (d: Buffer) => {
        if (!d.toString('latin1').startsWith('GET /main')) return;
        openWhenAsked = sockets.filter((s) => s !== socket && !s.destroyed && s.readable).length;
        socket.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as net.AddressInfo;
      const { code } = await runShell(shellRepro({ wire, before: flood }, `127.0.0.1:${port}`).command);
      expect(code).toBe(0);
      expect(openWhenAsked).toBe(5);
    } finally {
      for (const s of sockets) s.destroy();
      server.close();
    }
  }, 20_000);
});

/**
 * Runs a command line under /bin/sh. Its stderr goes nowhere: the producer of a killed side
 * connection sleeps on in the background, and would hold a pipe open until it ends.
 */
function runShell(command: string): Promise<{ stdout: string; code: number | null }> {
  return new Promise((resolve) => {
    const child = execa('/bin/sh', ['-c', command], { stdio: ['ignore', 'pipe', 'ignore'], buffer: false, reject: false });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('latin1')));
    child.on('close', (code) => resolve({ stdout, code }));
  });
}
