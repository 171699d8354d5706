import { describe, expect, it } from 'vitest';
import { fails, makeParser, messages, one } from './feed.ts';

const LINE = 'GET / HTTP/1.1\r\n';
const HOST = 'Host: example.com\r\n';
/** Offset of the first field line after LINE + HOST. */
const AFTER_HOST = LINE.length + HOST.length;

function fields(head: string, options = {}): (readonly [string, string])[] {
  return one(`${LINE}${HOST}${head}\r\n`, options).head.headers.slice(1);
}

describe('field lines: accepted', () => {
  it('keeps names as sent and trims OWS around values', () => {
    expect(fields('X-Test:   a b \t\r\nx-other:\tv\r\n')).toEqual([['X-Test', 'a b'], ['x-other', 'v']]);
  });

  it('accepts no OWS, empty values, colons in values and repeated fields, in order', () => {
    expect(fields('A:1\r\nB:\r\nC: a:b::c\r\nAccept: text/plain\r\nAccept: */*\r\n')).toEqual([
      ['A', '1'],
      ['B', ''],
      ['C', 'a:b::c'],
      ['Accept', 'text/plain'],
      ['Accept', '*/*'],
    ]);
  });

  it('keeps obs-text (0x80-0xff) as opaque latin1 data', () => {
    expect(fields('X: caf\xe9 \xff\r\n')).toEqual([['X', 'caf\xe9 \xff']]);
  });

  it('accepts every tchar in names', () => {
    expect(fields("!#$%&'*+-.^_`|~09azAZ: v\r\n")[0]![0]).toBe("!#$%&'*+-.^_`|~09azAZ");
  });

  it('accepts 100 fields and an 8000-octet value with the defaults', () => {
    const many = Array.from({ length: 100 }, (_, i) => `X-H${i}: v\r\n`).join('');
    expect(fields(many)).toHaveLength(100);
    expect(fields(`X-Big: ${'a'.repeat(8000)}\r\n`)[0]![1]).toHaveLength(8000);
  });
});

