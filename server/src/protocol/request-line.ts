// The request line, once its terminator has been found: method, request-target, HTTP-version.

import { latin1 } from './input-buffer.ts';
import { parseError, type ParseErrorEvent } from './parse-error.ts';
import { checkTarget, type TargetForm } from './request-target.ts';
import { CR, SP, TARGET_CHAR, TCHAR, describeOctet } from './tokens.ts';

export type RequestLine = {
  method: string;
  target: string;
  /** Always 1: other majors are refused with 505. */
  major: number;
  /** 0 or 1: HTTP/1.x with x > 1 is processed as HTTP/1.1 (RFC 9110 §2.5). */
  minor: number;
  form: TargetForm;
  authority: string | null;
};

const VT = 0x0b;
const FF = 0x0c;
const HTTP_SLASH = [0x48, 0x54, 0x54, 0x50, 0x2f]; // "HTTP/"

/**
 * Parses the request line held in `buf[s, e)` (terminator excluded); `base` is the stream offset
 * of `buf[0]`, used for error offsets.
 */
// https://www.rfc-editor.org/rfc/rfc9112#section-3
// request-line = method SP request-target SP HTTP-version, exactly one SP each.
export function parseRequestLine(
  buf: Buffer,
  s: number,
  e: number,
  base: number,
  splitOnWhitespace: boolean,
): RequestLine | ParseErrorEvent {
  if (splitOnWhitespace) return parseOnWhitespace(buf, s, e, base);
  // https://www.rfc-editor.org/rfc/rfc9112#section-3.1
  // method = token
  let i = s;
  while (i < e && TCHAR[buf[i]!] === 1) i++;
  if (i === e) return parseError('INVALID_REQUEST_LINE', base + e, 'no SP after the method');
  if (buf[i] !== SP) return badOctet(buf, i, base, 'INVALID_METHOD');
  if (i === s) return parseError('INVALID_REQUEST_LINE', base + s, 'the line starts with SP');
  const methodEnd = i;
  // https://www.rfc-editor.org/rfc/rfc9112#section-3.2
  // The target is visible ASCII without "#"; CTLs, SP, NUL and octets >= 0x80 end or break it.
  const ts = i + 1;
  let j = ts;
  while (j < e && TARGET_CHAR[buf[j]!] === 1) j++;
  if (j === ts) {
    if (j === e) return parseError('INVALID_REQUEST_LINE', base + j, 'missing request-target');
    if (buf[j] === SP) return parseError('INVALID_REQUEST_LINE', base + j, 'more than one SP after the method');
    return badOctet(buf, j, base, 'INVALID_TARGET');
  }
  // https://www.rfc-editor.org/rfc/rfc9112#section-2.3: a line without HTTP-version is an
  // HTTP/0.9 request, which this server does not speak.
  if (j === e) return parseError('INVALID_REQUEST_LINE', base + e, 'missing HTTP-version');
  if (buf[j] !== SP) return badOctet(buf, j, base, 'INVALID_TARGET');
  const vs = j + 1;
  if (vs < e && buf[vs] === SP) return parseError('INVALID_REQUEST_LINE', base + vs, 'more than one SP after the request-target');
  return finish(buf, s, methodEnd, ts, j, vs, e, base);
}

// https://www.rfc-editor.org/rfc/rfc9112#section-3
// "recipients MAY instead parse on whitespace-delimited word boundaries and, aside from the CRLF
// terminator, treat any form of whitespace as the SP separator while ignoring preceding or
// trailing whitespace; such whitespace includes one or more of the following octets: SP, HTAB,
// VT (%x0B), FF (%x0C), or bare CR." (Bare CR stays governed by the line-ending rules.)
function isWs(b: number | undefined): boolean {
  return b === SP || b === 0x09 || b === VT || b === FF;
}

function parseOnWhitespace(buf: Buffer, s: number, e: number, base: number): RequestLine | ParseErrorEvent {
  const cr = buf.indexOf(CR, s);
  if (cr !== -1 && cr < e) return parseError('BARE_CR', base + cr);
  const words: number[] = [];
  let i = s;
  while (i < e) {
    while (i < e && isWs(buf[i])) i++;
    if (i === e) break;
    const start = i;
    while (i < e && !isWs(buf[i])) i++;
    words.push(start, i);
  }
  if (words.length !== 6) {
    return parseError('INVALID_REQUEST_LINE', base + (words.length > 6 ? words[6]! : e), `expected 3 words, got ${words.length / 2}`);
  }
  const [ms, me, ts, te, vs, ve] = words as [number, number, number, number, number, number];
  for (let k = ms; k < me; k++) if (TCHAR[buf[k]!] !== 1) return badOctet(buf, k, base, 'INVALID_METHOD');
  for (let k = ts; k < te; k++) if (TARGET_CHAR[buf[k]!] !== 1) return badOctet(buf, k, base, 'INVALID_TARGET');
  return finish(buf, ms, me, ts, te, vs, ve, base);
}

function finish(
  buf: Buffer,
  ms: number,
  me: number,
  ts: number,
  te: number,
  vs: number,
  ve: number,
  base: number,
): RequestLine | ParseErrorEvent {
  // https://www.rfc-editor.org/rfc/rfc9112#section-2.3
  // HTTP-version = HTTP-name "/" DIGIT "." DIGIT; HTTP-name = %s"HTTP" (case-sensitive)
  for (let k = 0; k < 8; k++) {
    if (vs + k === ve) return parseError('INVALID_VERSION', base + ve, 'truncated HTTP-version');
    const b = buf[vs + k]!;
    const ok = k < 5 ? b === HTTP_SLASH[k] : k === 6 ? b === 0x2e : b >= 0x30 && b <= 0x39;
    if (!ok) return badOctet(buf, vs + k, base, 'INVALID_VERSION');
  }
  if (ve !== vs + 8) {
    if (buf[vs + 8] === SP) return parseError('INVALID_REQUEST_LINE', base + vs + 8, 'SP after the HTTP-version');
    return badOctet(buf, vs + 8, base, 'INVALID_VERSION');
  }
  const major = buf[vs + 5]! - 0x30;
  const minor = buf[vs + 7]! - 0x30;
  // https://www.rfc-editor.org/rfc/rfc9110#section-2.5
  // Only major version 1 is implemented (505, RFC 9110 §15.6.6); a higher minor version is
  // processed as the highest one implemented, 1.1.
  if (major !== 1) return parseError('UNSUPPORTED_VERSION', base + vs + 5, `HTTP/${major}.${minor}`);
  const line = latin1(buf, ms, te);
  const method = line.slice(0, me - ms);
  const target = line.slice(ts - ms);
  const check = checkTarget(method, target);
  if (!check.ok) return parseError('INVALID_TARGET', base + ts + check.at, check.detail);
  return { method, target, major: 1, minor: minor === 0 ? 0 : 1, form: check.form, authority: check.authority };
}

function badOctet(
  buf: Buffer,
  i: number,
  base: number,
  code: 'INVALID_METHOD' | 'INVALID_TARGET' | 'INVALID_VERSION',
): ParseErrorEvent {
  const b = buf[i];
  // https://www.rfc-editor.org/rfc/rfc9112#section-2.2: a bare CR is invalid anywhere.
  if (b === CR) return parseError('BARE_CR', base + i);
  return parseError(code, base + i, `unexpected ${describeOctet(b)}`);
}
