// Whole responses as bytes, for bodies that many responses share (the static file cache): the
// head is serialised and joined with the body once per second (the Date changes) and per
// Connection line, and every response in between is one write of the same buffer. What comes
// out is exactly what serializeHead and the body would give; only the work is skipped.

import { currentHttpDate } from './http-date.ts';
import { serializeHead } from './response.ts';

type Serialized = { status: number; fields: string; connectionLine: string; date: string; bytes: Buffer };

// Bodies registered by their owner (static-files.ts) as immutable and shared; keyed weakly, so a
// body dropped from the file cache takes its serialised responses with it.
const shared = new WeakMap<Buffer, Serialized[]>();

// At most one serialisation per Connection line variant: none, close, keep-alive.
const MAX_VARIANTS = 3;

/** Marks a body as never modified and reused across responses. */
export function shareBody(body: Buffer): void {
  if (!shared.has(body)) shared.set(body, []);
}

/**
 * The response head and body as one buffer, or null when `body` is not a shared body. The
 * buffer is shared too: the caller must not modify it.
 */
export function serializedResponse(status: number, fields: string, body: Buffer, connectionLine: string): Buffer | null {
  const variants = shared.get(body);
  if (variants === undefined) return null;
  const date = currentHttpDate();
  for (let i = 0; i < variants.length; i++) {
    const v = variants[i]!;
    if (v.connectionLine !== connectionLine) continue;
    if (v.date === date && v.status === status && v.fields === fields) return v.bytes;
    variants.splice(i, 1);
    break;
  }
  const head = serializeHead(status, fields, connectionLine);
  const bytes = Buffer.allocUnsafe(head.length + body.length);
  bytes.write(head, 0, 'latin1');
  body.copy(bytes, head.length);
  if (variants.length >= MAX_VARIANTS) variants.shift();
  variants.push({ status, fields, connectionLine, date, bytes });
  return bytes;
}
