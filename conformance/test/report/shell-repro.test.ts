import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { WireEntry } from '../../src/result/types.ts';
import { shellRepro } from '../../src/report/shell-repro.ts';
import { escapeBytes, unescapeBytes } from '../../src/wire/escape.ts';

/** Runs the producer half of the one-liner under /bin/sh (dash on Debian) and returns its stdout. */
function produce(producer: string): Buffer {
  return execFileSync('/bin/sh', ['-c', producer], { timeout: 10_000 });
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
