// The decisions of an HTTP/1.1 server connection, as pure functions of what happened and of the
// time now (h11 style): whether to persist and what the response says about it, when to invite a
// body with 100 Continue, when to answer before a body, what a parse error or an expired
// deadline leads to, and the deadlines themselves. No socket, no timer, no Date.now(): the
// driver (connection.ts) passes the clock in, so every rule is tested with plain numbers
// (server/test/connection-rules.test.ts).
//
// The rules are one object so that server/variants/ can build a variant that differs from this
// server in one decision only; the server itself always uses SERVER_RULES.

import type { ParseErrorCode } from './protocol/errors.ts';
import type { RequestHead } from './protocol/events.ts';
import { CONNECTION_CLOSE, CONNECTION_KEEP_ALIVE } from './response.ts';
import type { Timeouts } from './timeouts.ts';

/** Whether the connection stays open after a response, and the Connection line announcing it. */
export type Persistence = { readonly close: boolean; readonly line: string };

export const PERSIST: Persistence = { close: false, line: '' };
/** RFC 9112 §9.3: an HTTP/1.0 client only persists when told `keep-alive`. */
export const PERSIST_HTTP10: Persistence = { close: false, line: CONNECTION_KEEP_ALIVE };
/** RFC 9112 §9.6: a close is announced in the response it follows. */
export const CLOSE: Persistence = { close: true, line: CONNECTION_CLOSE };

/** Where a connection is when a deadline passes. */
export type Stage =
  /** Waiting for the first octet of a request. */
  | 'idle'
  /** Octets of a request arrived, its head is not complete. */
  | 'head'
  /** Reading a body; `reading` is false while we hold the socket paused ourselves. */
  | 'body'
  /** Producing or writing the answer. */
  | 'respond'
  /** Our FIN is sent or queued. */
  | 'closing';

export type ExpiredAction =
  | 'none'
  /** Close without a word (nothing was asked). */
  | 'close-quietly'
  /** RFC 9110 §15.5.9: 408, then close. */
  | 'answer-408-and-close'
  /** 408 and carry on reading new requests (variants only). */
  | 'answer-408-and-continue'
  /** Cut the connection (mid-response, or a peer that never closes). */
  | 'destroy';

export type ParseErrorAction =
  /** The error status with Connection: close, then close. */
  | 'answer-and-close'
  /** The error status without closing, then read on (variants only). */
  | 'answer-and-continue'
  /** Answer nothing and read nothing more (variants only). */
  | 'stall';

export type ConnectionRules = {
  /** RFC 9112 §9.3: persistence after answering `head`; `mustClose` when something already requires a close. */
  persistence(head: RequestHead, http10: boolean, mustClose: boolean): Persistence;
  /** RFC 9110 §10.1.1: send 100 Continue before reading the body of `head`. */
  invite100(head: RequestHead, http10: boolean, hasBody: boolean): boolean;
  /**
   * The answer does not need the body: answer at once and close rather than read it (an awaited
   * 100-continue body, or one larger than is worth reading to discard).
   */
  answerBeforeBody(head: RequestHead, discardBodyBytes: number): boolean;
  /** `code` is the parser's error code (protocol/errors.ts), `status` the status it calls for. */
  afterParseError(code: ParseErrorCode, status: number, peerEnded: boolean): ParseErrorAction;
  expired(stage: Stage, reading: boolean, responseStarted: boolean): ExpiredAction;
  /** The head deadline once a read arrives while the head is incomplete. */
  headDeadlineAfterRead(deadline: number, now: number, t: Timeouts): number;
  /** The body deadline once a read of `octets` arrives. */
  bodyDeadlineAfterRead(deadline: number, octets: number, now: number, t: Timeouts): number;
  /** The peer half-closed: finish what it asked for, or drop everything at once. */
  peerEnd: 'finish' | 'abort';
  /** After our last answer: FIN and read on for a while (linger), or close at once whatever is unread. */
  closeStyle: 'linger' | 'reset';
  /** Socket errors (ECONNRESET, EPIPE) end the connection, or (variants) reach the process. */
  socketErrors: 'contain' | 'crash';
  /** A pause before every answer, ms (0 in the server). */
  answerDelayMs: number;
};

export const SERVER_RULES: ConnectionRules = {
  persistence(head, http10, mustClose) {
    if (mustClose || !head.keepAlive) return CLOSE;
    return http10 ? PERSIST_HTTP10 : PERSIST;
  },

  invite100(head) {
    return head.expectContinue;
  },

  answerBeforeBody(head, discardBodyBytes) {
    // RFC 9110 §10.1.1: a client that waits for 100 Continue is answered at once when the final
    // status does not depend on the body; the body then stays unread.
    const framing = head.framing;
    return head.expectContinue || (framing.kind === 'length' && framing.length > discardBodyBytes);
  },

  afterParseError() {
    // RFC 9112 §9.3, §11.2: after a framing or syntax error the stream cannot be trusted.
    return 'answer-and-close';
  },

  expired(stage, reading, responseStarted) {
    switch (stage) {
      case 'idle':
        // Nothing was asked: no unsolicited 408.
        return 'close-quietly';
      case 'head':
        return 'answer-408-and-close';
      case 'body':
        // A pause we imposed (full socket) is bounded by the send deadline, not this one.
        if (!reading) return 'none';
        return responseStarted ? 'destroy' : 'answer-408-and-close';
      case 'respond':
        return 'none';
      case 'closing':
        return 'destroy';
    }
  },

  headDeadlineAfterRead(deadline) {
    // Slowloris: the head deadline runs from its first octet, whatever arrives after.
    return deadline;
  },

  bodyDeadlineAfterRead(deadline, octets, now, t) {
    // Each read buys time in proportion to its size, never past bodyMs from now: a trickle runs
    // out however often it reads.
    const cap = now + t.bodyMs;
    if (t.minBodyRate <= 0) return cap;
    return Math.min(cap, deadline + (octets * 1000) / t.minBodyRate);
  },

  peerEnd: 'finish',
  closeStyle: 'linger',
  socketErrors: 'contain',
  answerDelayMs: 0,
};
