// What the harness saw on the wire. The tolerant response reader produces `ReadResult`; the
// client records a `Transcript`. Neither ever throws for anything a server sends.

import type { WireBytes } from './lazy-bytes.ts';

/** How a response body was delimited, as the reader understood it. */
export const BODY_FRAMINGS = [
  'content-length',
  'chunked',
  'close', // read until the connection closed
  'none', // 1xx, 204, 304, or a response to HEAD
] as const;
export type BodyFraming = (typeof BODY_FRAMINGS)[number];

export type ResponseHead = {
  /** The status line as received, without its line ending. */
  statusLine: string;
  /** e.g. `HTTP/1.1`; whatever came before the first space. */
  version: string;
  /** null when the status line held no three-digit code. */
  status: number | null;
  reason: string;
  /** Field lines in order of arrival, names as sent (not lower-cased), values OWS-trimmed. */
  headers: Array<[name: string, value: string]>;
};

export type ReadResponse = ResponseHead & {
  /**
   * Decoded body (chunked framing removed), as raw bytes: all of it, or its first bytes when it
   * outgrew what the reader keeps (`bodyLength` is then larger; see `bodySha256`).
   */
  body: Buffer;
  /** Length of the whole decoded body; absent when `body` holds all of it. */
  bodyLength?: number;
  /** SHA-256 (hex) of the whole decoded body, when `body` holds only its first bytes. */
  bodySha256?: string;
  framing: BodyFraming;
  /** Trailer fields after a chunked body, names as sent, values OWS-trimmed (chunked only). */
  trailers?: Array<[name: string, value: string]>;
  /** False when the connection ended (or the case timed out) before the body was complete. */
  complete: boolean;
  /** Byte offsets of the response in the received stream: [start, end). */
  start: number;
  end: number;
  /** Protocol problems noticed while reading this response (bare LF, bad chunk size, ...). */
  findings: string[];
};

/** How the connection ended from the harness's point of view. */
export const CONNECTION_ENDS = [
  'open', // still open when the case stopped reading
  'closed', // FIN from the server
  'reset', // ECONNRESET / EPIPE
] as const;
export type ConnectionEnd = (typeof CONNECTION_ENDS)[number];

export type ReadResult = {
  /** Every response head that parsed, interim (1xx) ones included, in order. */
  responses: ReadResponse[];
  /** Bytes after the last parsed response that do not form a response (garbage, truncated head). */
  unparsed: Buffer;
  /** Stream-level problems (garbage instead of a status line, bytes cap reached, ...). */
  findings: string[];
};

/**
 * `bytes` of a write or read are the ones the transcript kept; `dropped` counts the bytes of that
 * event that were sent or received but not kept (a transcript keeps only a bounded prefix of
 * each direction, and past a bound on events, runs of writes or reads share one event).
 */
export type TranscriptEvent =
  | { kind: 'write'; atMs: number; bytes: Buffer; dropped?: number }
  | { kind: 'pause'; atMs: number; ms: number }
  | { kind: 'await-head'; atMs: number; maxMs: number; waitedMs: number; arrived: boolean }
  | { kind: 'close'; atMs: number; how: 'fin' | 'reset' }
  | { kind: 'read'; atMs: number; bytes: Buffer; dropped?: number }
  /** `cap`: the harness stopped reading; `why` says which bound (bytes, interim responses...). */
  | { kind: 'end'; atMs: number; how: ConnectionEnd | 'timeout' | 'cap'; why?: string }
  /** The connection could not be made or broke on our side (refused, write after reset...). */
  | { kind: 'error'; atMs: number; code: string; message: string };

export type Transcript = {
  events: TranscriptEvent[];
  /** The first bytes received, concatenated (a bounded prefix: see `receivedBytes`). */
  received: Buffer;
  /** Every byte received, counted; absent when `received` holds them all. */
  receivedBytes?: number;
  /** True when the harness stopped reading at one of its bounds (the `end` event says which). */
  truncated: boolean;
  end: ConnectionEnd;
  /** True when the case hit its time bound while the connection was still open. */
  timedOut: boolean;
};

/**
 * A send step with placeholders expanded and bytes fixed: what the client executes. A write's
 * bytes are made piece by piece as they go out (see lazy-bytes.ts); a Buffer will do too.
 */
export type WireStep =
  | { kind: 'write'; bytes: WireBytes }
  | { kind: 'pause'; ms: number }
  | { kind: 'await-head'; maxMs: number }
  | { kind: 'close'; how: 'fin' | 'reset' };

/**
 * Asked by the client after every read once all steps are sent: keep reading (`more`), stop
 * now (`done`), or keep reading a short grace period for stray bytes or a close (`linger`).
 */
export type SettleVerdict = 'more' | 'done' | 'linger';
export type Settle = (read: ReadResult, end: ConnectionEnd) => SettleVerdict;
