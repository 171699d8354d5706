// Responses as values, and their serialisation. Routes build an OutgoingResponse; the connection
// adds Date and Connection and writes it. Field lines are pre-joined strings so that the common
// response costs one string concatenation.

import { currentHttpDate } from './http-date.ts';
import { REASONS, statusLine } from './status.ts';

/** A byte range of a file on disk, streamed with backpressure (`end` inclusive). */
export type FileBody = { kind: 'file'; path: string; start: number; end: number };

export type OutgoingResponse = {
  status: number;
  /**
   * Field lines, each ending in CRLF, without Date and Connection. They carry Content-Length
   * (or Transfer-Encoding) themselves: a HEAD response keeps the GET fields and drops the body.
   */
  fields: string;
  body: Buffer | FileBody | null;
  /** Close after this response (e.g. an unread request body is left behind). */
  close?: boolean;
};

/** A response whose body (if any) is already in memory. */
export type BufferedResponse = OutgoingResponse & { body: Buffer | null };

export const CONNECTION_CLOSE = 'Connection: close\r\n';
export const CONNECTION_KEEP_ALIVE = 'Connection: keep-alive\r\n';

/** The whole head: status line, Date, the fields, the Connection line and the empty line. */
export function serializeHead(status: number, fields: string, connectionLine: string): string {
  return statusLine(status) + 'Date: ' + currentHttpDate() + '\r\n' + fields + connectionLine + '\r\n';
}

// RFC 9110 §5.5: field values never carry CR, LF or NUL. Values built from request data
// (Location) go through here so a hostile target cannot inject a field line.
export function fieldLine(name: string, value: string): string {
  return `${name}: ${value.replace(/[\r\n\0]/g, '')}\r\n`;
}

export const TEXT_PLAIN = 'text/plain; charset=utf-8';

/** A short text/plain response; error responses use it so that they are always self-delimited. */
export function textResponse(status: number, text: string, extraFields = ''): BufferedResponse {
  const body = Buffer.from(text, 'utf8');
  return {
    status,
    fields: `Content-Type: ${TEXT_PLAIN}\r\nContent-Length: ${body.length}\r\n${extraFields}`,
    body,
  };
}

/** An error response whose body names the status and, when given, the detail. */
export function errorResponse(status: number, detail?: string, extraFields = ''): BufferedResponse {
  const reason = REASONS[status] ?? 'Error';
  return textResponse(status, detail ? `${status} ${reason}: ${detail}\n` : `${status} ${reason}\n`, extraFields);
}

/** A response without content (204, or 200 to OPTIONS with `Content-Length: 0`). */
export function emptyResponse(status: number, extraFields = ''): BufferedResponse {
  // RFC 9110 §8.6: a 204 carries no Content-Length at all; other statuses state the 0.
  return { status, fields: status === 204 || status === 304 ? extraFields : `Content-Length: 0\r\n${extraFields}`, body: null };
}

export const INTERIM_100_CONTINUE = Buffer.from('HTTP/1.1 100 Continue\r\n\r\n', 'latin1');