describe('field lines: rejected', () => {
  it('refuses whitespace between name and colon (RFC 9112 §5.1 MUST)', () => {
    fails(`${LINE}${HOST}X-Test : a\r\n\r\n`, 'WHITESPACE_BEFORE_COLON', AFTER_HOST + 6);
    fails(`${LINE}${HOST}X-Test\t: a\r\n\r\n`, 'WHITESPACE_BEFORE_COLON', AFTER_HOST + 6);
    fails(`POST / HTTP/1.1\r\n${HOST}Content-Length : 5\r\n\r\nhello`, 'WHITESPACE_BEFORE_COLON', 17 + 19 + 14);
  });

  it('refuses obs-fold, and whitespace before the first field line', () => {
    fails(`${LINE}${HOST}X-Test: a\r\n b\r\n\r\n`, 'OBS_FOLD', AFTER_HOST + 11);
    fails(`${LINE}${HOST}X-Test: a\r\n\tb\r\n\r\n`, 'OBS_FOLD', AFTER_HOST + 11);
    fails(`${LINE} X-Test: a\r\n${HOST}\r\n`, 'OBS_FOLD', LINE.length);
    fails(`POST / HTTP/1.1\r\n\tContent-Length: 5\r\n${HOST}\r\nhello`, 'OBS_FOLD', 17);
  });

  it('refuses a line without colon', () => {
    fails(`${LINE}${HOST}X-Test a\r\n\r\n`, 'MISSING_COLON', AFTER_HOST);
    fails(`${LINE}${HOST}Content-Length 10\r\n\r\n`, 'MISSING_COLON', AFTER_HOST);
    fails(`POST / HTTP/1.1\r\n${HOST}Transfer-\r\nEncoding: chunked\r\n\r\n0\r\n\r\n`, 'MISSING_COLON', 36);
  });

  it('refuses empty and non-token names', () => {
    fails(`${LINE}${HOST}: value\r\n\r\n`, 'INVALID_HEADER_NAME', AFTER_HOST);
    fails(`${LINE}${HOST}X(Test): a\r\n\r\n`, 'INVALID_HEADER_NAME', AFTER_HOST + 1);
    fails(`${LINE}${HOST}X Test: a\r\n\r\n`, 'INVALID_HEADER_NAME', AFTER_HOST + 1);
    fails(`${LINE}${HOST}[X]: a\r\n\r\n`, 'INVALID_HEADER_NAME', AFTER_HOST);
    fails(`${LINE}${HOST}X-T\xe9st: a\r\n\r\n`, 'INVALID_HEADER_NAME', AFTER_HOST + 3);
    fails(`${LINE}${HOST}X-\x01Test: a\r\n\r\n`, 'INVALID_HEADER_NAME', AFTER_HOST + 2);
    fails(`${LINE}${HOST}\x00: a\r\n\r\n`, 'INVALID_HEADER_NAME', AFTER_HOST);
  });

  it('treats Content_Length as an unknown field: no "_" to "-" mapping', () => {
    const { messages: all } = messages(`POST / HTTP/1.1\r\n${HOST}Content_Length: 5\r\n\r\nhelloGET / HTTP/1.1\r\n${HOST}\r\n`);
    expect(all.map((m) => m.head.framing)).toEqual([{ kind: 'none' }, { kind: 'none' }]);
    expect(all[1]!.head.method).toBe('helloGET');
  });

  it('refuses NUL, CTLs and DEL in values, keeping HTAB', () => {
    fails(`${LINE}${HOST}X: a\x00b\r\n\r\n`, 'INVALID_HEADER_VALUE', AFTER_HOST + 4);
    fails(`${LINE}${HOST}X: a\x01b\r\n\r\n`, 'INVALID_HEADER_VALUE', AFTER_HOST + 4);
    fails(`${LINE}${HOST}X: a\x7f\r\n\r\n`, 'INVALID_HEADER_VALUE', AFTER_HOST + 4);
    fails(`${LINE}${HOST}X: \x0bchunked\r\n\r\n`, 'INVALID_HEADER_VALUE', AFTER_HOST + 3);
    expect(fields('X: a\tb\r\n')).toEqual([['X', 'a\tb']]);
  });

  it('refuses a bare CR anywhere in a field line, and bare-CR line ends', () => {
    fails(`${LINE}${HOST}X: a\rb\r\n\r\n`, 'BARE_CR', AFTER_HOST + 4);
    fails(`${LINE}${HOST}X\r: a\r\n\r\n`, 'BARE_CR', AFTER_HOST + 1);
    fails(`POST / HTTP/1.1\r\n${HOST}X-A: 1\rContent-Length: 5\r\n\r\nhello`, 'BARE_CR', 17 + 19 + 6);
    fails(`${LINE}${HOST}\rXGET /missing HTTP/1.1\r\n${HOST}\r\n`, 'BARE_CR', AFTER_HOST);
  });

  it('refuses bare LF line ends', () => {
    fails(`${LINE}Host: example.com\nX-Test: a\r\n\r\n`, 'BARE_LF', LINE.length + 17);
    fails(`${LINE}${HOST}\n`, 'BARE_LF', AFTER_HOST);
    fails(`${LINE}X: y\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n`, 'BARE_LF', LINE.length + 4);
  });
});

