// From a parsed request line and header section to a RequestHead: Host, body framing, persistence
// and Expect. Field-line syntax is already checked; this is about what the fields mean.

import { parseContentLength } from './content-length.ts';
import type { BodyFraming, HeaderField, RequestHead } from './events.ts';
import type { FieldSection } from './field-section.ts';
import { checkHost } from './host.ts';
import type { LenientFlags } from './leniency.ts';
import type { ParserLimits } from './limits.ts';
import { listHas, listLength } from './list-tokens.ts';
import { parseError, type ParseErrorEvent } from './parse-error.ts';
import type { RequestLine } from './request-line.ts';
import { equalsIgnoreCase } from './tokens.ts';
import { parseTransferEncoding, type TransferCoding } from './transfer-encoding.ts';

/**
 * A seam for building deliberately faulty parsers outside production (server/variants/): the
 * field lines of each head, as parsed, may be replaced before their meaning (Host, framing,
 * persistence, Expect) is worked out. Null in the server: the fields are taken as sent.
 */
export type FieldReviser = (fields: HeaderField[], minorVersion: number) => HeaderField[];

export type HeadConfig = { limits: ParserLimits; lenient: LenientFlags; reviseFields: FieldReviser | null };

const HOST = 1;
const CONTENT_LENGTH = 2;
const TRANSFER_ENCODING = 3;
const CONNECTION = 4;
const EXPECT = 5;
const OTHER = 0;

/** Which of the fields this parser interprets `name` is; lengths first, so most names cost one comparison. */
// https://www.rfc-editor.org/rfc/rfc9110#section-5.1: field names are case-insensitive.
function classify(name: string): number {
  switch (name.length) {
    case 4:
      return equalsIgnoreCase(name, 'host') ? HOST : OTHER;
    case 6:
      return equalsIgnoreCase(name, 'expect') ? EXPECT : OTHER;
    case 10:
      return equalsIgnoreCase(name, 'connection') ? CONNECTION : OTHER;
    case 14:
      return equalsIgnoreCase(name, 'content-length') ? CONTENT_LENGTH : OTHER;
    case 17:
      return equalsIgnoreCase(name, 'transfer-encoding') ? TRANSFER_ENCODING : OTHER;
    default:
      return OTHER;
  }
}

/** Stream offset of field `i`'s value; a revised list (FieldReviser) points at the end of the section. */
function valueAt(section: FieldSection, revised: boolean, i: number): number {
  return revised ? section.endOffset : section.valueOffset(i);
}

export function resolveHead(line: RequestLine, section: FieldSection, cfg: HeadConfig): RequestHead | ParseErrorEvent {
  const revised = cfg.reviseFields !== null;
  const fields = cfg.reviseFields === null ? section.fields : cfg.reviseFields(section.fields, line.minor);
  const http11 = line.minor >= 1;

  let hostCount = 0;
  let hostValue = '';
  let contentLength = -1;
  let contentLengthOffset = -1;
  let teFields: number[] | null = null;
  let close = false;
  let keepAliveToken = false;
  let expectElements = 0;
  let expectContinue = false;

  for (let i = 0; i < fields.length; i++) {
    const [name, value] = fields[i] as HeaderField;
    const kind = classify(name);
    if (kind === OTHER) continue;
    const at = valueAt(section, revised, i);
    if (kind === HOST) {
      // https://www.rfc-editor.org/rfc/rfc9112#section-3.2
      // "A server MUST respond with a 400 (Bad Request) status code to any HTTP/1.1 request
      // message that lacks a Host header field and to any request message that contains more
      // than one Host header field line or a Host header field with an invalid field value."
      if (++hostCount === 2) return parseError('DUPLICATE_HOST', at);
      const bad = checkHost(value, { requireHost: false, requirePort: false });
      if (bad !== -1) return parseError('INVALID_HOST', at + bad, `unexpected ${describeChar(value, bad)}`);
      hostValue = value;
    } else if (kind === CONTENT_LENGTH) {
      const parsed = parseContentLength(value);
      if (!parsed.ok) return parseError(parsed.conflict ? 'CONFLICTING_CONTENT_LENGTH' : 'INVALID_CONTENT_LENGTH', at + parsed.at, parsed.detail);
      // https://www.rfc-editor.org/rfc/rfc9110#section-8.6: repeated identical values MAY be
      // accepted as one; differing ones are unrecoverable (RFC 9112 §6.3 item 5).
      if (contentLength === -1) {
        contentLength = parsed.length;
        contentLengthOffset = at;
      } else if (parsed.length !== contentLength) {
        return parseError('CONFLICTING_CONTENT_LENGTH', at, 'differing Content-Length fields');
      }
    } else if (kind === TRANSFER_ENCODING) {
      (teFields ??= []).push(i);
    } else if (kind === CONNECTION) {
      // https://www.rfc-editor.org/rfc/rfc9110#section-7.6.1
      // Connection = #connection-option; option names are case-insensitive.
      if (listHas(value, 'close')) close = true;
      if (listHas(value, 'keep-alive')) keepAliveToken = true;
    } else {
      // https://www.rfc-editor.org/rfc/rfc9110#section-10.1.1
      // Expect = #expectation; "100-continue" is case-insensitive and the only expectation defined.
      expectElements += listLength(value);
      if (listHas(value, '100-continue')) expectContinue = true;
    }
  }

  if (hostCount === 0 && http11) return parseError('MISSING_HOST', section.endOffset);

  let framing: BodyFraming =
    contentLength === -1 ? { kind: 'none' } : { kind: 'length', length: contentLength };
  let teWithCl = false;
  if (teFields !== null) {
    const te = resolveTransferEncoding(teFields, fields, section, revised, line, contentLengthOffset, cfg);
    if (typeof te !== 'string') return te;
    teWithCl = contentLength !== -1;
    framing = { kind: 'chunked' };
  }

  // https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14
  // 413 before reading a body the server would refuse anyway; the check also covers lengths past
  // Number.MAX_SAFE_INTEGER (Infinity), so nothing ever waits for 2^64 octets.
  if (framing.kind === 'length' && framing.length > cfg.limits.maxBodyBytes) {
    return parseError('BODY_TOO_LARGE', contentLengthOffset, `Content-Length above ${cfg.limits.maxBodyBytes}`);
  }

  // https://www.rfc-editor.org/rfc/rfc9112#section-9.3
  // HTTP/1.1 persists unless "close" is sent; HTTP/1.0 only with "keep-alive" (RFC 9112 §C.2.2).
  // https://www.rfc-editor.org/rfc/rfc9112#section-6.1
  // With both Transfer-Encoding and Content-Length the server "MUST close the connection after
  // responding to such a request", whatever framing a leniency picked.
  const keepAlive = !close && !teWithCl && (http11 || keepAliveToken);
  const hasBody = framing.kind === 'chunked' || (framing.kind === 'length' && framing.length > 0);

  return {
    method: line.method,
    target: line.target,
    targetForm: line.form,
    authority: line.authority,
    version: { major: 1, minor: line.minor },
    headers: fields,
    framing,
    keepAlive,
    // https://www.rfc-editor.org/rfc/rfc9110#section-10.1.1: 100-continue only means something
    // to an HTTP/1.1 server expecting content.
    expectContinue: http11 && hasBody && expectContinue && expectElements === 1,
    // https://www.rfc-editor.org/rfc/rfc9112#section-3.2.2: with an absolute-form target the
    // Host field is ignored in favour of the target's authority.
    host: line.authority ?? hostValue,
  };
}

