import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KEPT_BODY_BYTES } from '../../src/wire/body-sink.ts';
import { ResponseReader, type ReaderOptions } from '../../src/wire/response-reader.ts';
import type { ReadResult } from '../../src/wire/types.ts';

const bytes = (text: string): Buffer => Buffer.from(text, 'latin1');
const text = (buf: Buffer): string => buf.toString('latin1');

type Opts = ReaderOptions & { end?: boolean };

function readIn(pieces: Buffer[], opts: Opts): ReadResult {
  const reader = new ResponseReader(opts);
  for (const piece of pieces) reader.feed(piece);
  if (opts.end) reader.end();
  return reader.result();
}

/**
 * Reads `wire` whole, byte by byte and in 7-byte pieces, checks the three agree (the reader must
 * not depend on how the bytes were cut) and returns the result.
 */
function read(wire: string, opts: Opts = {}): ReadResult {
  const all = bytes(wire);
  const whole = readIn([all], opts);
  const single = readIn([...all].map((b) => Buffer.from([b])), opts);
  const sevens: Buffer[] = [];
  for (let i = 0; i < all.length; i += 7) sevens.push(all.subarray(i, i + 7));
  expect(single).toEqual(whole);
  expect(readIn(sevens, opts)).toEqual(whole);
  return whole;
}

const first = (r: ReadResult) => {
  const response = r.responses[0];
  if (!response) throw new Error('no response');
  return response;
};

describe('ResponseReader: framing', () => {
  it('reads a Content-Length response', () => {
    const wire = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length:  5 \r\n\r\nhello';
    const r = read(wire);
    expect(r.responses).toHaveLength(1);
    const res = first(r);
    expect(res).toMatchObject({
      statusLine: 'HTTP/1.1 200 OK',
      version: 'HTTP/1.1',
      status: 200,
      reason: 'OK',
      framing: 'content-length',
      complete: true,
      start: 0,
      end: wire.length,
      findings: [],
    });
    expect(res.headers).toEqual([
      ['Content-Type', 'text/plain'],
      ['Content-Length', '5'],
    ]);
    expect(text(res.body)).toBe('hello');
    expect(r.unparsed.length).toBe(0);
    expect(r.findings).toEqual([]);
  });

  it('keeps field names as sent and trims only OWS from values', () => {
    const res = first(read('HTTP/1.1 200 OK\r\nx-MiXed:\t a b \t\r\nContent-Length: 0\r\n\r\n'));
    expect(res.headers[0]).toEqual(['x-MiXed', 'a b']);
  });

  it('holds a partial next response as unparsed, without a finding', () => {
    const r = read('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhiHTTP/1.1 20');
    expect(r.responses).toHaveLength(1);
    expect(text(r.unparsed)).toBe('HTTP/1.1 20');
    expect(r.findings).toEqual([]);
  });

  it('decodes chunked bodies with extensions and trailers', () => {
    const wire =
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n' +
      '5;name=value\r\nhello\r\n6 ; x="y"\r\n world\r\n00\r\nX-Checksum: abc\r\nX-Other:  1 \r\n\r\n';
    const res = first(read(wire));
    expect(res.framing).toBe('chunked');
    expect(text(res.body)).toBe('hello world');
    expect(res.trailers).toEqual([
      ['X-Checksum', 'abc'],
      ['X-Other', '1'],
    ]);
    expect(res.complete).toBe(true);
    expect(res.end).toBe(wire.length);
    expect(res.findings).toEqual([]);
  });

  it('leaves the bytes after a chunked body to the next response', () => {
    const chunked = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n';
    const r = read(`${chunked}HTTP/1.1 404 Not Found\r\nContent-Length: 1\r\n\r\nx`);
    expect(r.responses.map((x) => x.status)).toEqual([200, 404]);
    expect(r.responses[1]!.start).toBe(chunked.length);
    expect(text(r.responses[1]!.body)).toBe('x');
  });

  it('reads a body without length until the connection ends', () => {
    const wire = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall of this, and HTTP/1.1 200 OK too';
    const open = first(read(wire));
    expect(open).toMatchObject({ framing: 'close', complete: false });
    expect(text(open.body)).toBe('all of this, and HTTP/1.1 200 OK too');
    const ended = read(wire, { end: true });
    expect(first(ended).complete).toBe(true);
    expect(ended.responses).toHaveLength(1);
  });

  it('reads 1xx responses before the final one', () => {
    const reader = new ResponseReader();
    reader.feed(bytes('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n'));
    expect(reader.headCount()).toBe(2);
    expect(reader.finalCount()).toBe(0);
    reader.feed(bytes('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi'));
    expect(reader.finalCount()).toBe(1);
    const r = reader.result();
    expect(r.responses.map((x) => [x.status, x.framing, x.complete])).toEqual([
      [100, 'none', true],
      [103, 'none', true],
      [200, 'content-length', true],
    ]);
  });

  it('reads 204 and 304 without a body, whatever Content-Length says', () => {
    const r = read(
      'HTTP/1.1 204 No Content\r\n\r\n' +
        'HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n' +
        'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok',
    );
    expect(r.responses.map((x) => [x.status, x.framing, text(x.body)])).toEqual([
      [204, 'none', ''],
      [304, 'none', ''],
      [200, 'content-length', 'ok'],
    ]);
    expect(r.findings).toEqual([]);
  });

  it('reports Content-Length or Transfer-Encoding in a 204', () => {
    const res = first(read('HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n'));
    expect(res.findings).toEqual(['Content-Length in a 204 response']);
  });

  it('reads responses to HEAD without a body, counting final responses only', () => {
    const wire =
      'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello' +
      'HTTP/1.1 100 Continue\r\n\r\n' +
      'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n' +
      'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n';
    const r = read(wire, { headResponses: new Set([1]) });
    expect(r.responses.map((x) => [x.status, x.framing, text(x.body)])).toEqual([
      [200, 'content-length', 'hello'],
      [100, 'none', ''],
      [200, 'none', ''],
      [404, 'content-length', ''],
    ]);
    expect(r.unparsed.length).toBe(0);
  });

  it('shows a body sent after a HEAD response as a garbage response', () => {
    const r = read('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello', { headResponses: new Set([0]) });
    expect(r.responses).toHaveLength(1);
    expect(first(r).framing).toBe('none');
    expect(text(r.unparsed)).toBe('hello');
    expect(r.findings).toEqual(['expected a status line, got "hello"']);
  });

  it('reads pipelined responses with contiguous offsets', () => {
    const a = 'HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na';
    const b = 'HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nb\r\n0\r\n\r\n';
    const c = 'HTTP/1.0 400 Bad Request\r\nConnection: close\r\n\r\nbye';
    const r = read(a + b + c, { end: true });
    expect(r.responses.map((x) => [x.status, x.start, x.end, text(x.body), x.complete])).toEqual([
      [200, 0, a.length, 'a', true],
      [201, a.length, a.length + b.length, 'b', true],
      [400, a.length + b.length, a.length + b.length + c.length, 'bye', true],
    ]);
  });

  it('uses Transfer-Encoding over Content-Length and reports both', () => {
    const res = first(read('HTTP/1.1 200 OK\r\nContent-Length: 50\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n'));
    expect(res.framing).toBe('chunked');
    expect(text(res.body)).toBe('ok');
    expect(res.findings).toEqual(['both Transfer-Encoding and Content-Length (RFC 9112 §6.1 forbids it)']);
  });

  it('reads until close when Transfer-Encoding does not end in chunked', () => {
    const res = first(read('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\nxyz', { end: true }));
    expect(res).toMatchObject({ framing: 'close', complete: true });
    expect(res.findings[0]).toMatch(/does not end in chunked/);
  });
});

