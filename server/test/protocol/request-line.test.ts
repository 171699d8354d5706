import { describe, expect, it } from 'vitest';
import { fails, makeParser, messages, one, parse } from './feed.ts';

const HOST = 'Host: example.com\r\n';

describe('request line: accepted forms', () => {
  it('parses method, origin-form target and version', () => {
    const { head } = one(`GET /hello.txt?x=1&y=%20 HTTP/1.1\r\n${HOST}\r\n`);
    expect(head.method).toBe('GET');
    expect(head.target).toBe('/hello.txt?x=1&y=%20');
    expect(head.version).toEqual({ major: 1, minor: 1 });
    expect(head.host).toBe('example.com');
  });

  it('accepts any token as a method, case kept (methods are case-sensitive)', () => {
    expect(one(`X.Y-Z_1~ / HTTP/1.1\r\n${HOST}\r\n`).head.method).toBe('X.Y-Z_1~');
    expect(one(`get / HTTP/1.1\r\n${HOST}\r\n`).head.method).toBe('get');
  });

  it('accepts absolute-form for http and https, and takes host from the target', () => {
    const { head } = one(`GET http://Example.COM:8080/a?b HTTP/1.1\r\nHost: other.invalid\r\n\r\n`);
    expect(head.target).toBe('http://Example.COM:8080/a?b');
    expect(head.host).toBe('Example.COM:8080');
    expect(one(`GET HTTPS://example.com HTTP/1.1\r\n${HOST}\r\n`).head.host).toBe('example.com');
    expect(one(`GET http://[::1]:80/ HTTP/1.1\r\n${HOST}\r\n`).head.host).toBe('[::1]:80');
  });

  it('accepts authority-form for CONNECT only', () => {
    expect(one(`CONNECT example.com:443 HTTP/1.1\r\n${HOST}\r\n`).head.host).toBe('example.com:443');
    fails(`GET example.com:443 HTTP/1.1\r\n${HOST}\r\n`, 'INVALID_TARGET', 4);
    fails(`CONNECT example.com HTTP/1.1\r\n${HOST}\r\n`, 'INVALID_TARGET', 19);
    fails(`CONNECT /path HTTP/1.1\r\n${HOST}\r\n`, 'INVALID_TARGET', 8);
  });

  it('accepts asterisk-form for OPTIONS only', () => {
    expect(one(`OPTIONS * HTTP/1.1\r\n${HOST}\r\n`).head.target).toBe('*');
    fails(`GET * HTTP/1.1\r\n${HOST}\r\n`, 'INVALID_TARGET', 4);
  });

  it('accepts HTTP/1.0 without Host, with host ""', () => {
    const { head } = one('GET / HTTP/1.0\r\n\r\n');
    expect(head.version).toEqual({ major: 1, minor: 0 });
    expect(head.host).toBe('');
  });

  it('processes HTTP/1.x with x > 1 as HTTP/1.1', () => {
    expect(one(`GET / HTTP/1.2\r\n${HOST}\r\n`).head.version).toEqual({ major: 1, minor: 1 });
    expect(one(`GET / HTTP/1.9\r\n${HOST}\r\n`).head.keepAlive).toBe(true);
  });

  it('accepts an 8000-octet request line with the default limits', () => {
    const target = `/hello.txt?q=${'a'.repeat(8000 - 26)}`;
    const line = `GET ${target} HTTP/1.1`;
    expect(line.length).toBe(8000);
    expect(one(`${line}\r\n${HOST}\r\n`).head.target).toBe(target);
  });
});

