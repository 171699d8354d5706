// The sans-I/O contract between the request parser and the socket driver. Bytes go in with
// `feed()`; `nextEvent()` hands out events one at a time until it returns NEED_DATA. The parser
// never touches a socket, a timer or the file system.

import type { ParseErrorCode } from './errors.ts';
import type { TargetForm } from './request-target.ts';

export type HeaderField = readonly [name: string, value: string];

export type BodyFraming =
  | { kind: 'none' }
  | { kind: 'length'; length: number }
  | { kind: 'chunked' };

export type RequestHead = {
  method: string;
  /** The request-target exactly as sent. */
  target: string;
  /** Its form (RFC 9112 §3.2): origin, absolute (http or https), authority (CONNECT only) or asterisk (OPTIONS only). */
  targetForm: TargetForm;
  /** The authority of an absolute- or authority-form target, else null. */
  authority: string | null;
  version: { major: number; minor: number };
  /** Field lines in order; names as sent, values with OWS trimmed. */
  headers: HeaderField[];
  framing: BodyFraming;
  /** False when the connection must close after this exchange (HTTP/1.0 default, `close`, TE+CL...). */
  keepAlive: boolean;
  /** `Expect: 100-continue` on an HTTP/1.1 request that has a body. */
  expectContinue: boolean;
  /** Host field value (or the authority of an absolute-form target); '' when absent on HTTP/1.0. */
  host: string;
};

export type ParserEvent =
  | { type: 'request'; head: RequestHead }
  /** A slice of the decoded body. The Buffer may alias the fed bytes: copy it to keep it. */
  | { type: 'data'; chunk: Buffer }
  | { type: 'endOfMessage'; trailers: HeaderField[] }
  /** The peer half-closed between messages: a clean end. */
  | { type: 'connectionClosed' }
  /** The input is unrecoverable; the parser yields nothing after this. */
  | {
      type: 'error';
      code: ParseErrorCode;
      /** Offset in the connection's byte stream where the problem was found. */
      offset: number;
      reason: string;
      /** The status to answer with (400, 413, 414, 431, 501, 505). */
      status: number;
    };

export const NEED_DATA = { type: 'needData' } as const;
export type NeedData = typeof NEED_DATA;
