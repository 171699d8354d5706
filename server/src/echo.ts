// POST /echo: the response body is exactly the decoded request body. Bodies up to a bound are
// buffered so that the answer carries a Content-Length, and so that a framing error found late in
// the body can still be answered with a clean 400. Beyond the bound the body is streamed: with
// the request's Content-Length when it had one, else chunked (or close-delimited for HTTP/1.0,
// which cannot receive chunked: RFC 9112 §6.1).

import type { BodyFraming } from './protocol/events.ts';

/** What the echo writes through; the connection owns the socket, Date and Connection. */
export type ResponseSink = {
  /** Writes the status line and fields; `close` forces `Connection: close`. */
  head(status: number, fields: string, close: boolean, body: Buffer | null): void;
  body(chunk: Buffer): void;
};

const OCTETS = 'Content-Type: application/octet-stream\r\n';
const LAST_CHUNK = Buffer.from('0\r\n\r\n', 'latin1');
const CRLF = Buffer.from('\r\n', 'latin1');

export class Echo {
  readonly #framing: BodyFraming;
  readonly #http10: boolean;
  readonly #bufferLimit: number;
  #buffered: Buffer[] = [];
  #bufferedBytes = 0;
  #mode: 'buffering' | 'length' | 'chunked' | 'until-close' = 'buffering';

  constructor(framing: BodyFraming, http10: boolean, bufferLimit: number) {
    this.#framing = framing;
    this.#http10 = http10;
    this.#bufferLimit = bufferLimit;
  }

  /** True once the response head is on the wire: a later error can no longer become a 400. */
  get started(): boolean {
    return this.#mode !== 'buffering';
  }

  onData(chunk: Buffer, sink: ResponseSink): void {
    if (chunk.length === 0) return;
    // Data events may alias parser memory; what we keep or queue on the socket must be a copy.
    const copy = Buffer.from(chunk);
    if (this.#mode === 'buffering') {
      this.#buffered.push(copy);
      this.#bufferedBytes += copy.length;
      if (this.#bufferedBytes > this.#bufferLimit) this.#startStreaming(sink);
      return;
    }
    this.#send(copy, sink);
  }

  onEnd(sink: ResponseSink): void {
    if (this.#mode === 'buffering') {
      const body = Buffer.concat(this.#buffered, this.#bufferedBytes);
      this.#buffered = [];
      sink.head(200, `${OCTETS}Content-Length: ${body.length}\r\n`, false, body);
      return;
    }
    if (this.#mode === 'chunked') sink.body(LAST_CHUNK);
  }

  /** Whether the connection must close after this response (close-delimited body). */
  get closeDelimited(): boolean {
    return this.#mode === 'until-close';
  }

  #startStreaming(sink: ResponseSink): void {
    if (this.#framing.kind === 'length') {
      this.#mode = 'length';
      sink.head(200, `${OCTETS}Content-Length: ${this.#framing.length}\r\n`, false, null);
    } else if (!this.#http10) {
      this.#mode = 'chunked';
      sink.head(200, `${OCTETS}Transfer-Encoding: chunked\r\n`, false, null);
    } else {
      this.#mode = 'until-close';
      sink.head(200, OCTETS, true, null);
    }
    const pending = this.#buffered;
    this.#buffered = [];
    for (const part of pending) this.#send(part, sink);
  }

  #send(data: Buffer, sink: ResponseSink): void {
    if (this.#mode === 'chunked') {
      sink.body(Buffer.from(`${data.length.toString(16)}\r\n`, 'latin1'));
      sink.body(data);
      sink.body(CRLF);
    } else {
      sink.body(data);
    }
  }
}
