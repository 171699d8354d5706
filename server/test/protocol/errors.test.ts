// One example per error code (the Record type makes a missing code a compile error), each run
// through the three feeding styles, with its status and the offset where it is detected.

import { describe, it } from 'vitest';
import type { ParseErrorCode } from '../../src/protocol/errors.ts';
import { fails, type RunOptions } from './feed.ts';

type Example = {
  input: string;
  /** The offset: a number, or a marker whose first occurrence in `input` is where the error lies. */
  at: number | { marker: string; plus?: number };
  options?: RunOptions;
};

const H = 'Host: a\r\n';
const CHUNKED = `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n`;

const EXAMPLES: Record<ParseErrorCode, Example> = {
  INVALID_REQUEST_LINE: { input: `GET  / HTTP/1.1\r\n${H}\r\n`, at: 4 },
  INVALID_METHOD: { input: `G@T / HTTP/1.1\r\n${H}\r\n`, at: 1 },
  INVALID_TARGET: { input: `GET /a\x7fb HTTP/1.1\r\n${H}\r\n`, at: { marker: '\x7f' } },
  INVALID_VERSION: { input: `GET / HTTP/1.x\r\n${H}\r\n`, at: { marker: 'x' } },
  UNSUPPORTED_VERSION: { input: `GET / HTTP/2.0\r\n${H}\r\n`, at: { marker: '2.0' } },
  URI_TOO_LONG: { input: `GET /${'a'.repeat(200)} HTTP/1.1\r\n${H}\r\n`, at: 64, options: { limits: { maxRequestLineBytes: 64 } } },
  METHOD_TOO_LONG: { input: `${'A'.repeat(200)} / HTTP/1.1\r\n${H}\r\n`, at: 64, options: { limits: { maxRequestLineBytes: 64 } } },
  HEADER_TOO_LARGE: { input: `GET / HTTP/1.1\r\n${H}X: ${'a'.repeat(200)}\r\n\r\n`, at: 16 + 64, options: { limits: { maxHeaderBytes: 64 } } },
  TOO_MANY_HEADERS: { input: `GET / HTTP/1.1\r\n${H}A: 1\r\nB: 2\r\n\r\n`, at: { marker: 'B:' }, options: { limits: { maxHeaderCount: 2 } } },
  INVALID_HEADER_NAME: { input: `GET / HTTP/1.1\r\n${H}X/Y: 1\r\n\r\n`, at: { marker: '/Y' } },
  WHITESPACE_BEFORE_COLON: { input: `GET / HTTP/1.1\r\n${H}X : 1\r\n\r\n`, at: { marker: ' :' } },
  OBS_FOLD: { input: `GET / HTTP/1.1\r\n${H}X: 1\r\n 2\r\n\r\n`, at: { marker: ' 2' } },
  INVALID_HEADER_VALUE: { input: `GET / HTTP/1.1\r\n${H}X: 1\x002\r\n\r\n`, at: { marker: '\x00' } },
  BARE_CR: { input: `GET / HTTP/1.1\r\n${H}X: 1\r2\r\n\r\n`, at: { marker: '\r2' } },
  BARE_LF: { input: `GET / HTTP/1.1\r\n${H}X: 1\n\r\n`, at: { marker: '\n\r' } },
  MISSING_HOST: { input: 'GET / HTTP/1.1\r\nX: 1\r\n\r\n', at: 22 },
  DUPLICATE_HOST: { input: `GET / HTTP/1.1\r\n${H}Host: b\r\n\r\n`, at: { marker: 'b\r' } },
  INVALID_HOST: { input: 'GET / HTTP/1.1\r\nHost: a@b\r\n\r\n', at: { marker: '@' } },
  INVALID_CONTENT_LENGTH: { input: `POST / HTTP/1.1\r\n${H}Content-Length: 0x5\r\n\r\nhello`, at: { marker: 'x5' } },
  CONFLICTING_CONTENT_LENGTH: { input: `POST / HTTP/1.1\r\n${H}Content-Length: 5, 6\r\n\r\nhello!`, at: { marker: '6' } },
  CONTENT_LENGTH_WITH_TRANSFER_ENCODING: { input: `${CHUNKED.slice(0, -2)}Content-Length: 5\r\n\r\n0\r\n\r\n`, at: { marker: '5\r' } },
  UNKNOWN_TRANSFER_CODING: { input: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: gzip, chunked\r\n\r\n`, at: { marker: 'gzip' } },
  CHUNKED_NOT_FINAL: { input: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked, gzip\r\n\r\n`, at: { marker: 'chunked' } },
  INVALID_TRANSFER_ENCODING: { input: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked;a=b\r\n\r\n`, at: { marker: 'chunked' } },
  INVALID_CHUNK_SIZE: { input: `${CHUNKED}5x\r\nhello\r\n0\r\n\r\n`, at: { marker: 'x\r' } },
  INVALID_CHUNK_EXTENSION: { input: `${CHUNKED}5;\r\nhello\r\n0\r\n\r\n`, at: { marker: ';', plus: 1 } },
  INVALID_CHUNK_DATA: { input: `${CHUNKED}5\r\nhello!\r\n0\r\n\r\n`, at: { marker: '!' } },
  INVALID_TRAILER: { input: `${CHUNKED}0\r\nno colon\r\n\r\n`, at: { marker: 'no colon' } },
  BODY_TOO_LARGE: { input: `POST / HTTP/1.1\r\n${H}Content-Length: 1099511627776\r\n\r\n`, at: { marker: '1099' } },
  INCOMPLETE_MESSAGE: { input: `POST / HTTP/1.1\r\n${H}Content-Length: 5\r\n\r\nhel`, at: { marker: 'hel', plus: 3 }, options: { eof: true } },
  TOO_MANY_EMPTY_LINES: { input: `\r\n\r\n\r\nGET / HTTP/1.1\r\n${H}\r\n`, at: 4, options: { limits: { maxLeadingEmptyLines: 2 } } },
  MISSING_COLON: { input: `GET / HTTP/1.1\r\n${H}no colon\r\n\r\n`, at: { marker: 'no colon' } },
  DUPLICATE_CHUNKED: { input: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n`, at: { marker: 'chunked\r\n\r\n' } },
  TRANSFER_ENCODING_HTTP10: { input: 'POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', at: { marker: 'chunked' } },
  CHUNK_EXTENSIONS_TOO_LARGE: { input: `${CHUNKED}5;${'a'.repeat(100)}\r\nhello\r\n0\r\n\r\n`, at: { marker: ';', plus: 8 + 2 + 15 - 1 }, options: { limits: { maxChunkExtensionBytes: 8 } } },
  TRAILERS_TOO_LARGE: { input: `${CHUNKED}0\r\nX: ${'a'.repeat(100)}\r\n\r\n`, at: { marker: 'X:', plus: 32 }, options: { limits: { maxTrailerBytes: 32 } } },
};

describe('every error code has an example with its status and offset', () => {
  for (const [code, example] of Object.entries(EXAMPLES) as [ParseErrorCode, Example][]) {
    it(code, () => {
      const at = typeof example.at === 'number' ? example.at : example.input.indexOf(example.at.marker) + (example.at.plus ?? 0);
      if (typeof example.at !== 'number' && example.input.indexOf(example.at.marker) === -1) throw new Error('marker not found');
      fails(example.input, code, at, example.options);
    });
  }
});
