import { describe, expect, it } from 'vitest';
import { fails, makeParser, messages, one, post } from './feed.ts';

const HEAD = post('Transfer-Encoding: chunked\r\n\r\n');
/** Offset of the first chunk-size line. */
const BODY_START = HEAD.length;

function chunked(body: string): string {
  return HEAD + body;
}

describe('chunked: accepted', () => {
  it('decodes chunks of any hex case and leading zeros', () => {
    expect(one(chunked('a\r\n0123456789\r\nA\r\n0123456789\r\n0\r\n\r\n')).body).toBe('01234567890123456789');
    expect(one(chunked('0005\r\nhello\r\n000\r\n\r\n')).body).toBe('hello');
    expect(one(chunked('00000000000000f\r\n0123456789abcde\r\n0\r\n\r\n')).body).toBe('0123456789abcde');
  });

  it('keeps data octets opaque, CRLF and NUL included', () => {
    expect(one(chunked('6\r\n\r\n\x00\xff\r\n\r\n0\r\n\r\n')).body).toBe('\r\n\x00\xff\r\n');
  });

  it('validates and ignores chunk extensions, BWS around ";" and "=" included', () => {
    for (const ext of [';name=val', ';last', ' ; n = v', ';n="a;b\\"c"', ';a;b=c;d="e"', '\t;\tn\t=\t"v"', ';n=""']) {
      expect(one(chunked(`5${ext}\r\nhello\r\n0${ext}\r\n\r\n`)).body, ext).toBe('hello');
    }
  });

  it('returns trailer fields in endOfMessage, never in the head', () => {
    const message = one(chunked('5\r\nhello\r\n0\r\nX-Trailer: v\r\nX-T2:  w \r\n\r\n'));
    expect(message.trailers).toEqual([['X-Trailer', 'v'], ['X-T2', 'w']]);
    expect(message.head.headers.map(([name]) => name)).toEqual(['Host', 'Transfer-Encoding']);
  });

  it('does not let trailers change framing or host', () => {
    const { messages: all } = messages(
      chunked('0\r\nContent-Length: 50\r\nTransfer-Encoding: chunked\r\nHost: evil\r\n\r\nGET /canary HTTP/1.1\r\nHost: a\r\n\r\n'),
    );
    expect(all.map((m) => m.head.target)).toEqual(['/upload', '/canary']);
    expect(all[0]!.head.host).toBe('example.com');
    expect(all[0]!.trailers).toHaveLength(3);
  });

  it('accepts 100000 one-octet chunks', () => {
    const parser = makeParser();
    parser.feed(Buffer.from(chunked('1\r\na\r\n'.repeat(100_000) + '0\r\n\r\n'), 'latin1'));
    let size = 0;
    let ended = false;
    for (let i = 0; i < 300_000 && !ended; i++) {
      const event = parser.nextEvent();
      if (event.type === 'data') size += event.chunk.length;
      else if (event.type === 'endOfMessage') ended = true;
      else if (event.type !== 'request') throw new Error(event.type);
    }
    expect([ended, size]).toEqual([true, 100_000]);
  });

  it('hands out data as zero-copy slices of the fed buffer', () => {
    const parser = makeParser();
    parser.feed(Buffer.from(chunked('a\r\n'), 'latin1'));
    expect(parser.nextEvent().type).toBe('request');
    expect(parser.nextEvent().type).toBe('needData');
    const fed = Buffer.from('0123456789\r\n0\r\n\r\n', 'latin1');
    parser.feed(fed);
    const event = parser.nextEvent();
    if (event.type !== 'data') throw new Error(event.type);
    expect(event.chunk.buffer).toBe(fed.buffer);
    expect(event.chunk.byteOffset).toBe(fed.byteOffset);
    expect(event.chunk.length).toBe(10);
    expect(parser.nextEvent()).toEqual({ type: 'endOfMessage', trailers: [] });
  });
});

