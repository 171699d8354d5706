// Response quirks (see quirks.ts) applied where the head is serialised: the date, repeated field
// lines, lengths on HEAD, 204 and error responses. Only called when some quirk is on.

import { currentHttpDate } from './http-date.ts';
import type { QuirkFlags } from './quirks.ts';
import { statusLine } from './status.ts';

const CONTENT_LENGTH_LINE = /^Content-Length:[^\r]*\r\n/im;

/** serializeHead (response.ts) with the date and field-line quirks. */
export function quirkyHead(status: number, fields: string, connectionLine: string, q: QuirkFlags): string {
  const date = q['no-date'] ? '' : `Date: ${q['date-local-format'] ? new Date().toString() : currentHttpDate()}\r\n`;
  let lines = fields;
  if (q['204-with-content-length'] && status === 204 && !CONTENT_LENGTH_LINE.test(lines)) lines += 'Content-Length: 0\r\n';
  // Every field line twice, as when a framework and the handler both set the same headers.
  const head = date + lines;
  let line = statusLine(q['bad-request-500'] && status === 400 ? 500 : status);
  if (q['status-line-http10']) line = `HTTP/1.0${line.slice(8)}`;
  return line + (q['duplicate-headers'] ? head + head : head) + connectionLine + '\r\n';
}

export const CHUNKED = 'Transfer-Encoding: chunked\r\n';
export const LAST_CHUNK = Buffer.from('0\r\n\r\n', 'latin1');

/** One chunk of a chunked body (chunked-responses); an empty buffer gives nothing. */
export function chunkOf(data: Buffer): Buffer {
  if (data.length === 0) return data;
  return Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`, 'latin1'), data, Buffer.from('\r\n', 'latin1')]);
}

/** HEAD: a Content-Length of 0 in place of the length a GET would get. */
export function zeroContentLength(fields: string): string {
  return fields.replace(CONTENT_LENGTH_LINE, 'Content-Length: 0\r\n');
}

export function withoutContentLength(fields: string): string {
  return fields.replace(CONTENT_LENGTH_LINE, '');
}

/** Whether a comma-separated field (Connection, Expect) of the request holds this token. */
export function hasToken(headers: ReadonlyArray<readonly [string, string]>, field: string, token: string): boolean {
  return headers.some(
    ([name, value]) =>
      name.toLowerCase() === field &&
      value
        .toLowerCase()
        .split(',')
        .some((t) => t.trim() === token),
  );
}