describe('header section limits (431)', () => {
  it('refuses a section over maxHeaderBytes (CRLFs and the final empty line included)', () => {
    const section = `${HOST}X: ${'a'.repeat(40)}\r\n\r\n`;
    expect(section.length).toBe(66);
    expect(one(`${LINE}${section}`, { limits: { maxHeaderBytes: 66 } }).head.headers).toHaveLength(2);
    fails(`${LINE}${section}`, 'HEADER_TOO_LARGE', LINE.length + 65, { limits: { maxHeaderBytes: 65 } });
    fails(`${LINE}${section}`, 'HEADER_TOO_LARGE', LINE.length + 64, { limits: { maxHeaderBytes: 64 } });
    fails(`${LINE}${section}`, 'HEADER_TOO_LARGE', LINE.length + 30, { limits: { maxHeaderBytes: 30 } });
  });

  it('answers 431 as soon as the limit is passed, without a terminator', () => {
    const parser = makeParser({ limits: { maxHeaderBytes: 1000 } });
    parser.feed(Buffer.from(`${LINE}${HOST}X-Big: `, 'latin1'));
    expect(parser.nextEvent().type).toBe('needData');
    for (let i = 0; i < 2000; i++) {
      parser.feed(Buffer.from('a'));
      const event = parser.nextEvent();
      if (event.type !== 'needData') {
        expect(event).toMatchObject({ type: 'error', code: 'HEADER_TOO_LARGE', status: 431, offset: LINE.length + 1000 });
        expect(i + 1).toBe(1000 - HOST.length - 'X-Big: '.length);
        return;
      }
    }
    throw new Error('no 431 after 2000 octets');
  });

  it('refuses a 100000-octet value and a 100000-octet name with the defaults', () => {
    fails(`${LINE}${HOST}X-Big: ${'a'.repeat(100_000)}\r\n\r\n`, 'HEADER_TOO_LARGE', LINE.length + 65536);
    fails(`${LINE}${HOST}${'a'.repeat(100_000)}: v\r\n\r\n`, 'HEADER_TOO_LARGE', LINE.length + 65536);
  });

  it('refuses more than maxHeaderCount fields at the first octet of the extra one', () => {
    const three = `${HOST}A: 1\r\nB: 2\r\n`;
    expect(one(`${LINE}${three}\r\n`, { limits: { maxHeaderCount: 3 } }).head.headers).toHaveLength(3);
    fails(`${LINE}${three}C: 3\r\n\r\n`, 'TOO_MANY_HEADERS', LINE.length + three.length, { limits: { maxHeaderCount: 3 } });
    const parser = makeParser({ limits: { maxHeaderCount: 3 } });
    parser.feed(Buffer.from(`${LINE}${three}C`, 'latin1'));
    expect(parser.nextEvent()).toMatchObject({ type: 'error', code: 'TOO_MANY_HEADERS', status: 431 });
  });

  it('refuses 10000 fields with the defaults', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => `X-N${i}: v\r\n`).join('');
    fails(`${LINE}${many}\r\n`, 'TOO_MANY_HEADERS');
  });
});

describe('field line leniencies', () => {
  it('obs-fold unfolds to one SP', () => {
    const options = { lenient: ['obs-fold' as const] };
    expect(fields('X-Test: a\r\n  b \r\n\tc\r\nY: z\r\n', options)).toEqual([['X-Test', 'a b c'], ['Y', 'z']]);
    expect(fields('X-Test:\r\n b\r\n', options)).toEqual([['X-Test', 'b']]);
    fails(`${LINE} X-Test: a\r\n${HOST}\r\n`, 'OBS_FOLD', LINE.length, options);
    fails(`${LINE}${HOST}X-Test: a\r\n b\x00\r\n\r\n`, 'INVALID_HEADER_VALUE', AFTER_HOST + 13, options);
  });

  it('obs-fold takes part in framing: a folded Transfer-Encoding is chunked', () => {
    const message = one(`POST / HTTP/1.1\r\n${HOST}Transfer-Encoding:\r\n chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n`, { lenient: ['obs-fold'] });
    expect(message.head.framing).toEqual({ kind: 'chunked' });
    expect(message.body).toBe('hello');
  });

  it('invalid-header-chars keeps CTLs in values, never CR or NUL', () => {
    const options = { lenient: ['invalid-header-chars' as const] };
    expect(fields('X: a\x01\x7f\r\n', options)).toEqual([['X', 'a\x01\x7f']]);
    fails(`${LINE}${HOST}X: a\x00b\r\n\r\n`, 'INVALID_HEADER_VALUE', AFTER_HOST + 4, options);
    fails(`${LINE}${HOST}X: a\rb\r\n\r\n`, 'BARE_CR', AFTER_HOST + 4, options);
    fails(`${LINE}${HOST}X\x00: a\r\n\r\n`, 'INVALID_HEADER_NAME', AFTER_HOST + 1, options);
  });

});
