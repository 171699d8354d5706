// Faulty parsers built from the strict one through its seams (protocol/request-parser.ts
// ParserSeams): the field lines of a head revised before they are interpreted, another
// chunk-size reader, or the bytes filtered before the parser sees them. Each is one mistake that
// real servers make; none of it is reachable from the server's own command line.

import type { HeaderField } from '../src/protocol/events.ts';
import type { ChunkLine } from '../src/protocol/chunk-line.ts';
import { checkHost } from '../src/protocol/host.ts';
import { parseError } from '../src/protocol/parse-error.ts';
import type { ParseErrorEvent } from '../src/protocol/parse-error.ts';
import type { FieldReviser } from '../src/protocol/message-head.ts';

const named = (field: HeaderField, lower: string): boolean => field[0].toLowerCase() === lower;
const tokens = (value: string): string[] => value.split(',').map((t) => t.trim().toLowerCase()).filter((t) => t !== '');

/** Host, Content-Length, Transfer-Encoding, Connection and Expect recognised in one spelling only. */
export const caseSensitiveNames: FieldReviser = (fields) => {
  const canonical = ['Host', 'Content-Length', 'Transfer-Encoding', 'Connection', 'Expect'];
  return fields.map((f) => {
    const known = canonical.find((c) => c.toLowerCase() === f[0].toLowerCase());
    // Any other spelling is, to this server, some other field.
    return known !== undefined && f[0] !== known ? ([`X-Unrecognised-${f[0]}`, f[1]] as const) : f;
  });
};

/** An HTTP/1.1 request without Host is served (as if Host were empty). */
export const missingHostServed: FieldReviser = (fields, minor) =>
  minor >= 1 && !fields.some((f) => named(f, 'host')) ? [...fields, ['Host', '']] : fields;

/** Several Host fields: the first one wins (each is still validated). */
export const firstHostWins: FieldReviser = (fields) => {
  let seen = false;
  return fields.filter((f) => {
    if (!named(f, 'host')) return true;
    const valid = checkHost(f[1], { requireHost: false, requirePort: false }) === -1;
    if (seen && valid) return false;
    seen = true;
    return true;
  });
};

/** Host values are not validated. */
export const anyHost: FieldReviser = (fields) =>
  fields.map((f) => (named(f, 'host') && checkHost(f[1], { requireHost: false, requirePort: false }) !== -1 ? (['Host', ''] as const) : f));

/** Content-Length read with parseInt(value, 10): a sign, trailing garbage and lists pass. */
export const parseIntContentLength: FieldReviser = (fields) =>
  fields.map((f) => {
    if (!named(f, 'content-length')) return f;
    const m = /^[\s\x0b\x0c]*\+?(\d+)/.exec(f[1]);
    return m === null ? f : ([f[0], String(Number(m[1]))] as const);
  });

/** `identity` is accepted in Transfer-Encoding and dropped. */
export const dropIdentityCoding: FieldReviser = (fields) =>
  fields.flatMap((f) => {
    if (!named(f, 'transfer-encoding')) return [f];
    const rest = tokens(f[1]).filter((t) => t !== 'identity');
    return rest.length === 0 ? [] : [[f[0], rest.join(', ')] as const];
  });

/** With Content-Length present, Transfer-Encoding is ignored (and the connection closed after). */
export const contentLengthOverTe: FieldReviser = (fields) => {
  if (!fields.some((f) => named(f, 'content-length')) || !fields.some((f) => named(f, 'transfer-encoding'))) return fields;
  return [...fields.filter((f) => !named(f, 'transfer-encoding')), ['Connection', 'close']];
};

/** A chunked request is taken to have no body: its chunks are read as the next request. */
export const ignoreChunked: FieldReviser = (fields, minor) => {
  if (minor < 1 || fields.some((f) => named(f, 'content-length'))) return fields;
  const te = fields.filter((f) => named(f, 'transfer-encoding'));
  if (te.length === 0 || tokens(te.map((f) => f[1]).join(',')).at(-1) !== 'chunked') return fields;
  return fields.filter((f) => !named(f, 'transfer-encoding'));
};

/** With both Transfer-Encoding and Content-Length, the chunks frame the body and the connection stays open. */
export const chunkedDespiteLength: FieldReviser = (fields) =>
  fields.some((f) => named(f, 'transfer-encoding')) ? fields.filter((f) => !named(f, 'content-length')) : fields;

const HEX = /^[0-9A-Fa-f]$/;

/**
 * Chunk sizes read like parseInt(line, 16): leading SP/HTAB, an optional "+" and "0x", then the
 * leading hex digits; whatever follows, extensions included, is ignored unchecked.
 */
export function parseIntChunkLine(buf: Buffer, s: number, e: number, base: number): ChunkLine | ParseErrorEvent {
  const text = buf.toString('latin1', s, e);
  let i = 0;
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (text[i] === '+') i++;
  if (text[i] === '0' && (text[i + 1] === 'x' || text[i + 1] === 'X') && HEX.test(text[i + 2] ?? '')) i += 2;
  const digits = i;
  while (i < text.length && HEX.test(text[i]!)) i++;
  if (i === digits) return parseError('INVALID_CHUNK_SIZE', base + s + i, 'no hex digits');
  if (i - digits > 15) return parseError('INVALID_CHUNK_SIZE', base + s + digits + 15, 'more than 15 hex digits');
  return { size: Number.parseInt(text.slice(digits, i), 16), extensionBytes: text.length - i };
}

/** A byte-stream filter, made fresh per connection (seams.ts inputFilter). */
export type InputFilter = () => (chunk: Buffer) => Buffer;

/** Each read handled as a C string: a NUL ends it, the rest of the read is dropped. */
export const nulTerminates: InputFilter = () => (chunk) => {
  const nul = chunk.indexOf(0);
  return nul < 0 ? chunk : chunk.subarray(0, nul);
};

/** A CR not followed by LF ends a line, as if it were CRLF. */
export const bareCrEndsLines: InputFilter = () => {
  let pendingCr = false;
  return (chunk) => {
    let start = 0;
    const parts: Buffer[] = [];
    if (pendingCr) {
      parts.push(Buffer.from(chunk[0] === 0x0a ? '\r' : '\r\n', 'latin1'));
      pendingCr = false;
    }
    for (let i = 0; i < chunk.length; i++) {
      if (chunk[i] !== 0x0d) continue;
      if (i + 1 === chunk.length) {
        parts.push(chunk.subarray(start, i));
        start = chunk.length;
        pendingCr = true;
        break;
      }
      if (chunk[i + 1] !== 0x0a) {
        parts.push(chunk.subarray(start, i + 1), Buffer.from('\n', 'latin1'));
        start = i + 1;
      }
    }
    parts.push(chunk.subarray(start));
    return Buffer.concat(parts);
  };
};

/** Whitespace between a field name and its colon is accepted and dropped. */
export const spaceBeforeColonDropped: InputFilter = () => (chunk) => {
  const text = chunk.toString('latin1');
  const fixed = text.replace(/(^|\n)([!#$%&'*+\-.^_`|~0-9A-Za-z]+)[ \t]+:/g, '$1$2:');
  return fixed === text ? chunk : Buffer.from(fixed, 'latin1');
};
