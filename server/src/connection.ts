// The per-socket driver: bytes in to the parser, events out to the router, responses back in
// request order. Requests are handled one at a time in the order they were parsed; while an
// answer is pending (a file lookup, a streamed file, a full socket) the parser is not drained and
// the socket is paused, so the pipelined requests queued behind it stay bounded by what the
// kernel and one read hold. The responses to one read are gathered and written as one buffer, so
// a burst of pipelined requests goes back in one write. A client that pipelines without reading
// the answers is held to `maxPipelined` of them: past that, no further request is taken (and the
// socket is not read) until the kernel has accepted the answers already written.
//
// What to do is decided without a socket, from the events and the clock, and tested so:
// connection-rules.ts (persistence, 100 Continue, answering before a body, what a parse error or
// a passed deadline leads to, the deadlines), connection-state.ts (the stage and its deadline) and
// exchange.ts (one request's steps: invite, collect or discard its body, answer early, persist or
// close; the pipelining hold). This file carries those decisions out on a socket; file bodies
// stream through file-sender.ts.

import fs from 'node:fs';
import type { Socket } from 'node:net';

import type { ExpiredAction } from './connection-rules.ts';
import { ConnectionState } from './connection-state.ts';
import { Exchange, PipelineGate, parseErrorStep, type ExchangeLimits, type ExchangeStep } from './exchange.ts';
import { FileSender } from './file-sender.ts';
import { ResponseWriter } from './response-writer.ts';
import type { ParserEvent, RequestHead } from './protocol/events.ts';
import type { ParserOptionsInput } from './protocol/request-parser.ts';
import { CONNECTION_CLOSE, INTERIM_100_CONTINUE, errorResponse } from './response.ts';
import type { BufferedResponse, FileBody, OutgoingResponse } from './response.ts';
import type { RequestReader, Seams } from './seams.ts';
import type { RouteContext } from './routes.ts';
import type { Timeouts } from './timeouts.ts';

export type ConnectionConfig = {
  routes: RouteContext;
  parser: ParserOptionsInput;
  timeouts: Timeouts;
  /**
   * A request body the answer does not need is read and thrown away up to this many octets;
   * beyond that the answer goes out at once and the connection closes.
   */
  discardBodyBytes: number;
  /** Answers that may wait in user space for a client that is not reading them. */
  maxPipelined: number;
  /** The parts this connection is built from (seams.ts): SERVER_SEAMS but in server/variants/. */
  seams: Seams;
  onClose: (connection: Connection) => void;
};

// A zero-length write completes once everything written before it has gone to the kernel.
const EMPTY = Buffer.alloc(0);

export class Connection {
  readonly #socket: Socket;
  readonly #config: ConnectionConfig;
  readonly #seams: Seams;
  readonly #filter: ((chunk: Buffer) => Buffer) | null;
  #reader: RequestReader;
  /** Only for the first read (seams.ts greet). */
  #greet: ((first: Buffer) => Buffer | null) | null;
  #peerEnded = false;
  /** Stage and deadlines (connection-state.ts), moved by what happens here. */
  readonly #state: ConnectionState;
  #exchange: Exchange | null = null;
  /** An asynchronous step (lookup, file stream) holds the pipeline. */
  #waiting = false;
  #pumping = false;
  /** Holds a client that pipelines without reading (see maxPipelined). */
  readonly #gate: PipelineGate;
  /** No request is taken until the answers written so far reach the kernel. */
  #held = false;
  #shuttingDown = false;
  #closed = false;
  #sender: FileSender | null = null;
  /** Responses into bytes, gathered while a read is drained (response-writer.ts). */
  readonly #writer: ResponseWriter;
  readonly #limits: ExchangeLimits;

