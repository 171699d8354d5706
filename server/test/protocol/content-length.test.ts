import { describe, expect, it } from 'vitest';
import { parseContentLength } from '../../src/protocol/content-length.ts';
import { fails, makeParser, messages, one, post } from './feed.ts';

/** Offset of the Content-Length value in post('Content-Length: ...'). */
const CL_VALUE = 'POST /upload HTTP/1.1\r\nHost: example.com\r\nContent-Length: '.length;

describe('parseContentLength', () => {
  it('reads 1*DIGIT in decimal, leading zeros included', () => {
    expect(parseContentLength('0')).toEqual({ ok: true, length: 0 });
    expect(parseContentLength('0005')).toEqual({ ok: true, length: 5 });
    expect(parseContentLength('010')).toEqual({ ok: true, length: 10 });
    expect(parseContentLength('9007199254740991')).toEqual({ ok: true, length: Number.MAX_SAFE_INTEGER });
  });

  it('saturates to Infinity instead of wrapping', () => {
    expect(parseContentLength('9007199254740992')).toEqual({ ok: true, length: Infinity });
    expect(parseContentLength('18446744073709551621')).toEqual({ ok: true, length: Infinity });
    expect(parseContentLength('9'.repeat(400))).toEqual({ ok: true, length: Infinity });
  });

  it('accepts a list of identical values, refuses differing ones', () => {
    expect(parseContentLength('5, 5')).toEqual({ ok: true, length: 5 });
    expect(parseContentLength('5,5 ,\t5')).toEqual({ ok: true, length: 5 });
    expect(parseContentLength('5, 6')).toMatchObject({ ok: false, at: 3, conflict: true });
  });

  it('refuses signs, spaces, hex, "_", garbage and empty values', () => {
    const cases: [string, number][] = [['+5', 0], ['-1', 0], ['-0', 0], ['0x5', 1], ['5abc', 1], ['1Z', 1], ['1_0', 1], ['1 0', 2], ['', 0], ['5,', 2], [',5', 0], ['5,,5', 2], ['\xa05', 0]];
    for (const [value, at] of cases) expect(parseContentLength(value), value).toMatchObject({ ok: false, at, conflict: false });
  });
});