describe('ResponseReader: tolerance', () => {
  it('accepts bare LF line endings and reports them once', () => {
    const r = read('HTTP/1.1 200 OK\nA: 1\nContent-Length: 2\n\nhi');
    expect(first(r)).toMatchObject({ status: 200, complete: true });
    expect(text(first(r).body)).toBe('hi');
    expect(first(r).findings).toEqual(['bare LF line ending in the response head']);
  });

  it('accepts bare LF in chunked framing', () => {
    const res = first(read('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\nok\n0\n\n'));
    expect(res.complete).toBe(true);
    expect(text(res.body)).toBe('ok');
    expect(res.findings).toEqual(['bare LF ending a chunk line']);
  });

  it('accepts a status line without reason phrase or without the SP after the code', () => {
    const withSp = first(read('HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n'));
    expect(withSp).toMatchObject({ status: 200, reason: '', findings: [] });
    const withoutSp = first(read('HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n'));
    expect(withoutSp).toMatchObject({ status: 200, reason: '', complete: true });
    expect(withoutSp.findings[0]).toMatch(/no SP after the status code/);
    const glued = first(read('HTTP/1.1 404Not Found\r\nContent-Length: 0\r\n\r\n'));
    expect(glued).toMatchObject({ status: 404, reason: 'Not Found' });
  });

  it('reads a status code that is not three digits as null', () => {
    const res = first(read('HTTP/1.1 2000 OK\r\nContent-Length: 0\r\n\r\n'));
    expect(res.status).toBeNull();
    expect(res.findings).toEqual(['status code "2000" is not three digits']);
  });

  it('reports an unexpected HTTP version and a lower-case HTTP-name', () => {
    expect(first(read('HTTP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n')).findings).toEqual([
      'unexpected HTTP version "HTTP/2.0"',
    ]);
    expect(first(read('http/1.1 200 OK\r\nContent-Length: 0\r\n\r\n')).findings).toEqual([
      'HTTP-name is case-sensitive, got "http/1.1"',
    ]);
  });

  it('stops at garbage instead of a status line', () => {
    const r = read('<html>oops</html>\r\nHTTP/1.1 200 OK\r\n\r\n');
    expect(r.responses).toEqual([]);
    expect(text(r.unparsed)).toBe('<html>oops</html>\r\nHTTP/1.1 200 OK\r\n\r\n');
    expect(r.findings).toEqual(['expected a status line, got "<html>oops</html>\\r\\n"']);
  });

  it('recognises garbage from its first byte, before a line ends', () => {
    const reader = new ResponseReader();
    reader.feed(bytes('\x00'));
    expect(reader.result().findings).toEqual(['expected a status line, got "\\0"']);
    reader.feed(bytes('\xffmore'));
    expect(reader.result().findings).toEqual(['expected a status line, got "\\0\\xffmore"']);
  });

  it('reports garbage after a complete response', () => {
    const r = read('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi!!');
    expect(r.responses).toHaveLength(1);
    expect(text(r.unparsed)).toBe('!!');
    expect(r.findings).toEqual(['expected a status line, got "!!"']);
  });

  it('skips an empty line before a status line with a finding', () => {
    const one = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi';
    const r = read(`${one}\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n`);
    expect(r.responses).toHaveLength(2);
    expect(r.responses[0]!.end).toBe(one.length);
    expect(r.responses[1]!.start).toBe(one.length + 2);
    expect(r.findings).toEqual(['empty line before a status line']);
  });

  it('reports field lines without a colon and skips them', () => {
    const res = first(read('HTTP/1.1 200 OK\r\nNoColonHere\r\nContent-Length: 0\r\n\r\n'));
    expect(res.headers).toEqual([['Content-Length', '0']]);
    expect(res.findings).toEqual(['field line without a colon: "NoColonHere"']);
  });

  it('reports whitespace before the colon and does not frame by such a field', () => {
    const res = first(read('HTTP/1.1 200 OK\r\nContent-Length : 2\r\n\r\nhi', { end: true }));
    expect(res.headers).toEqual([['Content-Length ', '2']]);
    expect(res.framing).toBe('close');
    expect(res.findings).toEqual(['whitespace between field name and colon: "Content-Length :"']);
  });

  it('unfolds obs-fold with a finding', () => {
    const res = first(read('HTTP/1.1 200 OK\r\nX-Long: one\r\n  two\r\n\tthree\r\nContent-Length: 0\r\n\r\n'));
    expect(res.headers[0]).toEqual(['X-Long', 'one two three']);
    expect(res.findings).toEqual(['obs-fold (line folding) in field "X-Long"']);
  });

  it('stops at an invalid chunk size: body incomplete, rest unparsed', () => {
    const r = read('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\nzz\r\nmore\r\n0\r\n\r\n', { end: true });
    const res = first(r);
    expect(res.complete).toBe(false);
    expect(text(res.body)).toBe('ok');
    expect(res.findings).toEqual(['invalid chunk-size line "zz"']);
    expect(text(r.unparsed)).toBe('zz\r\nmore\r\n0\r\n\r\n');
    expect(res.end + r.unparsed.length).toBe(
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\nzz\r\nmore\r\n0\r\n\r\n'.length,
    );
  });

  it('stops at a chunk size that overflows', () => {
    const res = first(read('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n'));
    expect(res.findings).toEqual(['chunk size "ffffffffffffffffff" is too large']);
    expect(res.complete).toBe(false);
  });

  it('stops when chunk data is not followed by CRLF', () => {
    const r = read('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokXY0\r\n\r\n');
    expect(first(r).findings).toEqual(['chunk data not followed by CRLF (got "X")']);
    expect(text(r.unparsed)).toBe('XY0\r\n\r\n');
    const crOnly = read('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\rX');
    expect(text(crOnly.unparsed)).toBe('\rX');
  });

  it('reports duplicate identical Content-Length but frames by it', () => {
    const res = first(read('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nhi'));
    expect(res).toMatchObject({ framing: 'content-length', complete: true });
    expect(res.findings).toEqual(['Content-Length sent 2 times']);
  });

  it('reads until close when Content-Length values differ', () => {
    const r = read('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nhi!HTTP/1.1 200 OK\r\n\r\n', { end: true });
    expect(r.responses).toHaveLength(1);
    const res = first(r);
    expect(res.framing).toBe('close');
    expect(text(res.body)).toBe('hi!HTTP/1.1 200 OK\r\n\r\n');
    expect(res.findings).toEqual([
      'Content-Length sent 2 times',
      'differing Content-Length values (2, 3): framing undecidable, body delimited by close',
    ]);
  });

  it('reads until close when Content-Length is not 1*DIGIT or overflows', () => {
    for (const value of ['+5', '-1', '5x', '0x10', '']) {
      const res = first(read(`HTTP/1.1 200 OK\r\nContent-Length: ${value}\r\n\r\nhello`));
      expect(res.framing, value).toBe('close');
      expect(res.findings, value).toEqual([`invalid Content-Length "${value}": body delimited by close`]);
    }
    const huge = first(read('HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\nx'));
    expect(huge.framing).toBe('close');
    expect(huge.findings).toEqual(['Content-Length "99999999999999999999" overflows: body delimited by close']);
  });

  it('reads Content-Length with leading zeros as decimal', () => {
    const res = first(read('HTTP/1.1 200 OK\r\nContent-Length: 010\r\n\r\n0123456789'));
    expect(text(res.body)).toBe('0123456789');
    expect(res.complete).toBe(true);
  });

  it('leaves responses incomplete when the connection ends early', () => {
    const cl = first(read('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhel', { end: true }));
    expect(cl.complete).toBe(false);
    expect(cl.findings).toEqual(['connection ended after 3 of 10 body bytes']);

    const chunked = first(read('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel', { end: true }));
    expect(chunked.complete).toBe(false);
    expect(chunked.findings).toEqual(['connection ended with 2 bytes of a chunk missing']);

    const head = read('HTTP/1.1 200 OK\r\nContent-Le', { end: true });
    expect(head.responses).toEqual([]);
    expect(text(head.unparsed)).toBe('HTTP/1.1 200 OK\r\nContent-Le');
    expect(head.findings).toEqual(['connection ended inside a response head']);
  });

  it('stops at a head longer than maxHeadBytes', () => {
    const r = read(`HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(200)}\r\n\r\n`, { maxHeadBytes: 100 });
    expect(r.responses).toEqual([]);
    expect(r.findings).toEqual(['response head longer than 100 bytes: stopped reading responses']);
    expect(r.unparsed.length).toBe(17 + 7 + 200 + 2 + 2);
  });

  it('ignores bytes fed after end()', () => {
    const reader = new ResponseReader();
    reader.end();
    reader.feed(bytes('HTTP/1.1 200 OK\r\n\r\n'));
    expect(reader.result()).toEqual({ responses: [], unparsed: Buffer.alloc(0), findings: [] });
  });
});

