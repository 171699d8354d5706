// One request's life on a connection, as pure decisions (h11 style): what a complete head, a
// piece of its body and its end call for, whether the connection persists after the answer, and
// when a client that pipelines without reading is held back. No socket and no timer:
// connection.ts feeds the parser's events in and carries out the steps returned; every rule is
// tested with plain values (server/test/exchange.test.ts).

import type { ConnectionRules, ParseErrorAction } from './connection-rules.ts';
import type { ParseErrorCode } from './protocol/errors.ts';
import { EchoBody, echoTooLarge } from './echo.ts';
import type { RequestHead } from './protocol/events.ts';
import type { OutgoingResponse } from './response.ts';
import type { RoutePlan } from './routes.ts';

/** What the driver does next for this request. */
export type ExchangeStep =
  /** Read on (the body, or the next request). */
  | 'read'
  /** Write 100 Continue, then read the body. */
  | 'invite-and-read'
  /** Produce the answer now: the body is not needed (or no longer wanted); the connection closes after it. */
  | 'answer-now';

export type ExchangeLimits = {
  /** A body the answer does not need is read and thrown away up to this many octets. */
  discardBodyBytes: number;
  /** The most /echo collects. */
  echoMaxBytes: number;
};

export class Exchange {
  readonly head: RequestHead;
  plan: RoutePlan;
  /** The body being collected for /echo (null when the answer does not need it). */
  echo: EchoBody | null = null;
  /** HEAD: the same head as GET, never a body. */
  readonly omitBody: boolean;
  readonly http10: boolean;
  readonly hasBody: boolean;
  /** The response head is on the wire. */
  started = false;
  /** The connection closes once the answer is out. */
  closeAfter = false;
  /** Octets of an unneeded body read and thrown away so far. */
  #discarded = 0;
  readonly #rules: ConnectionRules;
  readonly #limits: ExchangeLimits;

  constructor(head: RequestHead, plan: RoutePlan, rules: ConnectionRules, limits: ExchangeLimits) {
    this.head = head;
    this.plan = plan;
    this.#rules = rules;
    this.#limits = limits;
    this.omitBody = head.method === 'HEAD';
    this.http10 = head.version.major === 1 && head.version.minor === 0;
    const framing = head.framing;
    this.hasBody = framing.kind === 'chunked' || (framing.kind === 'length' && framing.length > 0);
  }

  /** The step a complete head calls for. */
  opened(): ExchangeStep {
    const rules = this.#rules;
    if (this.plan.kind === 'echo') {
      // RFC 9110 §10.1.1: the echo needs the body, so invite it.
      this.echo = new EchoBody(this.#limits.echoMaxBytes);
      return rules.invite100(this.head, this.http10, this.hasBody) ? 'invite-and-read' : 'read';
    }
    if (!this.hasBody) return 'read';
    // The final status does not depend on the body: a client waiting for 100 Continue gets it
    // at once, as does one sending more than is worth reading to throw away; the body then
    // stays unread, so the connection has to close.
    if (rules.answerBeforeBody(this.head, this.#limits.discardBodyBytes)) {
      this.closeAfter = true;
      return 'answer-now';
    }
    return rules.invite100(this.head, this.http10, this.hasBody) ? 'invite-and-read' : 'read';
  }

  /** A piece of the body arrived. */
  body(chunk: Buffer): ExchangeStep {
    if (this.echo !== null) {
      if (this.echo.add(chunk)) return 'read';
      // Too large to echo: 413 now, the rest left unread.
      this.echo = null;
      this.plan = { kind: 'respond', response: echoTooLarge(this.#limits.echoMaxBytes) };
      return 'answer-now';
    }
    // RFC 9112 §9.3: a body we do not need is still read (or the connection closed), or its
    // bytes would be taken for the next request.
    this.#discarded += chunk.length;
    if (this.#discarded > this.#limits.discardBodyBytes && !this.started) {
      this.closeAfter = true;
      return 'answer-now';
    }
    return 'read';
  }

  /** The whole request is read: the plan to answer it with (the echo's answer is made now). */
  ended(echoAnswer: (body: EchoBody, head: RequestHead) => OutgoingResponse): RoutePlan {
    if (this.echo !== null) this.plan = { kind: 'respond', response: echoAnswer(this.echo, this.head) };
    return this.plan;
  }

  /**
   * The response head is about to be written: the Connection line it carries. `mustClose` when
   * the response itself or a server shutdown requires the close.
   */
  answerStarts(mustClose: boolean): string {
    if (mustClose) this.closeAfter = true;
    const persistence = this.#rules.persistence(this.head, this.http10, this.closeAfter);
    if (persistence.close) this.closeAfter = true;
    this.started = true;
    return persistence.line;
  }
}

/**
 * What a parse error leads to. Once the answer has started there is no clean way left to say
 * anything: the connection is cut. Otherwise the rules decide (RFC 9112 §9.3, §11.2: the server
 * answers and closes).
 */
export function parseErrorStep(ex: Exchange | null, rules: ConnectionRules, code: ParseErrorCode, status: number, peerEnded: boolean): ParseErrorAction | 'destroy' {
  if (ex !== null && ex.started) return 'destroy';
  return rules.afterParseError(code, status, peerEnded);
}

/**
 * A client that pipelines without reading the answers is held to `max` of them: past that, no
 * further request is taken until the answers written so far have reached the kernel.
 */
export class PipelineGate {
  readonly #max: number;
  /** Answers written since user space last held no output. */
  #unsent = 0;

  constructor(max: number) {
    this.#max = max;
  }

  answered(): void {
    this.#unsent++;
  }

  /**
   * Whether `max` answers went out since user space last held no output: then the next request
   * waits until the output is in the kernel (or, when it already is, sent() starts counting again).
   * Asked first so that the pending output is only looked at when it matters.
   */
  full(): boolean {
    return this.#unsent >= this.#max;
  }

  /** Everything written reached the kernel. */
  sent(): void {
    this.#unsent = 0;
  }
}