describe('Content-Length framing', () => {
  it('reads exactly Content-Length octets, then the next request', () => {
    const { messages: all } = messages(post('Content-Length: 5\r\n\r\nhelloGET /next HTTP/1.1\r\nHost: a\r\n\r\n'));
    expect(all.map((m) => [m.head.target, m.body])).toEqual([['/upload', 'hello'], ['/next', '']]);
    expect(all[0]!.head.framing).toEqual({ kind: 'length', length: 5 });
  });

  it('treats a body that looks like a request as data (no CL.0 desync)', () => {
    const body = 'GET /missing HTTP/1.1\r\nX: y\r\n\r\n';
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'POST']) {
      const { messages: all } = messages(`${method} /hello.txt HTTP/1.1\r\nHost: a\r\nContent-Length: ${body.length}\r\n\r\n${body}GET /canary HTTP/1.1\r\nHost: a\r\n\r\n`);
      expect(all.map((m) => m.head.target)).toEqual(['/hello.txt', '/canary']);
      expect(all[0]!.body).toBe(body);
    }
  });

  it('has a zero-length body without Content-Length or Transfer-Encoding, any method', () => {
    const message = one(post('\r\n'));
    expect(message.head.framing).toEqual({ kind: 'none' });
    expect(message.body).toBe('');
    expect(one(post('Content-Length: 0\r\n\r\n')).head.framing).toEqual({ kind: 'length', length: 0 });
  });

  it('accepts OWS around the value, leading zeros, and repeated identical values', () => {
    expect(one(post('Content-Length:\t 5 \t\r\n\r\nhello')).body).toBe('hello');
    expect(one(post('Content-Length: 0005\r\n\r\nhello')).body).toBe('hello');
    expect(one(post('Content-Length: 010\r\n\r\n0123456789')).body).toBe('0123456789');
    expect(one(post('Content-Length: 5, 5\r\n\r\nhello')).body).toBe('hello');
    expect(one(post('Content-Length: 5\r\ncontent-length: 05\r\n\r\nhello')).body).toBe('hello');
  });

  it('refuses invalid values with the offset of the bad char', () => {
    fails(post('Content-Length: +5\r\n\r\nhello'), 'INVALID_CONTENT_LENGTH', CL_VALUE);
    fails(post('Content-Length: -1\r\n\r\n'), 'INVALID_CONTENT_LENGTH', CL_VALUE);
    fails(post('Content-Length: 0x5\r\n\r\nhello'), 'INVALID_CONTENT_LENGTH', CL_VALUE + 1);
    fails(post('Content-Length: 5abc\r\n\r\nhello'), 'INVALID_CONTENT_LENGTH', CL_VALUE + 1);
    fails(post('Content-Length:\r\n\r\n'), 'INVALID_CONTENT_LENGTH', CL_VALUE - 1);
    fails(post('Content-Length: 1_0\r\n\r\n0123456789'), 'INVALID_CONTENT_LENGTH', CL_VALUE + 1);
    fails(post('Content-Length: 1 0\r\n\r\n0123456789'), 'INVALID_CONTENT_LENGTH', CL_VALUE + 2);
    fails('GET / HTTP/1.1\r\nHost: a\r\nContent-Length: abc\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n', 'INVALID_CONTENT_LENGTH', 41);
  });

  it('refuses differing values, in a list or in repeated fields', () => {
    fails(post('Content-Length: 5, 6\r\n\r\nhello!'), 'CONFLICTING_CONTENT_LENGTH', CL_VALUE + 3);
    fails(post('Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!'), 'CONFLICTING_CONTENT_LENGTH', CL_VALUE + 3 + 16);
  });

  it('answers 413 at once for lengths over maxBodyBytes, overflow included, without waiting for the body', () => {
    fails(post('Content-Length: 1099511627776\r\n\r\n'), 'BODY_TOO_LARGE', CL_VALUE);
    fails(post('Content-Length: 18446744073709551621\r\n\r\nhello'), 'BODY_TOO_LARGE', CL_VALUE);
    fails(post('Content-Length: 11\r\n\r\n'), 'BODY_TOO_LARGE', CL_VALUE, { limits: { maxBodyBytes: 10 } });
    expect(one(post('Content-Length: 10\r\n\r\n0123456789'), { limits: { maxBodyBytes: 10 } }).body).toHaveLength(10);
  });

  it('accepts a declared 1 GiB body with the defaults and streams it', () => {
    const parser = makeParser();
    const size = 2 ** 30;
    parser.feed(Buffer.from(post(`Content-Length: ${size}\r\n\r\n`), 'latin1'));
    const first = parser.nextEvent();
    expect(first).toMatchObject({ type: 'request', head: { framing: { kind: 'length', length: size } } });
    const block = Buffer.alloc(1 << 20, 0x61);
    let received = 0;
    for (let i = 0; i < 1024; i++) {
      parser.feed(block);
      for (let event = parser.nextEvent(); event.type !== 'needData'; event = parser.nextEvent()) {
        if (event.type === 'data') received += event.chunk.length;
        else if (event.type === 'endOfMessage') expect(received).toBe(size);
        else throw new Error(`unexpected ${event.type}`);
      }
    }
    expect(received).toBe(size);
  });

  it('hands out body data as zero-copy slices of the fed buffer', () => {
    const parser = makeParser();
    parser.feed(Buffer.from(post('Content-Length: 10\r\n\r\n01234'), 'latin1'));
    expect(parser.nextEvent().type).toBe('request');
    expect(parser.nextEvent().type).toBe('data');
    const fed = Buffer.from('56789GET', 'latin1');
    parser.feed(fed);
    const event = parser.nextEvent();
    if (event.type !== 'data') throw new Error(event.type);
    expect(event.chunk.toString()).toBe('56789');
    expect(event.chunk.buffer).toBe(fed.buffer);
    expect(event.chunk.byteOffset).toBe(fed.byteOffset);
  });

  it('reports INCOMPLETE_MESSAGE when the peer closes inside the body', () => {
    fails(post('Content-Length: 10\r\n\r\nhello'), 'INCOMPLETE_MESSAGE', CL_VALUE + 6 + 5, { eof: true });
  });

});