describe('request line: rejected', () => {
  it('refuses a method that is not a token, as soon as the bad octet arrives', () => {
    fails(`G(ET / HTTP/1.1\r\n${HOST}\r\n`, 'INVALID_METHOD', 1);
    fails(`G"ET / HTTP/1.1\r\n${HOST}\r\n`, 'INVALID_METHOD', 1);
    fails(`GET\x00 / HTTP/1.1\r\n${HOST}\r\n`, 'INVALID_METHOD', 3);
    // No LF anywhere: a TLS ClientHello is refused at once.
    fails('\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03', 'INVALID_METHOD', 0);
  });

  it('requires exactly one SP between the parts', () => {
    fails(`GET  /hello.txt HTTP/1.1\r\n${HOST}\r\n`, 'INVALID_REQUEST_LINE', 4);
    fails(`GET /hello.txt  HTTP/1.1\r\n${HOST}\r\n`, 'INVALID_REQUEST_LINE', 15);
    fails(`GET\t/hello.txt\tHTTP/1.1\r\n${HOST}\r\n`, 'INVALID_METHOD', 3);
    fails(` GET /hello.txt HTTP/1.1\r\n${HOST}\r\n`, 'INVALID_REQUEST_LINE', 0);
    fails(`GET /hello.txt HTTP/1.1 \r\n${HOST}\r\n`, 'INVALID_REQUEST_LINE', 23);
    fails(`GET  HTTP/1.1\r\n${HOST}\r\n`, 'INVALID_REQUEST_LINE', 4);
  });

  it('refuses lines with missing parts (HTTP/0.9 included)', () => {
    fails('GET /hello.txt\r\n\r\n', 'INVALID_REQUEST_LINE', 14);
    fails('GET\r\n\r\n', 'INVALID_REQUEST_LINE', 3);
    fails('GET \r\n\r\n', 'INVALID_REQUEST_LINE', 4);
  });

  it('refuses CTLs, SP, NUL, DEL, "#" and non-ASCII octets in the target', () => {
    fails(`GET /hello world.txt HTTP/1.1\r\n${HOST}\r\n`, 'INVALID_VERSION', 11);
    fails(`GET /hello.txt\x00.png HTTP/1.1\r\n${HOST}\r\n`, 'INVALID_TARGET', 14);
    fails(`GET /hel\x01lo.txt HTTP/1.1\r\n${HOST}\r\n`, 'INVALID_TARGET', 8);
    fails(`GET /hel\x7flo.txt HTTP/1.1\r\n${HOST}\r\n`, 'INVALID_TARGET', 8);
    fails(`GET /caf\xc3\xa9.txt HTTP/1.1\r\n${HOST}\r\n`, 'INVALID_TARGET', 8);
    fails(`GET /hello.txt#frag HTTP/1.1\r\n${HOST}\r\n`, 'INVALID_TARGET', 14);
    fails(`GET \x00 HTTP/1.1\r\n${HOST}\r\n`, 'INVALID_TARGET', 4);
  });

  it('refuses targets that are no request-target form', () => {
    fails(`GET hello.txt HTTP/1.1\r\n${HOST}\r\n`, 'INVALID_TARGET', 4);
    fails(`GET ftp://example.com/ HTTP/1.1\r\n${HOST}\r\n`, 'INVALID_TARGET', 4);
    fails(`GET http:///path HTTP/1.1\r\n${HOST}\r\n`, 'INVALID_TARGET', 11);
    fails(`GET http://user@example.com/ HTTP/1.1\r\n${HOST}\r\n`, 'INVALID_TARGET', 15);
  });

  it('checks the version octet by octet, case-sensitively', () => {
    fails(`GET / http/1.1\r\n${HOST}\r\n`, 'INVALID_VERSION', 6);
    fails(`GET / HTTP/1\r\n${HOST}\r\n`, 'INVALID_VERSION', 12);
    fails(`GET / HTTP/1.10\r\n${HOST}\r\n`, 'INVALID_VERSION', 14);
    fails(`GET / HTTP/01.1\r\n${HOST}\r\n`, 'INVALID_VERSION', 12);
    fails(`GET / HTTP/1.1.1\r\n${HOST}\r\n`, 'INVALID_VERSION', 14);
    fails(`GET / HTTP/4294967295.255\r\n${HOST}\r\n`, 'INVALID_VERSION', 12);
    fails(`GET / HTTP/A.1\r\n${HOST}\r\n`, 'INVALID_VERSION', 11);
  });

  it('answers 505 for a well-formed version with another major', () => {
    fails(`GET / HTTP/2.0\r\n${HOST}\r\n`, 'UNSUPPORTED_VERSION', 11);
    fails(`GET / HTTP/3.0\r\n${HOST}\r\n`, 'UNSUPPORTED_VERSION', 11);
    fails('GET / HTTP/0.9\r\n\r\n', 'UNSUPPORTED_VERSION', 11);
    fails('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'UNSUPPORTED_VERSION', 11);
  });

  it('refuses a bare CR and a bare LF', () => {
    fails(`GET /hello.txt HTTP/1.1\rHost: example.com\r\n\r\n`, 'BARE_CR', 23);
    fails(`GET /a\rb HTTP/1.1\r\n${HOST}\r\n`, 'BARE_CR', 6);
    fails(`GET /hello.txt HTTP/1.1\n${HOST}\r\n`, 'BARE_LF', 23);
  });
});

describe('request line: empty lines before it', () => {
  it('ignores empty lines, up to maxLeadingEmptyLines', () => {
    expect(one(`\r\n\r\nGET / HTTP/1.1\r\n${HOST}\r\n`).head.target).toBe('/');
    expect(one(`${'\r\n'.repeat(16)}GET / HTTP/1.1\r\n${HOST}\r\n`).head.target).toBe('/');
    fails(`${'\r\n'.repeat(17)}GET / HTTP/1.1\r\n${HOST}\r\n`, 'TOO_MANY_EMPTY_LINES', 32);
    fails(`\r\nGET / HTTP/1.1\r\n${HOST}\r\n`, 'TOO_MANY_EMPTY_LINES', 0, { limits: { maxLeadingEmptyLines: 0 } });
  });

  it('stops a flood of empty lines early', () => {
    fails('\r\n'.repeat(20_000), 'TOO_MANY_EMPTY_LINES', 32);
  });

  it('refuses a whitespace-only line and a bare CR or LF before the request line', () => {
    fails(`   \r\nGET / HTTP/1.1\r\n${HOST}\r\n`, 'INVALID_REQUEST_LINE', 0);
    fails(`\rGET / HTTP/1.1\r\n${HOST}\r\n`, 'BARE_CR', 0);
    fails(`\nGET / HTTP/1.1\r\n${HOST}\r\n`, 'BARE_LF', 0);
  });

  it('ignores an empty line between pipelined requests', () => {
    const { messages: all } = messages(`GET /1 HTTP/1.1\r\n${HOST}\r\n\r\nGET /2 HTTP/1.1\r\n${HOST}\r\n`);
    expect(all.map((m) => m.head.target)).toEqual(['/1', '/2']);
  });
});

describe('request line: length limit (414)', () => {
  it('answers 414 as soon as the limit is passed, before any terminator', () => {
    const parser = makeParser({ limits: { maxRequestLineBytes: 100 } });
    parser.feed(Buffer.from(`GET /${'a'.repeat(94)}`, 'latin1'));
    expect(parser.nextEvent().type).toBe('needData');
    parser.feed(Buffer.from('a', 'latin1'));
    expect(parser.nextEvent()).toMatchObject({ type: 'error', code: 'URI_TOO_LONG', status: 414, offset: 100 });
  });

  it('counts CRLF in the limit and reports the first octet past it', () => {
    const line = `GET /${'a'.repeat(86)} HTTP/1.1`;
    expect(line.length).toBe(100);
    expect(one(`${line}\r\n${HOST}\r\n`, { limits: { maxRequestLineBytes: 102 } }).head.target).toHaveLength(87);
    fails(`${line}\r\n${HOST}\r\n`, 'URI_TOO_LONG', 101, { limits: { maxRequestLineBytes: 101 } });
    fails(`${line}\r\n${HOST}\r\n`, 'URI_TOO_LONG', 100, { limits: { maxRequestLineBytes: 100 } });
  });

  it('answers 414 for a 100000-octet target with the defaults', () => {
    fails(`GET /hello.txt?q=${'a'.repeat(100_000)} HTTP/1.1\r\n${HOST}\r\n`, 'URI_TOO_LONG', 8192);
  });

  it('applies the limit after the ignored empty lines', () => {
    const line = `GET /${'a'.repeat(86)} HTTP/1.1`;
    expect(one(`\r\n\r\n${line}\r\n${HOST}\r\n`, { limits: { maxRequestLineBytes: 102 } }).head.method).toBe('GET');
  });

  it('refuses a method longer than the line limit with 501, not 414 (RFC 9112 §3)', () => {
    fails(`${'A'.repeat(10_000)} / HTTP/1.1\r\n${HOST}\r\n`, 'METHOD_TOO_LONG', 8192);
  });
});

describe('request line leniencies', () => {
  it('request-line-whitespace splits on runs of SP, HTAB, VT, FF', () => {
    const options = { lenient: ['request-line-whitespace' as const] };
    const strictly = [
      ['GET  /x  HTTP/1.1', 'INVALID_REQUEST_LINE'],
      ['GET\t/x\tHTTP/1.1', 'INVALID_METHOD'],
      [' GET /x HTTP/1.1 ', 'INVALID_REQUEST_LINE'],
      ['GET\x0b/x\x0cHTTP/1.1', 'INVALID_METHOD'],
    ] as const;
    for (const [line, strictCode] of strictly) {
      expect(one(`${line}\r\n${HOST}\r\n`, options).head.target).toBe('/x');
      fails(`${line}\r\n${HOST}\r\n`, strictCode);
    }
    fails(`GET /x y HTTP/1.1\r\n${HOST}\r\n`, 'INVALID_REQUEST_LINE', 9, options);
    fails(`GET /x\r\n${HOST}\r\n`, 'INVALID_REQUEST_LINE', 6, options);
    fails(`G(T /x HTTP/1.1\r\n${HOST}\r\n`, 'INVALID_METHOD', 1, options);
  });

  it('bare-lf accepts LF-terminated lines in the head', () => {
    const { head } = one('GET /x HTTP/1.1\nHost: example.com\nX: 1\n\n', { lenient: ['bare-lf'] });
    expect(head.headers).toEqual([['Host', 'example.com'], ['X', '1']]);
    expect(one(`\nGET /x HTTP/1.1\r\n${HOST}\r\n`, { lenient: ['bare-lf'] }).head.target).toBe('/x');
    fails('GET /x HTTP/1.1\nHost: example.com\n\n', 'BARE_LF', 15);
  });

});

describe('request line: pipelining and EOF', () => {
  it('parses pipelined requests from one buffer, in order', () => {
    const input = ['/hello.txt', '/index.html', '/missing'].map((t) => `GET ${t} HTTP/1.1\r\n${HOST}\r\n`).join('');
    expect(messages(input).messages.map((m) => m.head.target)).toEqual(['/hello.txt', '/index.html', '/missing']);
  });

  it('gives connectionClosed for EOF between messages and INCOMPLETE_MESSAGE inside a head', () => {
    expect(parse(`GET / HTTP/1.1\r\n${HOST}\r\n`, { eof: true }).at(-1)).toEqual({ type: 'connectionClosed' });
    expect(parse('', { eof: true })).toEqual([{ type: 'connectionClosed' }]);
    expect(parse('\r\n\r\n', { eof: true })).toEqual([{ type: 'connectionClosed' }]);
    fails('GET / HTT', 'INCOMPLETE_MESSAGE', 9, { eof: true });
    fails(`GET / HTTP/1.1\r\n${HOST}`, 'INCOMPLETE_MESSAGE', 35, { eof: true });
    fails('\r', 'INCOMPLETE_MESSAGE', 1, { eof: true });
  });
});
