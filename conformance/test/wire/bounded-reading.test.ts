// What the reader and the transcript hold is bounded whatever a server sends (issue 13): bodies
// beyond the kept budget become a length and a digest the judge still compares exactly, and
// past the bounds on interim responses, final responses, field lines and garbage the reader
// stops with a finding. Writes are windows made when sent.

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cutRun } from '../../src/case/split.ts';
import { bodyCheckProblem } from '../../src/judge/body-check.ts';
import { LazyBytes } from '../../src/wire/lazy-bytes.ts';
import { KEPT_UNPARSED_BYTES, MAX_FIELD_LINES, MAX_INTERIM, ResponseReader } from '../../src/wire/response-reader.ts';
import { KEPT_BYTES, MAX_EVENTS, TranscriptRecorder } from '../../src/wire/transcript-recorder.ts';

const bytes = (text: string): Buffer => Buffer.from(text, 'latin1');

describe('ResponseReader bounds', () => {
  it('keeps the first bytes of a long body and judges the whole by length and SHA-256', () => {
    const body = Buffer.alloc(3 * 1024 * 1024, 'z');
    body.write('MARKER', 10);
    const reader = new ResponseReader({ keptBodyBytes: 1024 });
    reader.feed(bytes(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`));
    for (let at = 0; at < body.length; at += 65536) reader.feed(body.subarray(at, at + 65536));
    const r = reader.result().responses[0]!;
    expect(r).toMatchObject({ complete: true, bodyLength: body.length, bodySha256: createHash('sha256').update(body).digest('hex') });
    expect(r.body.equals(body.subarray(0, 1024))).toBe(true);
    const ctx = { values: {}, readDocrootFile: (p: string) => (p === 'big' ? body : Buffer.from('other')) };
    expect(bodyCheckProblem({ kind: 'file', path: 'big' }, r, ctx)).toBeNull();
    expect(bodyCheckProblem({ kind: 'file', path: 'small' }, r, ctx)).toBe(`expected the bytes of small (5 bytes), got ${body.length} bytes`);
    expect(bodyCheckProblem({ kind: 'length', length: body.length }, r, ctx)).toBeNull();
    expect(bodyCheckProblem({ kind: 'contains', value: 'MARKER' }, r, ctx)).toBeNull();
    expect(bodyCheckProblem({ kind: 'contains', value: 'ABSENT' }, r, ctx)).toContain('not found in (the first 1024 bytes of 3145728');
  });

  it(`stops after ${MAX_INTERIM} interim responses, saying so`, () => {
    const reader = new ResponseReader();
    reader.feed(bytes('HTTP/1.1 100 Continue\r\n\r\n'.repeat(MAX_INTERIM + 500)));
    expect(reader.stopReason()).toBe(`sent ${MAX_INTERIM} interim (1xx) responses: stopped reading`);
    expect(reader.result().responses).toHaveLength(MAX_INTERIM);
  });

  it('stops one final response past what the case can use', () => {
    const reader = new ResponseReader({ maxFinals: 2 });
    reader.feed(bytes('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'.repeat(100)));
    expect(reader.stopReason()).toBe('sent more final responses than the case can use (2): stopped reading');
    expect(reader.result().responses).toHaveLength(3);
  });

  it(`gives up a head of more than ${MAX_FIELD_LINES} field lines, and stops once garbage passes its bound`, () => {
    const reader = new ResponseReader();
    reader.feed(bytes(`HTTP/1.1 200 OK\r\n${'X-A: b\r\n'.repeat(MAX_FIELD_LINES + 10)}`));
    expect(reader.result().findings).toContain(`a response head with more than ${MAX_FIELD_LINES} field lines: stopped reading responses`);
    reader.feed(Buffer.alloc(2 * KEPT_UNPARSED_BYTES, 'g'));
    expect(reader.stopReason()).toBe(`more than ${KEPT_UNPARSED_BYTES} bytes that are not a response: stopped reading`);
    expect(reader.result().unparsed.length).toBe(KEPT_UNPARSED_BYTES);
  });
});

describe('TranscriptRecorder', () => {
  it(`keeps ${KEPT_BYTES} bytes each way, counts the rest, and joins events past ${MAX_EVENTS}`, () => {
    const t = new TranscriptRecorder();
    t.write(0, Buffer.alloc(KEPT_BYTES + 100, 'w'));
    for (let i = 0; i < 3 * MAX_EVENTS; i++) t.read(i, Buffer.alloc(10, 'r'));
    t.read(1, Buffer.alloc(1 << 20, 'r'));
    expect(t.events.length).toBeLessThanOrEqual(MAX_EVENTS);
    const writes = t.events.filter((e) => e.kind === 'write');
    expect(writes).toEqual([{ kind: 'write', atMs: 0, bytes: Buffer.alloc(KEPT_BYTES, 'w'), dropped: 100 }]);
    const reads = t.events.filter((e) => e.kind === 'read');
    const kept = reads.reduce((n, e) => n + e.bytes.length, 0);
    const dropped = reads.reduce((n, e) => n + (e.kind === 'read' ? (e.dropped ?? 0) : 0), 0);
    expect(kept).toBe(KEPT_BYTES);
    expect(kept + dropped).toBe(30 * MAX_EVENTS + (1 << 20));
    expect(t.received).toBe(30 * MAX_EVENTS + (1 << 20));
    expect(t.receivedPrefix().length).toBe(KEPT_BYTES);
  });
});

describe('lazy writes', () => {
  it('bytewise cuts a 16 MiB repetition into windows without making its bytes', () => {
    const big = LazyBytes.of([{ kind: 'bytes', bytes: bytes('POST / HTTP/1.1\r\n\r\n') }, { kind: 'repeat', unit: bytes('ab'), times: 8 * 1024 * 1024 }]);
    const pieces = cutRun([big], { kind: 'bytewise' }, () => 0.5);
    expect(pieces.reduce((n, p) => n + p.length, 0)).toBe(big.length);
    // The first KiB one byte at a time, then windows; a window makes its bytes when asked.
    expect(pieces.slice(0, 1024).every((p) => p.length === 1)).toBe(true);
    expect(pieces.at(-1)).toBeInstanceOf(LazyBytes);
    expect(pieces[2000]!.subarray(0, 4).toString('latin1')).toMatch(/^(abab|baba)$/);
    const joined = cutRun([big, bytes('tail')], { kind: 'coalesced' }, () => 0.5)[0]!;
    expect(joined.length).toBe(big.length + 4);
    expect(joined.subarray(joined.length - 6, joined.length).toString('latin1')).toBe('abtail');
  });

  it('hands out the same bytes again for the identical pieces of a flood, and the right bytes at every offset', () => {
    const flood = LazyBytes.of([{ kind: 'bytes', bytes: bytes('HEAD') }, { kind: 'repeat', unit: bytes('abc'), times: 100_000 }]);
    const piece = 3 * 1024;
    const first = flood.subarray(4, 4 + piece);
    const again = flood.subarray(4 + piece, 4 + 2 * piece);
    // One buffer for both: 3 KiB is a whole number of units, so both start at the unit's start.
    expect(again).toBe(first);
    expect(first.subarray(0, 6).toString('latin1')).toBe('abcabc');
    // Another offset within the unit is another piece, with its own bytes.
    const shifted = flood.subarray(5, 5 + piece);
    expect(shifted).not.toBe(first);
    expect(shifted.subarray(0, 5).toString('latin1')).toBe('bcabc');
    // A piece that crosses into the literal bytes is made whole.
    expect(flood.subarray(0, 7).toString('latin1')).toBe('HEADabc');
    const whole = Buffer.concat(Array.from({ length: Math.ceil(flood.length / piece) }, (_, i) => flood.subarray(i * piece, (i + 1) * piece)));
    expect(whole.equals(Buffer.concat([bytes('HEAD'), Buffer.alloc(300_000, 'abc')]))).toBe(true);
  });
});