describe('ResponseReader: cost', () => {
  const MiB = 1024 * 1024;

  it('reads a 10 MiB body in 64 KiB pieces in linear time, snapshotting after each piece', () => {
    const piece = Buffer.alloc(64 * 1024, 'x');
    const started = performance.now();
    const reader = new ResponseReader();
    reader.feed(bytes(`HTTP/1.1 200 OK\r\nContent-Length: ${10 * MiB}\r\n\r\n`));
    for (let i = 0; i < 160; i++) {
      reader.feed(piece);
      reader.result();
    }
    const res = first(reader.result());
    expect(res.complete).toBe(true);
    // The reader keeps its first MiB and a digest of the whole: one copy, bounded.
    expect(res.bodyLength).toBe(10 * MiB);
    expect(res.body.length).toBe(KEPT_BODY_BYTES);
    expect(res.bodySha256).toBe(createHash('sha256').update(Buffer.alloc(10 * MiB, 'x')).digest('hex'));
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('decodes a 10 MiB chunked body in 64 KiB pieces in linear time', () => {
    const chunk = bytes(`10000\r\n${'y'.repeat(0x10000)}\r\n`);
    const started = performance.now();
    const reader = new ResponseReader();
    reader.feed(bytes('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'));
    for (let i = 0; i < 160; i++) {
      // Cut off-boundary so chunk lines straddle feeds.
      reader.feed(chunk.subarray(0, 3));
      reader.feed(chunk.subarray(3));
      reader.result();
    }
    reader.feed(bytes('0\r\n\r\n'));
    const res = first(reader.result());
    expect(res.complete).toBe(true);
    expect(res.bodyLength).toBe(10 * MiB);
    expect(res.body.length).toBe(KEPT_BODY_BYTES);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('keeps earlier snapshots intact while the body grows', () => {
    const reader = new ResponseReader();
    reader.feed(bytes('HTTP/1.1 200 OK\r\n\r\nabc'));
    const before = first(reader.result()).body;
    reader.feed(Buffer.alloc(10_000, 'z'));
    expect(text(before)).toBe('abc');
    expect(first(reader.result()).body.length).toBe(10_003);
  });
});