describe('chunked: chunk-size errors', () => {
  it('refuses signs, "0x", "_", whitespace before the size and non-hex octets', () => {
    fails(chunked('0x5\r\nhello\r\n0\r\n\r\n'), 'INVALID_CHUNK_SIZE', BODY_START + 1);
    fails(chunked('+5\r\nhello\r\n0\r\n\r\n'), 'INVALID_CHUNK_SIZE', BODY_START);
    fails(chunked('-5\r\nhello\r\n0\r\n\r\n'), 'INVALID_CHUNK_SIZE', BODY_START);
    fails(chunked('-0x0\r\n\r\n'), 'INVALID_CHUNK_SIZE', BODY_START);
    fails(chunked('0_2e\r\n\r\nGET /missing HTTP/1.1\r\nHost: a\r\n\r\n'), 'INVALID_CHUNK_SIZE', BODY_START + 1);
    fails(chunked(' 5\r\nhello\r\n0\r\n\r\n'), 'INVALID_CHUNK_SIZE', BODY_START);
    fails(chunked('5g\r\nhello\r\n0\r\n\r\n'), 'INVALID_CHUNK_SIZE', BODY_START + 1);
    fails(chunked('Z\r\n'), 'INVALID_CHUNK_SIZE', BODY_START);
    fails(chunked('\r\n'), 'INVALID_CHUNK_SIZE', BODY_START);
  });

  it('refuses whitespace after the size unless an extension follows', () => {
    fails(chunked('5 \r\nhello\r\n0\r\n\r\n'), 'INVALID_CHUNK_SIZE', BODY_START + 1);
    fails(chunked('5;a=b \r\nhello\r\n0\r\n\r\n'), 'INVALID_CHUNK_EXTENSION', BODY_START + 5);
  });

  it('refuses more than 15 hex digits and sizes over maxBodyBytes, before any data', () => {
    fails(chunked('10000000000000005\r\nhello\r\n0\r\n\r\n'), 'INVALID_CHUNK_SIZE', BODY_START + 15);
    fails(chunked('0000000000000005\r\nhello\r\n0\r\n\r\n'), 'INVALID_CHUNK_SIZE', BODY_START + 15);
    fails(chunked('fffffffffffffff\r\n'), 'BODY_TOO_LARGE', BODY_START);
    fails(chunked('10000000001\r\n'), 'BODY_TOO_LARGE', BODY_START);
  });

  it('counts maxBodyBytes over all chunks', () => {
    const limits = { maxBodyBytes: 10 };
    expect(one(chunked('5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n'), { limits }).body).toBe('helloworld');
    fails(chunked('5\r\nhello\r\n6\r\nworld!\r\n0\r\n\r\n'), 'BODY_TOO_LARGE', BODY_START + 10, { limits });
  });

  it('refuses bare LF and bare CR in size lines', () => {
    fails(chunked('5\nhello\r\n0\r\n\r\n'), 'BARE_LF', BODY_START + 1);
    fails(chunked('5\r\rhello\r\n0\r\n\r\n'), 'BARE_CR', BODY_START + 1);
    fails(chunked('5;a\r\r\nhello\r\n0\r\n\r\n'), 'BARE_CR', BODY_START + 3);
  });
});

describe('chunked: extension errors and limits', () => {
  it('refuses a bare ";", a missing value, CTLs and broken quoted-strings', () => {
    fails(chunked('5;\r\nhello\r\n0\r\n\r\n'), 'INVALID_CHUNK_EXTENSION', BODY_START + 2);
    fails(chunked('5;=v\r\nhello\r\n0\r\n\r\n'), 'INVALID_CHUNK_EXTENSION', BODY_START + 2);
    fails(chunked('5;a=\r\nhello\r\n0\r\n\r\n'), 'INVALID_CHUNK_EXTENSION', BODY_START + 4);
    fails(chunked('5;a=\x00\r\nhello\r\n0\r\n\r\n'), 'INVALID_CHUNK_EXTENSION', BODY_START + 4);
    fails(chunked('5;a=b\x01\r\nhello\r\n0\r\n\r\n'), 'INVALID_CHUNK_EXTENSION', BODY_START + 5);
    fails(chunked('5;a="b\r\nhello\r\n0\r\n\r\n'), 'INVALID_CHUNK_EXTENSION', BODY_START + 6);
    fails(chunked('5;a="b\x00"\r\nhello\r\n0\r\n\r\n'), 'INVALID_CHUNK_EXTENSION', BODY_START + 6);
    fails(chunked('5;a b\r\nhello\r\n0\r\n\r\n'), 'INVALID_CHUNK_EXTENSION', BODY_START + 4);
  });

  it('bounds chunk extensions over the whole body (413), as soon as the bound is passed', () => {
    const limits = { maxChunkExtensionBytes: 20 };
    const ext = `;${'a'.repeat(19)}`;
    expect(one(chunked(`5${ext}\r\nhello\r\n0\r\n\r\n`), { limits }).body).toBe('hello');
    fails(chunked(`5${ext}\r\nhello\r\n0;b\r\n\r\n`), 'CHUNK_EXTENSIONS_TOO_LARGE', BODY_START + 31, { limits });
    fails(chunked(`5${ext}a\r\nhello\r\n0\r\n\r\n`), 'CHUNK_EXTENSIONS_TOO_LARGE', BODY_START + 21, { limits });
    fails(chunked(`5;${'a'.repeat(100_000)}\r\nhello\r\n0\r\n\r\n`), 'CHUNK_EXTENSIONS_TOO_LARGE', BODY_START + 4096 + 17);
  });
});

