import { describe, expect, it } from 'vitest';
import { parseTransferEncoding, type TransferCoding } from '../../src/protocol/transfer-encoding.ts';
import { fails, messages, one, post } from './feed.ts';

const TE_VALUE = 'POST /upload HTTP/1.1\r\nHost: example.com\r\nTransfer-Encoding: '.length;
const BODY = '5\r\nhello\r\n0\r\n\r\n';

function codings(value: string): TransferCoding[] | string {
  const out: TransferCoding[] = [];
  const error = parseTransferEncoding(value, out);
  return error === null ? out : `${error.at}: ${error.detail}`;
}

describe('parseTransferEncoding', () => {
  it('lower-cases codings, skips OWS and empty elements, notes parameters', () => {
    expect(codings('Chunked')).toEqual([{ name: 'chunked', at: 0, hasParameters: false }]);
    expect(codings(' , gzip ,, CHUNKED,')).toEqual([
      { name: 'gzip', at: 3, hasParameters: false },
      { name: 'chunked', at: 11, hasParameters: false },
    ]);
    expect(codings('gzip;q="a,b\\"c" ; level=1, chunked')).toEqual([
      { name: 'gzip', at: 0, hasParameters: true },
      { name: 'chunked', at: 27, hasParameters: false },
    ]);
  });

  it('refuses empty values, non-tokens and broken parameters', () => {
    expect(codings('')).toMatch(/^0: no transfer coding/);
    expect(codings(' , ')).toMatch(/^0: no transfer coding/);
    expect(codings('\xa0chunked')).toMatch(/^0: /);
    expect(codings('chunked x')).toMatch(/^8: /);
    expect(codings('chunked;')).toMatch(/^8: missing parameter name/);
    expect(codings('chunked;foo')).toMatch(/^11: missing "="/);
    expect(codings('chunked;foo=')).toMatch(/^12: invalid parameter value/);
    expect(codings('chunked;foo="bar')).toMatch(/^12: invalid parameter value/);
  });
});

describe('Transfer-Encoding framing', () => {
  it('decodes chunked, case-insensitively, with OWS and empty list elements', () => {
    for (const value of ['chunked', 'Chunked', 'CHUNKED', '\tchunked \t', ', chunked', 'chunked,']) {
      const message = one(post(`Transfer-Encoding: ${value}\r\n\r\n${BODY}`));
      expect(message.head.framing, value).toEqual({ kind: 'chunked' });
      expect(message.body).toBe('hello');
    }
  });

  it('frames by Transfer-Encoding on any method (GET included), then parses the next request', () => {
    const { messages: all } = messages(`GET /hello.txt HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n${BODY}GET /canary HTTP/1.1\r\nHost: a\r\n\r\n`);
    expect(all.map((m) => [m.head.target, m.body])).toEqual([['/hello.txt', 'hello'], ['/canary', '']]);
  });

  it('refuses chunked with parameters, an empty value and a value with no coding', () => {
    fails(post(`Transfer-Encoding: chunked; foo=bar\r\n\r\n${BODY}`), 'INVALID_TRANSFER_ENCODING', TE_VALUE);
    fails(post('Transfer-Encoding:\r\nContent-Length: 5\r\n\r\nhello'), 'INVALID_TRANSFER_ENCODING', TE_VALUE - 1);
    fails(post('Transfer-Encoding: ,\r\n\r\n'), 'INVALID_TRANSFER_ENCODING', TE_VALUE);
    fails(post('Transfer-Encoding: \xa0chunked\r\n\r\n0\r\n\r\n'), 'INVALID_TRANSFER_ENCODING', TE_VALUE);
  });

  it('refuses chunked when it is not the final coding, or applied twice', () => {
    fails(post('Transfer-Encoding: chunked, gzip\r\n\r\n'), 'CHUNKED_NOT_FINAL', TE_VALUE);
    fails(post('Transfer-Encoding: chunked\r\nTransfer-Encoding: x\r\n\r\n'), 'CHUNKED_NOT_FINAL', TE_VALUE);
    fails(post(`Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n${BODY}`), 'DUPLICATE_CHUNKED', TE_VALUE + 28);
    fails(post(`Transfer-Encoding: chunked, chunked\r\n\r\n${BODY}`), 'DUPLICATE_CHUNKED', TE_VALUE + 9);
  });

  it('answers 501 for codings it does not implement', () => {
    fails(post('Transfer-Encoding: gzip, chunked\r\n\r\n'), 'UNKNOWN_TRANSFER_CODING', TE_VALUE);
    fails(post('Transfer-Encoding: xchunked\r\n\r\nhello'), 'UNKNOWN_TRANSFER_CODING', TE_VALUE);
    fails(post('Transfer-Encoding: identity\r\n\r\nhello'), 'UNKNOWN_TRANSFER_CODING', TE_VALUE);
    fails(post('Transfer-Encoding: gzip;level=1, chunked\r\n\r\n'), 'UNKNOWN_TRANSFER_CODING', TE_VALUE);
  });

  it('refuses Transfer-Encoding with Content-Length, whatever the codings', () => {
    const error = fails(post(`Content-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nX`), 'CONTENT_LENGTH_WITH_TRANSFER_ENCODING');
    expect(error.offset, 'the Content-Length value').toBe(TE_VALUE - 3);
    fails(post('Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n1\r\nZ\r\n0\r\n\r\n'), 'CONTENT_LENGTH_WITH_TRANSFER_ENCODING', TE_VALUE + 9 + 16);
    fails(post('Transfer-Encoding: xchunked\r\nContent-Length: 5\r\n\r\nhello'), 'CONTENT_LENGTH_WITH_TRANSFER_ENCODING');
    fails(post('Transfer-Encoding: identity\r\nContent-Length: 5\r\n\r\nhello'), 'CONTENT_LENGTH_WITH_TRANSFER_ENCODING');
    fails(post('Transfer-Encoding: chunked \r\nContent-Length: 5\r\n\r\n0\r\n\r\n'), 'CONTENT_LENGTH_WITH_TRANSFER_ENCODING');
  });

  it('refuses Transfer-Encoding on HTTP/1.0', () => {
    fails('POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n', 'TRANSFER_ENCODING_HTTP10', 36);
    fails(`POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n${BODY}`, 'TRANSFER_ENCODING_HTTP10', 36);
  });

  it('reports INCOMPLETE_MESSAGE when the peer closes inside a chunked body', () => {
    const input = post('Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n');
    fails(input, 'INCOMPLETE_MESSAGE', input.length, { eof: true });
  });
});

describe('Transfer-Encoding leniencies', () => {
  it('te-with-content-length frames by Transfer-Encoding and never keeps the connection', () => {
    const options = { lenient: ['te-with-content-length' as const] };
    const { messages: all } = messages(post('Content-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n'), options);
    expect(all[0]!.head.framing).toEqual({ kind: 'chunked' });
    expect(all[0]!.head.keepAlive).toBe(false);
    expect(all[1]!.head.target).toBe('/');
    fails(post('Content-Length: 5\r\nTransfer-Encoding: gzip\r\n\r\nhello'), 'UNKNOWN_TRANSFER_CODING', undefined, options);
  });

});