/** What Transfer-Encoding decides: a chunked body, or an error. */
function resolveTransferEncoding(
  teFields: number[],
  fields: readonly HeaderField[],
  section: FieldSection,
  revised: boolean,
  line: RequestLine,
  contentLengthOffset: number,
  cfg: HeadConfig,
): 'chunked' | ParseErrorEvent {
  const lenient = cfg.lenient;
  const firstAt = valueAt(section, revised, teFields[0]!);
  // https://www.rfc-editor.org/rfc/rfc9112#section-6.1
  // "A server or client that receives an HTTP/1.0 message containing a Transfer-Encoding header
  // field MUST treat the message as if the framing is faulty, even if a Content-Length is
  // present, and close the connection after processing the message."
  if (line.minor === 0) return parseError('TRANSFER_ENCODING_HTTP10', firstAt);

  const codings: TransferCoding[] = [];
  const codingOffsets: number[] = [];
  for (const index of teFields) {
    const value = fields[index]![1];
    const at = valueAt(section, revised, index);
    const before = codings.length;
    const syntax = parseTransferEncoding(value, codings);
    if (syntax !== null) return parseError('INVALID_TRANSFER_ENCODING', at + syntax.at, syntax.detail);
    for (let k = before; k < codings.length; k++) codingOffsets.push(at + codings[k]!.at);
  }

  // https://www.rfc-editor.org/rfc/rfc9112#section-6.1
  // "A sender MUST NOT apply the chunked transfer coding more than once to a message body" and
  // chunked must be the final coding of a request (RFC 9112 §6.3 item 4: otherwise 400 + close).
  let chunkedAt = -1;
  for (let k = 0; k < codings.length; k++) {
    const coding = codings[k]!;
    if (coding.name !== 'chunked') continue;
    // https://www.rfc-editor.org/rfc/rfc9112#section-7.1: chunked defines no parameters.
    if (coding.hasParameters) return parseError('INVALID_TRANSFER_ENCODING', codingOffsets[k]!, 'chunked takes no parameters');
    if (chunkedAt !== -1) return parseError('DUPLICATE_CHUNKED', codingOffsets[k]!);
    chunkedAt = k;
  }
  if (chunkedAt !== -1 && chunkedAt !== codings.length - 1) {
    return parseError('CHUNKED_NOT_FINAL', codingOffsets[chunkedAt]!, `followed by "${codings[chunkedAt + 1]!.name}"`);
  }

  if (contentLengthOffset !== -1) {
    // https://www.rfc-editor.org/rfc/rfc9112#section-6.1
    // "A server MAY reject a request that contains both Content-Length and Transfer-Encoding or
    // process such a request in accordance with the Transfer-Encoding alone." Strict: reject.
    if (!lenient['te-with-content-length']) return parseError('CONTENT_LENGTH_WITH_TRANSFER_ENCODING', contentLengthOffset);
  }

  // https://www.rfc-editor.org/rfc/rfc9112#section-6.1
  // "A server that receives a request message with a transfer coding it does not understand
  // SHOULD respond with 501 (Not Implemented)." Only chunked is implemented.
  for (let k = 0; k < codings.length; k++) {
    if (codings[k]!.name !== 'chunked') return parseError('UNKNOWN_TRANSFER_CODING', codingOffsets[k]!, `"${codings[k]!.name}"`);
  }
  return 'chunked';
}

function describeChar(value: string, i: number): string {
  if (i >= value.length) return 'end of value';
  const c = value.charCodeAt(i);
  return c > 0x20 && c < 0x7f ? `'${value[i]}'` : `0x${c.toString(16).padStart(2, '0')}`;
}
