// Short, one-line renderings of received bytes and statuses for verdict messages.

import { escapeBytes } from '../wire/escape.ts';
import type { ReadResponse } from '../wire/types.ts';

const SHOWN_BYTES = 48;

/** Bytes (or a latin1 string) as a quoted escaped snippet: `"hello\r\n..."`. */
export function quote(bytes: Buffer | string): string {
  const buf = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes;
  const more = buf.length > SHOWN_BYTES ? '...' : '';
  return `"${escapeBytes(buf.subarray(0, SHOWN_BYTES))}${more}"`;
}

/** `404 Not Found`, or the raw status line when it held no code. */
export function statusText(r: ReadResponse): string {
  if (r.status === null) return `status line ${quote(r.statusLine)}`;
  return r.reason ? `${r.status} ${escapeBytes(Buffer.from(r.reason, 'latin1'))}` : String(r.status);
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
