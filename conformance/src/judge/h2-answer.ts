// A server that speaks HTTP/2 with prior knowledge (h2c, RFC 9113 §3.3) answers the HTTP/2
// connection preface with its own preface: a SETTINGS frame. That is no HTTP/1.1 response, so
// no alternative of a case can describe it, yet it is the right answer of such a server, not
// garbage. The judge asks this before calling the bytes unreadable.

import type { Case } from '../case/types.ts';
import type { ReadResult } from '../wire/types.ts';

export const H2_PREFACE = 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n';

const FRAME_HEADER = 9;
const SETTINGS = 0x4;

/** Whether the case opens with the HTTP/2 preface and the server answered with a SETTINGS frame. */
export function answersH2Preface(c: Case, read: ReadResult): boolean {
  const first = c.send.find((s) => s.kind === 'write');
  const text = first?.kind === 'write' ? first.parts.map((p) => (p.kind === 'text' ? p.text : p.text.repeat(p.times))).join('') : '';
  if (!text.startsWith(H2_PREFACE) || read.responses.length > 0) return false;
  return isSettingsFrame(read.unparsed);
}

/** RFC 9113 §4.1 and §6.5: 24-bit length (a multiple of 6), type 0x4, stream 0. */
export function isSettingsFrame(bytes: Buffer): boolean {
  if (bytes.length < FRAME_HEADER) return false;
  const length = bytes.readUIntBE(0, 3);
  const stream = bytes.readUInt32BE(5) & 0x7fffffff;
  return bytes[3] === SETTINGS && stream === 0 && length % 6 === 0;
}
