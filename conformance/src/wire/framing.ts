// How a response body is delimited, decided from its head the way RFC 9112 §6.3 tells a client
// to. Where a server sends something a client cannot frame with confidence (differing or invalid
// Content-Length, a Transfer-Encoding that does not end in chunked), the rest of the stream is
// read as a close-delimited body: nothing after it could be trusted to start a response anyway.

import { escapeLatin1 } from './escape.ts';
import type { ResponseHead } from './types.ts';

const show = (text: string): string => escapeLatin1(text, 80);

export type Framing =
  | { kind: 'none' }
  | { kind: 'content-length'; length: number }
  | { kind: 'chunked' }
  | { kind: 'close' };

const values = (head: ResponseHead, lowerName: string): string[] =>
  head.headers.filter(([name]) => name.toLowerCase() === lowerName).map(([, value]) => value);

/**
 * @param answersHead the request this answers was HEAD
 * @param findings receives one line per framing problem
 */
export function decideFraming(head: ResponseHead, answersHead: boolean, findings: string[]): Framing {
  const te = values(head, 'transfer-encoding');
  const cl = values(head, 'content-length');
  const status = head.status;

  if (status !== null && (status < 200 || status === 204)) {
    // RFC 9112 §6.1: a server MUST NOT send Transfer-Encoding in a 1xx or 204 response;
    // RFC 9110 §8.6: nor Content-Length.
    if (te.length > 0) findings.push(`Transfer-Encoding in a ${status} response`);
    if (cl.length > 0) findings.push(`Content-Length in a ${status} response`);
    return { kind: 'none' };
  }
  // RFC 9112 §6.3 (1): HEAD responses and 304 never carry a body, whatever their fields say.
  if (status === 304 || answersHead) return { kind: 'none' };

  // RFC 9112 §6.3 (3, 4): Transfer-Encoding overrides Content-Length; chunked must come last.
  if (te.length > 0) {
    if (cl.length > 0) findings.push('both Transfer-Encoding and Content-Length (RFC 9112 §6.1 forbids it)');
    const codings = te
      .flatMap((v) => v.split(','))
      .map((c) => c.trim().toLowerCase())
      .filter((c) => c !== '');
    const chunked = codings.filter((c) => c === 'chunked').length;
    if (codings[codings.length - 1] === 'chunked') {
      if (chunked > 1) findings.push('chunked applied more than once');
      return { kind: 'chunked' };
    }
    const codingList = show(te.join(', '));
    findings.push(`Transfer-Encoding "${codingList}" does not end in chunked: body delimited by close`);
    return { kind: 'close' };
  }

  // RFC 9112 §6.3 (5); RFC 9110 §8.6: Content-Length = 1*DIGIT; a list of identical values may
  // be accepted, differing ones make the framing undecidable.
  if (cl.length > 0) {
    if (cl.length > 1) findings.push(`Content-Length sent ${cl.length} times`);
    const items = cl.flatMap((v) => v.split(',')).map((v) => v.trim());
    if (cl.some((v) => v.includes(','))) findings.push(`Content-Length as a list: "${show(cl.join(', '))}"`);
    const bad = items.find((v) => !/^\d+$/.test(v));
    if (bad !== undefined) {
      findings.push(`invalid Content-Length "${show(bad)}": body delimited by close`);
      return { kind: 'close' };
    }
    const lengths = items.map((v) => Number(v));
    const huge = items.find((_, i) => !Number.isSafeInteger(lengths[i]));
    if (huge !== undefined) {
      findings.push(`Content-Length "${show(huge)}" overflows: body delimited by close`);
      return { kind: 'close' };
    }
    const distinct = [...new Set(lengths)];
    if (distinct.length > 1) {
      const list = distinct.join(', ');
      findings.push(`differing Content-Length values (${list}): framing undecidable, body delimited by close`);
      return { kind: 'close' };
    }
    return { kind: 'content-length', length: distinct[0]! };
  }

  // RFC 9112 §6.3 (8): no length at all: the body runs until the server closes.
  return { kind: 'close' };
}