describe('chunked: data and trailer errors', () => {
  it('requires CRLF right after the chunk data', () => {
    fails(chunked('5\r\nhelloXX\r\n0\r\n\r\n'), 'INVALID_CHUNK_DATA', BODY_START + 8);
    fails(chunked('5\r\nhel\r\n0\r\n\r\n'), 'INVALID_CHUNK_DATA', BODY_START + 8);
    fails(chunked('5\r\nhello\rX0\r\n\r\n'), 'INVALID_CHUNK_DATA', BODY_START + 9);
    fails(chunked('5\r\nhello\n0\r\n\r\n'), 'INVALID_CHUNK_DATA', BODY_START + 8);
  });

  it('refuses invalid trailer lines with INVALID_TRAILER', () => {
    fails(chunked('0\r\nGET /missing HTTP/1.1\r\nHost: a\r\n\r\n'), 'INVALID_TRAILER', BODY_START + 3);
    fails(chunked('0\r\nX : v\r\n\r\n'), 'INVALID_TRAILER', BODY_START + 4);
    fails(chunked('0\r\nX: a\x00\r\n\r\n'), 'INVALID_TRAILER', BODY_START + 7);
    fails(chunked('0\r\nX: a\r\n b\r\n\r\n'), 'INVALID_TRAILER', BODY_START + 9);
    fails(chunked('0\r\nX: a\n\r\n'), 'BARE_LF', BODY_START + 7);
    fails(chunked('0\r\nX: a\r\n\rX'), 'BARE_CR', BODY_START + 9);
  });

  it('bounds the trailer section (431), as soon as the bound is passed', () => {
    const limits = { maxTrailerBytes: 20 };
    expect(one(chunked(`0\r\nX: ${'v'.repeat(13)}\r\n\r\n`), { limits }).trailers).toHaveLength(1);
    fails(chunked(`0\r\nX: ${'v'.repeat(14)}\r\n\r\n`), 'TRAILERS_TOO_LARGE', BODY_START + 3 + 20, { limits });
    fails(chunked(`0\r\nX: ${'v'.repeat(100_000)}`), 'TRAILERS_TOO_LARGE', BODY_START + 3 + 16384);
    fails(chunked(`0\r\n${'A: 1\r\n'.repeat(257)}\r\n`), 'TRAILERS_TOO_LARGE', BODY_START + 3 + 256 * 6);
  });
});

describe('chunked leniencies', () => {

  it('chunked-bare-lf accepts LF line ends in size lines, after data and in trailers', () => {
    const options = { lenient: ['chunked-bare-lf' as const] };
    const message = one(chunked('5\nhello\n0\nX: 1\n\n'), options);
    expect([message.body, message.trailers]).toEqual(['hello', [['X', '1']]]);
    fails(chunked('5\nhello\n0\n\n'), 'BARE_LF', BODY_START + 1);
    // Only the body: a bare LF in the head is still refused.
    fails(post('Transfer-Encoding: chunked\n\r\n0\r\n\r\n'), 'BARE_LF', undefined, options);
  });
});
