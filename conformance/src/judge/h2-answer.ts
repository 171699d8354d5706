// A server that speaks HTTP/2 with prior knowledge (h2c, RFC 9113 §3.3) answers the HTTP/2
// connection preface with its own preface: a SETTINGS frame. That is no HTTP/1.1 response, so
// no alternative of a case can describe it, yet it is the right answer of such a server, not
// garbage. The judge asks this before calling the bytes unreadable.

import type { Case, WritePart } from '../case/types.ts';
import type { ReadResult } from '../wire/types.ts';

export const H2_PREFACE = 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n';

const FRAME_HEADER = 9;
const SETTINGS = 0x4;

/** Whether the case opens with the HTTP/2 preface and the server answered with a SETTINGS frame. */
export function answersH2Preface(c: Case, read: ReadResult): boolean {
  if (read.responses.length > 0) return false;
  const first = c.send.find((s) => s.kind === 'write');
  if (first?.kind !== 'write' || !writeStart(first.parts, H2_PREFACE.length).startsWith(H2_PREFACE)) return false;
  return isSettingsFrame(read.unparsed);
}

/** The first `n` characters of a write (at most), without spelling out a long repeat. */
function writeStart(parts: readonly WritePart[], n: number): string {
  let text = '';
  for (const p of parts) {
    if (text.length >= n) break;
    text += p.kind === 'text' ? p.text : p.text.repeat(Math.min(p.times, Math.ceil((n - text.length) / Math.max(1, p.text.length))));
  }
  return text;
}

/** RFC 9113 §4.1 and §6.5: 24-bit length (a multiple of 6), type 0x4, stream 0. */
export function isSettingsFrame(bytes: Buffer): boolean {
  if (bytes.length < FRAME_HEADER) return false;
  const length = bytes.readUIntBE(0, 3);
  const stream = bytes.readUInt32BE(5) & 0x7fffffff;
  return bytes[3] === SETTINGS && stream === 0 && length % 6 === 0;
}
