// A chunk-size line, once its terminator has been found: chunk-size [ chunk-ext ].

import { parseError, type ParseErrorEvent } from './parse-error.ts';
import { CR, DQUOTE, EQUALS, HEX_VALUE, NOT_HEX, OWS, QDTEXT, QUOTED_PAIR_CHAR, SEMICOLON, TCHAR, describeOctet } from './tokens.ts';

/** More hex digits than this is refused: 16^15 is past any sane body and past 2^53. */
export const MAX_CHUNK_SIZE_DIGITS = 15;

export type ChunkLine = {
  size: number;
  /** Octets after the size digits (extensions and their whitespace), counted against the extension budget. */
  extensionBytes: number;
};

/**
 * Parses `buf[s, e)` (terminator excluded); `base` is the stream offset of `buf[0]`.
 */
// https://www.rfc-editor.org/rfc/rfc9112#section-7.1
// chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
// chunk-size = 1*HEXDIG: no sign, no "0x", no whitespace before it.
/** Reads one chunk-size line `buf[s, e)` (terminator excluded); `base` is the stream offset of `buf[0]`. */
export type ChunkLineReader = (buf: Buffer, s: number, e: number, base: number) => ChunkLine | ParseErrorEvent;

export function parseChunkLine(buf: Buffer, s: number, e: number, base: number): ChunkLine | ParseErrorEvent {
  let i = s;
  let size = 0;
  while (i < e) {
    const h = HEX_VALUE[buf[i]!]!;
    if (h === NOT_HEX) break;
    if (i - s === MAX_CHUNK_SIZE_DIGITS) {
      return parseError('INVALID_CHUNK_SIZE', base + i, `more than ${MAX_CHUNK_SIZE_DIGITS} hex digits`);
    }
    size = size * 16 + h;
    i++;
  }
  if (i === s) return bad(buf, i, e, base, 'INVALID_CHUNK_SIZE', 'missing chunk size');
  const digitsEnd = i;
  // https://www.rfc-editor.org/rfc/rfc9112#section-7.1.1
  // chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )
  // chunk-ext-name = token; chunk-ext-val = token / quoted-string
  // BWS is allowed only around ";" and "=": whitespace at the end of the line is an error.
  // Extensions are validated and then ignored ("A recipient MUST ignore unrecognized chunk
  // extensions").
  for (;;) {
    let j = i;
    while (j < e && OWS[buf[j]!] === 1) j++;
    if (j === e) {
      if (j === i) break;
      return parseError(i === digitsEnd ? 'INVALID_CHUNK_SIZE' : 'INVALID_CHUNK_EXTENSION', base + i, 'whitespace at the end of the line');
    }
    if (buf[j] !== SEMICOLON) return bad(buf, j, e, base, i === digitsEnd ? 'INVALID_CHUNK_SIZE' : 'INVALID_CHUNK_EXTENSION');
    j++;
    while (j < e && OWS[buf[j]!] === 1) j++;
    const nameStart = j;
    while (j < e && TCHAR[buf[j]!] === 1) j++;
    if (j === nameStart) return bad(buf, j, e, base, 'INVALID_CHUNK_EXTENSION', 'missing extension name');
    i = j;
    while (j < e && OWS[buf[j]!] === 1) j++;
    if (j < e && buf[j] === EQUALS) {
      j++;
      while (j < e && OWS[buf[j]!] === 1) j++;
      const valueStart = j;
      if (j < e && buf[j] === DQUOTE) {
        j = skipQuoted(buf, j, e);
        if (j < 0) return bad(buf, -j - 1, e, base, 'INVALID_CHUNK_EXTENSION', 'unterminated quoted-string');
      } else {
        while (j < e && TCHAR[buf[j]!] === 1) j++;
        if (j === valueStart) return bad(buf, j, e, base, 'INVALID_CHUNK_EXTENSION', 'missing extension value');
      }
      i = j;
    }
  }
  return { size, extensionBytes: e - digitsEnd };
}

// https://www.rfc-editor.org/rfc/rfc9110#section-5.6.4
// quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE
/** Index after the closing quote, or -(index of the offending octet) - 1. */
function skipQuoted(buf: Buffer, i: number, e: number): number {
  i++;
  while (i < e) {
    const b = buf[i]!;
    if (b === DQUOTE) return i + 1;
    if (b === 0x5c) {
      if (i + 1 >= e || QUOTED_PAIR_CHAR[buf[i + 1]!] !== 1) return -(i + 1) - 1;
      i += 2;
    } else if (QDTEXT[b] === 1) i++;
    else return -i - 1;
  }
  return -e - 1;
}

function bad(
  buf: Buffer,
  i: number,
  e: number,
  base: number,
  code: 'INVALID_CHUNK_SIZE' | 'INVALID_CHUNK_EXTENSION',
  missing?: string,
): ParseErrorEvent {
  if (i < e && buf[i] === CR) return parseError('BARE_CR', base + i);
  if (i >= e) return parseError(code, base + i, missing ?? 'unexpected end of line');
  return parseError(code, base + i, `unexpected ${describeOctet(buf[i])}`);
}