  constructor(socket: Socket, config: ConnectionConfig) {
    this.#socket = socket;
    this.#config = config;
    const seams = config.seams;
    this.#seams = seams;
    this.#filter = seams.inputFilter === null ? null : seams.inputFilter();
    this.#reader = seams.newReader(config.parser);
    this.#greet = seams.greet;
    this.#state = new ConnectionState(seams.rules, config.timeouts, Date.now());
    this.#writer = new ResponseWriter(socket, seams, () => this.#state.sendBlocked(Date.now()));
    this.#gate = new PipelineGate(config.maxPipelined);
    this.#limits = { discardBodyBytes: config.discardBodyBytes, echoMaxBytes: config.routes.echoMaxBytes };
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('end', () => this.#onPeerEnd());
    socket.on('drain', () => this.#onDrain());
    socket.on('finish', () => {
      this.#state.flushed(Date.now());
    });
    // ECONNRESET, EPIPE and friends: the peer is gone, which is never our crash. (Without a
    // listener, the error event is thrown and ends the process: a variant's choice.)
    if (seams.rules.socketErrors === 'contain') socket.on('error', () => this.#destroy());
    socket.on('close', () => this.#onClose());
  }

  /** Called by the server's sweeper; closes whatever overstayed its stage. */
  checkTimeouts(now: number): void {
    if (this.#closed) return;
    const action: ExpiredAction = this.#state.check(now, this.#exchange?.started ?? false);
    switch (action) {
      case 'none':
        return;
      case 'close-quietly':
        this.#closeGracefully();
        return;
      case 'answer-408-and-close':
        this.#failAndClose(errorResponse(408, this.#state.stage === 'body' ? 'request body not received in time' : 'header section not received in time'));
        return;
      case 'answer-408-and-continue':
        this.#answerAndContinue(errorResponse(408, 'request not received in time'), false);
        return;
      case 'destroy':
        this.#destroy();
        return;
    }
  }

  /** Server shutdown: idle connections close now, busy ones after their current response. */
  shutdown(): void {
    this.#shuttingDown = true;
    if (this.#state.stage === 'idle' && this.#exchange === null) this.#closeGracefully();
  }

  destroy(): void {
    this.#destroy();
  }

  /** Octets of answers written but not yet taken by the kernel. */
  get queuedOutputBytes(): number {
    return this.#writer.gatheredBytes + this.#socket.writableLength;
  }

  #onData(chunk: Buffer): void {
    const state = this.#state;
    if (state.stage === 'closing') return;
    if (state.stage === 'idle') {
      if (this.#greet !== null) {
        const greeting = this.#greet(chunk);
        this.#greet = null;
        if (greeting !== null) {
          // Another protocol from here on: answer its greeting, read nothing more as HTTP/1.1.
          this.#writer.write(greeting);
          state.answering();
          this.#waiting = true;
          this.#updateReading();
          return;
        }
      }
    }
    state.read(chunk.length, Date.now());
    this.#reader.feed(this.#filter === null ? chunk : this.#filter(chunk));
    this.#pump();
  }

  #onPeerEnd(): void {
    // Once both FINs are out, the socket closes itself (autoDestroy).
    if (this.#state.stage === 'closing') return;
    this.#peerEnded = true;
    if (this.#seams.rules.peerEnd === 'abort') {
      this.#destroy();
      return;
    }
    this.#reader.feedEof();
    this.#pump();
  }

  #onDrain(): void {
    this.#state.drained();
    this.#sender?.resume();
    this.#pump();
  }

  #onClose(): void {
    this.#closed = true;
    this.#state.closed();
    this.#sender?.destroy();
    this.#sender = null;
    this.#config.onClose(this);
  }

  #destroy(): void {
    this.#state.closed();
    if (!this.#socket.destroyed) this.#socket.destroy();
  }

  /** Drains reader events until it needs data or something holds the pipeline. */
  #pump(): void {
    if (this.#pumping || this.#closed) return;
    this.#pumping = true;
    this.#writer.gathering = true;
    const socket = this.#socket;
    try {
      // An error event repeats forever: handling it must leave 'closing' (or destroy the socket).
      while (this.#state.stage !== 'closing' && !this.#waiting && !this.#held && !socket.writableNeedDrain && !socket.destroyed) {
        if (this.#exchange === null && this.#gate.full()) {
          if (this.#writer.gatheredBytes > 0 || socket.writableLength > 0) {
            this.#holdUntilSent();
            break;
          }
          this.#gate.sent();
        }
        const event = this.#reader.nextEvent();
        if (event.type === 'needData') {
          // Part of a pipelined request arrived with the previous one: its header clock runs.
          if (this.#state.stage === 'idle' && !this.#reader.betweenMessages) this.#state.pipelinedHead(Date.now());
          break;
        }
        this.#handle(event);
      }
    } catch (err) {
      this.#internalError(err);
    } finally {
      this.#pumping = false;
      this.#writer.gathering = false;
      this.#writer.flush();
    }
    this.#updateReading();
  }

  #holdUntilSent(): void {
    this.#held = true;
    this.#writer.flush();
    this.#socket.write(EMPTY, () => {
      this.#held = false;
      this.#gate.sent();
      this.#pump();
    });
  }

  #updateReading(): void {
    if (this.#closed) return;
    const socket = this.#socket;
    // While closing we read on purpose: unread input at close time would turn our FIN into an
    // RST and could destroy the response before the client reads it.
    const state = this.#state;
    const want = state.stage === 'closing' || (!this.#waiting && !this.#held && !socket.writableNeedDrain);
    if (want && !state.reading) {
      state.setReading(true, Date.now());
      socket.resume();
    } else if (!want && state.reading) {
      state.setReading(false, Date.now());
      socket.pause();
    }
  }

  #handle(event: ParserEvent): void {
    switch (event.type) {
      case 'request':
        this.#onRequest(event.head);
        return;
      case 'data':
        this.#onBodyData(event.chunk);
        return;
      case 'endOfMessage':
        this.#onEndOfMessage();
        return;
      case 'connectionClosed':
        this.#closeGracefully();
        return;
      case 'error': {
        const ex = this.#exchange;
        const omitBody = ex?.omitBody ?? false;
        switch (parseErrorStep(ex, this.#seams.rules, event.code, event.status, this.#peerEnded)) {
          case 'destroy':
            this.#destroy();
            return;
          case 'answer-and-close':
            this.#failAndClose(errorResponse(event.status, event.reason), omitBody);
            return;
          case 'answer-and-continue':
            this.#answerAndContinue(errorResponse(event.status, event.reason), omitBody);
            return;
          case 'stall':
            // Nothing is answered and nothing more is read, until the peer or a bound gives up.
            this.#exchange = null;
            this.#state.answering();
            this.#waiting = true;
            return;
        }
      }
    }
  }

  #onRequest(head: RequestHead): void {
    const ex = new Exchange(head, this.#seams.route(head, this.#config.routes), this.#seams.rules, this.#limits);
    this.#exchange = ex;
    this.#state.head(ex.hasBody, Date.now());
    this.#step(ex, ex.opened());
  }

  #onBodyData(chunk: Buffer): void {
    const ex = this.#exchange;
    if (ex !== null) this.#step(ex, ex.body(chunk));
  }

  #step(ex: Exchange, step: ExchangeStep): void {
    if (step === 'invite-and-read') this.#writer.write(INTERIM_100_CONTINUE);
    else if (step === 'answer-now') this.#respond(ex);
  }

