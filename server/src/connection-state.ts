// Where a connection is and when it must next be looked at: its stage (idle, head, body,
// respond, closing) and its deadlines, moved by events and a clock value passed in. No socket and
// no timer: connection.ts reports what happened (a read, a complete head, an answer finished,
// a full socket) with the time, and asks check(now) when the server's sweeper comes by; the
// rules of connection-rules.ts decide what a passed deadline means. Tested with plain numbers
// for every timeout (server/test/connection-state.test.ts).

import type { ConnectionRules, ExpiredAction, Stage } from './connection-rules.ts';
import type { Timeouts } from './timeouts.ts';

export class ConnectionState {
  readonly #rules: ConnectionRules;
  readonly #t: Timeouts;
  stage: Stage = 'idle';
  /** When the current stage has overstayed (Infinity: no bound, e.g. while answering). */
  deadline: number;
  /** When a client that leaves our writes unread is cut off (Infinity: nothing waits on it). */
  sendDeadline = Infinity;
  /** False while we hold the socket paused ourselves (a stalled body is then not the peer's fault). */
  reading = true;

  constructor(rules: ConnectionRules, timeouts: Timeouts, now: number) {
    this.#rules = rules;
    this.#t = timeouts;
    this.deadline = now + timeouts.idleMs;
  }

  /** Octets arrived from the peer. */
  read(octets: number, now: number): void {
    switch (this.stage) {
      case 'idle':
        // The header clock starts with the first octet of a request.
        this.stage = 'head';
        this.deadline = now + this.#t.headersMs;
        return;
      case 'head':
        this.deadline = this.#rules.headDeadlineAfterRead(this.deadline, now, this.#t);
        return;
      case 'body':
        this.deadline = this.#rules.bodyDeadlineAfterRead(this.deadline, octets, now, this.#t);
        return;
      default:
        return;
    }
  }

  /** Part of the next request arrived with the previous one: its header clock runs. */
  pipelinedHead(now: number): void {
    if (this.stage !== 'idle') return;
    this.stage = 'head';
    this.deadline = now + this.#t.headersMs;
  }

  /** A complete head: the body is read next, or the answer produced. */
  head(hasBody: boolean, now: number): void {
    if (hasBody) {
      this.stage = 'body';
      this.deadline = now + this.#t.bodyMs;
    } else {
      this.answering();
    }
  }

  /** The request is read (or no longer read): its answer is produced and written, unbounded. */
  answering(): void {
    this.stage = 'respond';
    this.deadline = Infinity;
  }

  /** The answer is out and the connection persists: idle until the next request. */
  idle(now: number): void {
    this.stage = 'idle';
    this.deadline = now + this.#t.idleMs;
  }

  /** Our FIN is queued: bounded by the send timeout while output waits, by the linger after. */
  closing(now: number, outputPending: boolean): void {
    this.stage = 'closing';
    this.deadline = now + (outputPending ? this.#t.sendMs : this.#t.lingerMs);
  }

  /** Cut (destroyed or closed by the peer): nothing is bounded any more. */
  closed(): void {
    this.stage = 'closing';
  }

  /** Everything we wrote has reached the kernel. */
  flushed(now: number): void {
    if (this.stage === 'closing') this.deadline = now + this.#t.lingerMs;
  }

  /** We pause or resume reading; a resumed body gets its full bound again. */
  setReading(reading: boolean, now: number): void {
    if (reading && !this.reading && this.stage === 'body') this.deadline = now + this.#t.bodyMs;
    this.reading = reading;
  }

  /** A write filled the socket: the client has sendMs to take it. */
  sendBlocked(now: number): void {
    if (this.sendDeadline === Infinity) this.sendDeadline = now + this.#t.sendMs;
  }

  /** The socket drained. */
  drained(): void {
    this.sendDeadline = Infinity;
  }

  /** What the time `now` calls for. */
  check(now: number, responseStarted: boolean): ExpiredAction {
    if (now >= this.sendDeadline) return 'destroy';
    if (now < this.deadline) return 'none';
    return this.#rules.expired(this.stage, this.reading, responseStarted);
  }
}
