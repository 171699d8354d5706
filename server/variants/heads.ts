// Response head writers (seams.ts HeadWriter) that each get one thing wrong, and the body
// encoding of a server that chunks everything. The server's own writer is serializeHead.

import { currentHttpDate } from '../src/http-date.ts';
import { serializeHead } from '../src/response.ts';
import type { HeadWriter } from '../src/seams.ts';
import { statusLine } from '../src/status.ts';

const CONTENT_LENGTH_LINE = /^Content-Length:[^\r]*\r\n/im;
const CONNECTION_CLOSE_LINE = /^Connection: close\r\n/im;

export function withoutContentLength(fields: string): string {
  return fields.replace(CONTENT_LENGTH_LINE, '');
}

/** The server's head with the field lines (Date included) changed by `edit`. */
function editedHead(edit: (dateAndFields: string, status: number) => string, statusOf: (status: number) => string = statusLine): HeadWriter {
  return (status, fields, connectionLine) => statusOf(status) + edit(`Date: ${currentHttpDate()}\r\n${fields}`, status) + connectionLine + '\r\n';
}

export const noDate: HeadWriter = editedHead((lines) => lines.replace(/^Date:[^\r]*\r\n/, ''));

export const localDate: HeadWriter = editedHead((lines) => lines.replace(/^Date:[^\r]*\r\n/, `Date: ${new Date().toString()}\r\n`));

/** Every field line twice, as when a framework and the handler both set them. */
export const duplicateFields: HeadWriter = editedHead((lines) => lines + lines);

export const statusLineHttp10: HeadWriter = editedHead((lines) => lines, (status) => `HTTP/1.0${statusLine(status).slice(8)}`);

export const badRequestIs500: HeadWriter = editedHead((lines) => lines, (status) => statusLine(status === 400 ? 500 : status));

export const noContentWithLength: HeadWriter = (status, fields, connectionLine) =>
  serializeHead(status, status === 204 && !CONTENT_LENGTH_LINE.test(fields) ? `${fields}Content-Length: 0\r\n` : fields, connectionLine);

export const errorsWithoutLength: HeadWriter = (status, fields, connectionLine) =>
  serializeHead(status, status >= 400 ? withoutContentLength(fields) : fields, connectionLine);

export const headLengthZero: HeadWriter = (status, fields, connectionLine, request) =>
  serializeHead(status, request?.method === 'HEAD' ? fields.replace(CONTENT_LENGTH_LINE, 'Content-Length: 0\r\n') : fields, connectionLine);

/** No Content-Length: the body ends where the connection closes (the persistence rule closes it). */
export const closeDelimited: HeadWriter = (status, fields) => serializeHead(status, withoutContentLength(fields), 'Connection: close\r\n');

/** Connection: close is never written, though the connection closes. */
export const closeUnannounced: HeadWriter = (status, fields, connectionLine) =>
  serializeHead(status, fields, connectionLine.replace(CONNECTION_CLOSE_LINE, ''));

/** Every body chunked, to HTTP/1.0 too, its Content-Length line left in. */
export const chunkedEverything: HeadWriter = (status, fields, connectionLine, _request, hasBody) =>
  serializeHead(status, hasBody && status !== 204 && status !== 304 ? `${fields}Transfer-Encoding: chunked\r\n` : fields, connectionLine);

export function chunkedBody(body: Buffer): Buffer {
  if (body.length === 0) return Buffer.from('0\r\n\r\n', 'latin1');
  return Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`, 'latin1'), body, Buffer.from('\r\n0\r\n\r\n', 'latin1')]);
}