  #onEndOfMessage(): void {
    const ex = this.#exchange;
    if (ex === null) return;
    this.#state.answering();
    ex.ended(this.#seams.echoAnswer);
    this.#respond(ex);
  }

  #respond(ex: Exchange): void {
    if (ex.plan.kind !== 'respond') return;
    let response = ex.plan.response;
    const delay = this.#seams.rules.answerDelayMs;
    if (delay > 0) {
      const ready = response;
      response = new Promise((resolve) => setTimeout(() => resolve(ready), delay));
    }
    if (!(response instanceof Promise)) {
      this.#send(ex, response);
      return;
    }
    this.#waiting = true;
    response.then(
      (res) => {
        this.#waiting = false;
        if (this.#closed) return;
        this.#send(ex, res);
        this.#pump();
      },
      (err: unknown) => {
        this.#waiting = false;
        if (this.#closed) return;
        this.#internalError(err);
        this.#updateReading();
      },
    );
  }

  #send(ex: Exchange, res: OutgoingResponse): void {
    if (res.close) ex.closeAfter = true;
    const body = ex.omitBody ? null : res.body;
    if (body !== null && !Buffer.isBuffer(body)) {
      this.#sendFile(ex, res, body);
      return;
    }
    this.#writeExchangeHead(ex, res.status, res.fields, body);
    this.#finish(ex);
  }

  #sendFile(ex: Exchange, res: OutgoingResponse, file: FileBody): void {
    this.#waiting = true;
    fs.open(file.path, 'r', (openErr, fd) => {
      if (this.#closed) {
        if (!openErr) fs.close(fd, () => {});
        return;
      }
      if (openErr) {
        // The file went away between lookup and open: still a clean answer.
        this.#waiting = false;
        const e = errorResponse(openErr.code === 'EACCES' ? 403 : 404);
        this.#writeExchangeHead(ex, e.status, e.fields, e.body);
        this.#finish(ex);
        this.#pump();
        return;
      }
      this.#writeExchangeHead(ex, res.status, res.fields, null, true);
      this.#sendFileBody(ex, fd, file);
    });
  }

  /** The body of a file response, through a few reused buffers (file-sender.ts). */
  #sendFileBody(ex: Exchange, fd: number, file: FileBody): void {
    const sender = new FileSender(this.#socket, fd, file.start, file.end, {
      full: () => {
        this.#state.sendBlocked(Date.now());
      },
      done: (result) => {
        this.#sender = null;
        // The file shrank under us: the promised Content-Length cannot be met.
        if (!result.ok) {
          this.#destroy();
          return;
        }
        this.#waiting = false;
        this.#finish(ex);
        this.#pump();
      },
    });
    this.#sender = sender;
    sender.resume();
  }

  #finish(ex: Exchange): void {
    if (this.#exchange === ex) this.#exchange = null;
    if (ex.closeAfter || this.#shuttingDown) {
      this.#closeGracefully();
      return;
    }
    this.#state.idle(Date.now());
  }

  /** `streamed`: the body (a file) follows in separate writes. */
  #writeExchangeHead(ex: Exchange, status: number, fields: string, body: Buffer | null, streamed = false): void {
    const line = ex.answerStarts(this.#shuttingDown);
    this.#gate.answered();
    const sent = ex.omitBody ? null : body;
    this.#writer.response(status, fields, sent, line, ex.head, streamed || (sent !== null && sent.length > 0));
  }

  /** An error response with `Connection: close`, then a graceful close. */
  #failAndClose(res: BufferedResponse, omitBody = false): void {
    if (this.#state.stage === 'closing') return;
    this.#exchange = null;
    const body = omitBody ? null : res.body;
    this.#writer.response(res.status, res.fields, body, CONNECTION_CLOSE, null, body !== null && body.length > 0);
    this.#closeGracefully();
  }

  /** An error response without closing; reading restarts with a fresh reader (variants only). */
  #answerAndContinue(res: BufferedResponse, omitBody: boolean): void {
    this.#exchange = null;
    const body = omitBody ? null : res.body;
    this.#writer.response(res.status, res.fields, body, '', null, body !== null && body.length > 0);
    this.#reader = this.#seams.newReader(this.#config.parser);
    if (this.#peerEnded) this.#reader.feedEof();
    this.#state.idle(Date.now());
  }

  #internalError(err: unknown): void {
    process.emitWarning(`connection handler failed: ${err instanceof Error ? err.message : String(err)}`);
    if (this.#exchange?.started) this.#destroy();
    else this.#failAndClose(errorResponse(500));
  }

  /** FIN after whatever is queued; keep reading (and discarding) for a bounded time. */
  #closeGracefully(): void {
    if (this.#state.stage === 'closing') return;
    const socket = this.#socket;
    this.#exchange = null;
    if (this.#seams.rules.closeStyle === 'reset') {
      // close() right after writing, input left unread: as in C, the reset discards whatever of
      // the response was not yet sent.
      this.#state.closed();
      socket.pause();
      this.#state.setReading(false, Date.now());
      this.#writer.flush();
      socket.resetAndDestroy();
      return;
    }
    // The linger bound starts once our bytes are out ('finish'); until then, the send bound.
    this.#writer.flush();
    this.#state.closing(Date.now(), socket.writableLength > 0);
    socket.end();
    this.#updateReading();
  }
}
