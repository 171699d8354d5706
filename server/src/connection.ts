// The per-socket driver: bytes in to the parser, events out to the router, responses back in
// request order. Requests are handled one at a time in the order they were parsed; while an
// answer is pending (a file lookup, a streamed file, a full socket) the parser is not drained and
// the socket is paused, so the pipelined requests queued behind it stay bounded by what the
// kernel and one read hold. The responses to one read are gathered and written as one buffer, so
// a burst of pipelined requests goes back in one write. A client that pipelines without reading
// the answers is held to `maxPipelined` of them: past that, no further request is taken (and the
// socket is not read) until the kernel has accepted the answers already written.

import fs from 'node:fs';
import type { Socket } from 'node:net';

import { EchoBody, echoTooLarge } from './echo.ts';
import { FileSender } from './file-sender.ts';
import type { ParserEvent, RequestHead } from './protocol/events.ts';
import { RequestParser } from './protocol/request-parser.ts';
import type { ParserOptionsInput } from './protocol/request-parser.ts';
import {
  CONNECTION_CLOSE,
  CONNECTION_KEEP_ALIVE,
  INTERIM_100_CONTINUE,
  errorResponse,
  serializeHead,
} from './response.ts';
import type { BufferedResponse, FileBody, OutgoingResponse } from './response.ts';
import { serializedResponse } from './wire-cache.ts';
import type { QuirkFlags } from './quirks.ts';
import { rangeOfBody } from './quirky-conditional.ts';
import { CHUNKED, LAST_CHUNK, chunkOf, hasToken, quirkyHead, withoutContentLength, zeroContentLength } from './quirky-response.ts';
import { route } from './routes.ts';
import type { RouteContext, RoutePlan } from './routes.ts';
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
  /** Deliberate deviations (see quirks.ts); null in normal use. */
  quirks: QuirkFlags | null;
  onClose: (connection: Connection) => void;
};

type Phase =
  /** Waiting for the first octet of a request. */
  | 'idle'
  /** Octets arrived, the header section is not complete yet. */
  | 'head'
  | 'body'
  /** The request is read; its answer is being produced or written. */
  | 'respond'
  /** Our FIN is sent or queued; input is read and discarded until the peer closes. */
  | 'closing';

type Exchange = {
  head: RequestHead;
  plan: RoutePlan;
  echo: EchoBody | null;
  /** HEAD: the same head as GET, never a body. */
  omitBody: boolean;
  http10: boolean;
  /** The response head is on the wire. */
  started: boolean;
  closeAfter: boolean;
  discarded: number;
  /** Body octets received so far (quirks only). */
  received: number;
};

// Heads and bodies up to this size are copied into one buffer: one write, one TCP segment.
const COALESCE_BYTES = 16 * 1024;
// Output gathered while draining one read is flushed once it reaches this size.
const BATCH_BYTES = 64 * 1024;
const FILE_READ_CHUNK = 64 * 1024;
// fin-is-abort: how long an answer takes, so that a FIN right behind a request always wins.
const QUIRK_ANSWER_DELAY_MS = 20;
// A zero-length write completes once everything written before it has gone to the kernel.
const EMPTY = Buffer.alloc(0);
// answer-incomplete-head: a request line, however the rest of the head looks.
const REQUEST_LINE = /^(?:\r?\n)*([!#$%&'*+\-.^_`|~0-9A-Za-z]+) (\S+) HTTP\/(\d)\.(\d)\r?\n/;

export class Connection {
  readonly #socket: Socket;
  readonly #config: ConnectionConfig;
  #parser: RequestParser;
  readonly #q: QuirkFlags | null;
  /** Quirks that re-parse input keep what was fed to the parser since the last request began. */
  readonly #keepInput: boolean;
  #input: Buffer[] = [];
  #inputBase = 0;
  #peerEnded = false;
  #phase: Phase = 'idle';
  #deadline: number;
  #sendDeadline = Infinity;
  #exchange: Exchange | null = null;
  /** An asynchronous step (lookup, file stream) holds the pipeline. */
  #waiting = false;
  #reading = true;
  #pumping = false;
  /** Answers written since user space last held no output (see maxPipelined). */
  #unsent = 0;
  /** No request is taken until the answers written so far reach the kernel. */
  #held = false;
  #shuttingDown = false;
  #closed = false;
  /** A file body being streamed: a FileSender normally, a ReadStream when a quirk reshapes it. */
  #stream: fs.ReadStream | null = null;
  #sender: FileSender | null = null;
  /** Output produced while draining, written in one go by #flush. */
  #out: Buffer[] = [];
  #outBytes = 0;

  constructor(socket: Socket, config: ConnectionConfig) {
    this.#socket = socket;
    this.#config = config;
    this.#parser = new RequestParser(config.parser);
    const q = config.quirks;
    this.#q = q;
    this.#keepInput =
      q !== null &&
      (q['ignore-body-on-get'] || q['keep-open-after-400'] || q['one-request-per-read'] || q['single-read-body'] || q['answer-incomplete-head']);
    this.#deadline = Date.now() + config.timeouts.idleMs;
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('end', () => this.#onPeerEnd());
    socket.on('drain', () => this.#onDrain());
    socket.on('finish', () => {
      if (this.#phase === 'closing') this.#deadline = Date.now() + this.#config.timeouts.lingerMs;
    });
    // ECONNRESET, EPIPE and friends: the peer is gone, which is never our crash (unless a quirk
    // says so: without a listener, the error event is thrown and ends the process).
    if (!config.quirks?.['crash-on-socket-error']) socket.on('error', () => this.#destroy());
    socket.on('close', () => this.#onClose());
  }

  /** Called by the server's sweeper; closes whatever overstayed its stage. */
  checkTimeouts(now: number): void {
    if (this.#closed) return;
    if (now >= this.#sendDeadline) {
      this.#destroy();
      return;
    }
    if (now < this.#deadline) return;
    if (this.#q?.['timeout-408-stays-open'] && this.#phase !== 'respond' && this.#phase !== 'closing') {
      // The request (if any) is given up, the client told so, and the connection kept.
      const res = errorResponse(408, 'request not received in time');
      this.#exchange = null;
      this.#writeResponse(res.status, res.fields, res.body, '');
      this.#restartParser(null);
      this.#phase = 'idle';
      this.#deadline = now + this.#config.timeouts.idleMs;
      return;
    }
    switch (this.#phase) {
      case 'idle':
        // Nothing was received: close quietly, no unsolicited 408.
        this.#closeGracefully();
        return;
      case 'head':
        // RFC 9110 §15.5.9: 408 for a request that did not complete in time.
        this.#failAndClose(errorResponse(408, 'header section not received in time'));
        return;
      case 'body':
        // A pause we imposed (full socket) is bounded by the send deadline, not this one.
        if (!this.#reading) return;
        if (this.#exchange?.started) this.#destroy();
        else this.#failAndClose(errorResponse(408, 'request body not received in time'));
        return;
      case 'respond':
        return;
      case 'closing':
        this.#destroy();
        return;
    }
  }

  /** Server shutdown: idle connections close now, busy ones after their current response. */
  shutdown(): void {
    this.#shuttingDown = true;
    if (this.#phase === 'idle' && this.#exchange === null) this.#closeGracefully();
  }

  destroy(): void {
    this.#destroy();
  }

  /** Octets of answers written but not yet taken by the kernel. */
  get queuedOutputBytes(): number {
    return this.#outBytes + this.#socket.writableLength;
  }

  #onData(chunk: Buffer): void {
    if (this.#phase === 'closing') return;
    if (this.#phase === 'idle') {
      if (this.#q?.['connect-tunnels'] && chunk.toString('latin1', 0, 8) === 'CONNECT ') {
        this.#tunnel();
        return;
      }
      this.#phase = 'head';
      this.#deadline = Date.now() + this.#config.timeouts.headersMs;
    } else if (this.#phase === 'body') {
      this.#deadline = bodyDeadline(this.#deadline, chunk.length, this.#config.timeouts);
    } else if (this.#phase === 'head' && this.#q?.['header-timeout-per-read']) {
      this.#deadline = Date.now() + this.#config.timeouts.headersMs;
    }
    if (this.#q?.['nul-terminates-input']) {
      // strlen() on the read buffer: nothing after a NUL is ever seen.
      const nul = chunk.indexOf(0);
      if (nul >= 0) chunk = chunk.subarray(0, nul);
    }
    if (this.#keepInput) this.#input.push(chunk);
    this.#parser.feed(chunk);
    this.#pump();
    if (this.#q !== null) this.#afterReadQuirks(this.#q);
  }

  #onPeerEnd(): void {
    // Once both FINs are out, the socket closes itself (autoDestroy).
    if (this.#phase === 'closing') return;
    this.#peerEnded = true;
    const q = this.#q;
    if (q !== null) {
      if (q['fin-is-abort']) {
        this.#destroy();
        return;
      }
      const ex = this.#exchange;
      if (q['partial-body-on-fin'] && this.#phase === 'body' && ex !== null && !ex.started) {
        ex.closeAfter = true;
        this.#cutBody(ex);
        return;
      }
    }
    this.#parser.feedEof();
    this.#pump();
  }

  #onDrain(): void {
    this.#sendDeadline = Infinity;
    if (this.#stream !== null && this.#stream.isPaused()) this.#stream.resume();
    this.#sender?.resume();
    this.#pump();
  }

  #onClose(): void {
    this.#closed = true;
    this.#phase = 'closing';
    this.#stream?.destroy();
    this.#stream = null;
    this.#sender?.destroy();
    this.#sender = null;
    this.#config.onClose(this);
  }

  #destroy(): void {
    this.#phase = 'closing';
    if (!this.#socket.destroyed) this.#socket.destroy();
  }

  /** Drains parser events until it needs data or something holds the pipeline. */
  #pump(): void {
    if (this.#pumping || this.#closed) return;
    this.#pumping = true;
    const socket = this.#socket;
    try {
      // An error event repeats forever: handling it must leave 'closing' (or destroy the socket).
      while (this.#phase !== 'closing' && !this.#waiting && !this.#held && !socket.writableNeedDrain && !socket.destroyed) {
        if (this.#exchange === null && this.#unsent >= this.#config.maxPipelined) {
          if (this.#outBytes > 0 || socket.writableLength > 0) {
            this.#holdUntilSent();
            break;
          }
          this.#unsent = 0;
        }
        const event = this.#parser.nextEvent();
        if (event.type === 'needData') {
          // Part of a pipelined request arrived with the previous one: its header clock runs.
          if (this.#phase === 'idle' && !this.#parser.betweenMessages) {
            this.#phase = 'head';
            this.#deadline = Date.now() + this.#config.timeouts.headersMs;
          }
          break;
        }
        this.#handle(event);
      }
    } catch (err) {
      this.#internalError(err);
    } finally {
      this.#pumping = false;
      this.#flush();
    }
    this.#updateReading();
  }

  #holdUntilSent(): void {
    this.#held = true;
    this.#flush();
    this.#socket.write(EMPTY, () => {
      this.#held = false;
      this.#unsent = 0;
      this.#pump();
    });
  }

  #updateReading(): void {
    if (this.#closed) return;
    const socket = this.#socket;
    // While closing we read on purpose: unread input at close time would turn our FIN into an
    // RST and could destroy the response before the client reads it.
    const closing = this.#phase === 'closing';
    if (closing && this.#q?.['close-with-unread-input']) return;
    const want = closing || (!this.#waiting && !this.#held && !socket.writableNeedDrain);
    if (want && !this.#reading) {
      this.#reading = true;
      if (this.#phase === 'body') this.#deadline = Date.now() + this.#config.timeouts.bodyMs;
      socket.resume();
    } else if (!want && this.#reading) {
      this.#reading = false;
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
        // Mid-response there is no clean way left to say anything: cut the connection.
        if (ex !== null && ex.started) {
          this.#destroy();
          return;
        }
        if (this.#q?.['stall-when-buffer-full'] && (event.status === 414 || event.status === 431)) {
          // The buffer is full and the terminator never came: stop reading, answer nothing.
          this.#exchange = null;
          this.#phase = 'respond';
          this.#deadline = Infinity;
          this.#waiting = true;
          return;
        }
        if (this.#q?.['keep-open-after-400'] && !this.#peerEnded) {
          this.#answerAndCarryOn(errorResponse(event.status, event.reason), ex?.omitBody ?? false);
          return;
        }
        this.#failAndClose(errorResponse(event.status, event.reason), ex?.omitBody ?? false);
        return;
      }
    }
  }

  #newExchange(head: RequestHead): Exchange {
    const ex: Exchange = {
      head,
      plan: route(head, this.#config.routes),
      echo: null,
      omitBody: head.method === 'HEAD' && !this.#q?.['head-with-body'],
      http10: head.version.major === 1 && head.version.minor === 0,
      started: false,
      closeAfter: false,
      discarded: 0,
      received: 0,
    };
    this.#exchange = ex;
    return ex;
  }

  #onRequest(head: RequestHead): void {
    const ex = this.#newExchange(head);
    const plan = ex.plan;
    const q = this.#q;
    const framing = head.framing;
    const hasBody = framing.kind === 'chunked' || (framing.kind === 'length' && framing.length > 0);
    if (this.#keepInput) this.#trimInput();
    if (q !== null && q['ignore-body-on-get'] && hasBody && plan.kind !== 'echo') {
      // CL.0 / TE.0: the body is left in the stream, to be parsed as the next request.
      this.#restartParser(this.#parser.consumed);
      this.#phase = 'respond';
      this.#deadline = Infinity;
      this.#respond(ex);
      return;
    }
    if (hasBody) {
      this.#phase = 'body';
      this.#deadline = Date.now() + this.#config.timeouts.bodyMs;
    } else {
      this.#phase = 'respond';
      this.#deadline = Infinity;
    }

    // RFC 9110 §10.1.1: the echo needs the body, so invite it.
    let invite = head.expectContinue;
    if (q !== null) {
      invite = q['no-continue']
        ? false
        : invite || (q['continue-to-http10'] && ex.http10 && hasBody && hasToken(head.headers, 'expect', '100-continue'));
    }
    if (plan.kind === 'echo') {
      ex.echo = new EchoBody(this.#config.routes.echoMaxBytes);
      if (invite) this.#write(INTERIM_100_CONTINUE);
      return;
    }
    if (invite && !head.expectContinue) {
      // continue-to-http10: invited, so the body is awaited like any other.
      this.#write(INTERIM_100_CONTINUE);
      return;
    }
    // RFC 9110 §10.1.1: when the final status does not depend on the body, send it without
    // waiting for the body; the body then stays unread, so the connection has to close. Same
    // for a body too large to be worth reading just to throw it away.
    if (
      hasBody &&
      ((head.expectContinue && !q?.['no-continue']) ||
        (framing.kind === 'length' && framing.length > this.#config.discardBodyBytes))
    ) {
      ex.closeAfter = true;
      this.#respond(ex);
    }
  }

  #onBodyData(chunk: Buffer): void {
    const ex = this.#exchange;
    if (ex === null) return;
    ex.received += chunk.length;
    if (ex.echo !== null) {
      if (!ex.echo.add(chunk)) {
        ex.echo = null;
        ex.plan = { kind: 'respond', response: echoTooLarge(this.#config.routes.echoMaxBytes) };
        this.#respond(ex);
      }
      return;
    }
    // RFC 9112 §9.3: a body we do not need is still read (or the connection closed), or its
    // bytes would be taken for the next request.
    ex.discarded += chunk.length;
    if (ex.discarded > this.#config.discardBodyBytes && !ex.started) {
      ex.closeAfter = true;
      this.#respond(ex);
    }
  }

  #onEndOfMessage(): void {
    const ex = this.#exchange;
    if (ex === null) return;
    this.#phase = 'respond';
    this.#deadline = Infinity;
    if (ex.echo !== null) ex.plan = { kind: 'respond', response: this.#echoAnswer(ex.echo, ex.head) };
    if (this.#keepInput) this.#trimInput();
    this.#respond(ex);
    // one-request-per-read: whatever else came with this request is dropped.
    if (this.#q?.['one-request-per-read']) this.#restartParser(null);
  }

  #respond(ex: Exchange): void {
    if (ex.plan.kind !== 'respond') return;
    let response = ex.plan.response;
    if (this.#q?.['fin-is-abort']) {
      const ready = response;
      response = new Promise((resolve) => setTimeout(() => resolve(ready), QUIRK_ANSWER_DELAY_MS));
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
      if (this.#q === null) {
        this.#sendFileBody(ex, fd, file);
        return;
      }
      const chunked = this.#q['chunked-responses'];
      const expected = file.end - file.start + 1;
      let sent = 0;
      const stream = fs.createReadStream(file.path, {
        fd,
        start: file.start,
        end: file.end,
        highWaterMark: FILE_READ_CHUNK,
      });
      this.#stream = stream;
      stream.on('data', (chunk: Buffer | string) => {
        const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
        sent += buf.length;
        if (!this.#write(chunked ? chunkOf(buf) : buf)) stream.pause();
      });
      stream.on('end', () => {
        this.#stream = null;
        // The file shrank under us: the promised Content-Length cannot be met.
        if (sent !== expected) {
          this.#destroy();
          return;
        }
        if (chunked) this.#write(LAST_CHUNK);
        this.#waiting = false;
        this.#finish(ex);
        this.#pump();
      });
      stream.on('error', () => {
        this.#stream = null;
        this.#destroy();
      });
    });
  }

  /** The body of a file response, through a few reused buffers (file-sender.ts). */
  #sendFileBody(ex: Exchange, fd: number, file: FileBody): void {
    const sender = new FileSender(this.#socket, fd, file.start, file.end, {
      full: () => {
        if (this.#sendDeadline === Infinity) this.#sendDeadline = Date.now() + this.#config.timeouts.sendMs;
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
    this.#phase = 'idle';
    this.#deadline = Date.now() + this.#config.timeouts.idleMs;
  }

  /** `streamed`: the body (a file) follows in separate writes. */
  #writeExchangeHead(ex: Exchange, status: number, fields: string, body: Buffer | null, streamed = false): void {
    const q = this.#q;
    // RFC 9112 §9.3, §9.6: a close is announced in the response it follows.
    if (this.#shuttingDown || !(q === null ? ex.head.keepAlive : quirkyKeepAlive(ex, q))) ex.closeAfter = true;
    // RFC 9112 §9.3: an HTTP/1.0 client only persists when told `keep-alive`.
    let connectionLine = ex.closeAfter ? CONNECTION_CLOSE : ex.http10 ? CONNECTION_KEEP_ALIVE : '';
    if (q !== null) {
      if (q['close-without-announcing']) ex.closeAfter = true;
      if (q['close-delimited']) {
        fields = withoutContentLength(fields);
        ex.closeAfter = true;
        connectionLine = CONNECTION_CLOSE;
      }
      if (q['http10-keep-alive'] && ex.http10 && !ex.head.keepAlive && !ex.closeAfter) connectionLine = '';
      if (q['error-without-length'] && status >= 400) fields = withoutContentLength(fields);
      if (q['head-content-length-zero'] && ex.head.method === 'HEAD') fields = zeroContentLength(fields);
      if (q['chunked-responses'] && (streamed || body !== null) && !ex.omitBody && status !== 204 && status !== 304) {
        fields += CHUNKED;
        if (body !== null) body = Buffer.concat([chunkOf(body), LAST_CHUNK]);
      }
    }
    ex.started = true;
    this.#unsent++;
    this.#writeResponse(status, fields, ex.omitBody ? null : body, connectionLine);
  }

  #writeResponse(status: number, fields: string, body: Buffer | null, connectionLine: string): void {
    const q = this.#q;
    if (q === null && body !== null && body.length > 0 && body.length <= COALESCE_BYTES) {
      // A cached file's whole response is serialised once a second, not once per request.
      const whole = serializedResponse(status, fields, body, connectionLine);
      if (whole !== null) {
        this.#write(whole);
        return;
      }
    }
    const head =
      q === null
        ? serializeHead(status, fields, connectionLine)
        : quirkyHead(status, fields, q['close-without-announcing'] && connectionLine === CONNECTION_CLOSE ? '' : connectionLine, q);
    if (body === null || body.length === 0) {
      this.#write(Buffer.from(head, 'latin1'));
    } else if (body.length <= COALESCE_BYTES) {
      const out = Buffer.allocUnsafe(head.length + body.length);
      out.write(head, 0, 'latin1');
      body.copy(out, head.length);
      this.#write(out);
    } else {
      // Head and body leave in one writev.
      const socket = this.#socket;
      socket.cork();
      this.#write(Buffer.from(head, 'latin1'));
      this.#write(body);
      socket.uncork();
    }
  }


  /** Returns false when the socket is full (the caller should stop producing). */
  #write(buf: Buffer): boolean {
    const socket = this.#socket;
    if (socket.destroyed || socket.writableEnded) return false;
    if (this.#pumping && buf.length < BATCH_BYTES) {
      this.#out.push(buf);
      this.#outBytes += buf.length;
      return this.#outBytes < BATCH_BYTES || this.#flush();
    }
    this.#flush();
    return this.#socketWrite(buf);
  }

  #flush(): boolean {
    const n = this.#out.length;
    if (n === 0) return !this.#socket.writableNeedDrain;
    const data = n === 1 ? this.#out[0]! : Buffer.concat(this.#out, this.#outBytes);
    this.#out = [];
    this.#outBytes = 0;
    return this.#socketWrite(data);
  }

  #socketWrite(buf: Buffer): boolean {
    const socket = this.#socket;
    if (socket.destroyed || socket.writableEnded) return false;
    const ok = socket.write(buf);
    if (!ok && this.#sendDeadline === Infinity) this.#sendDeadline = Date.now() + this.#config.timeouts.sendMs;
    return ok;
  }

  /** An error response with `Connection: close`, then a graceful close. */
  #failAndClose(res: BufferedResponse, omitBody = false): void {
    if (this.#phase === 'closing') return;
    this.#exchange = null;
    this.#writeResponse(res.status, res.fields, omitBody ? null : res.body, CONNECTION_CLOSE);
    this.#closeGracefully();
  }

  #internalError(err: unknown): void {
    process.emitWarning(`connection handler failed: ${err instanceof Error ? err.message : String(err)}`);
    if (this.#exchange?.started) this.#destroy();
    else this.#failAndClose(errorResponse(500));
  }

  /** FIN after whatever is queued; keep reading (and discarding) for a bounded time. */
  #closeGracefully(): void {
    if (this.#phase === 'closing') return;
    const socket = this.#socket;
    this.#phase = 'closing';
    this.#exchange = null;
    if (this.#q?.['close-with-unread-input']) {
      // close() right after writing the response, with input left unread: as in C, the reset
      // discards whatever of the response was not yet sent (here, Node's queue and the kernel's).
      socket.pause();
      this.#reading = false;
      this.#flush();
      socket.resetAndDestroy();
      return;
    }
    const t = this.#config.timeouts;
    // The linger bound starts once our bytes are out ('finish'); until then, the send bound.
    this.#flush();
    this.#deadline = Date.now() + (socket.writableLength > 0 ? t.sendMs : t.lingerMs);
    socket.end();
    this.#updateReading();
  }

  // ---- Quirks (see quirks.ts). Nothing below runs unless a quirk is on. ----

  /** Drops what the parser consumed from the kept input (called at the end of a head and of a message). */
  #trimInput(): void {
    const consumed = this.#parser.consumed;
    const rest = this.#unconsumed(consumed);
    this.#input = rest.length > 0 ? [rest] : [];
    this.#inputBase = consumed;
  }

  #unconsumed(offset: number): Buffer {
    const all = this.#input.length === 1 ? this.#input[0]! : Buffer.concat(this.#input);
    return all.subarray(Math.max(0, offset - this.#inputBase));
  }

  /** A fresh parser, fed the kept input from `offset` on (null: nothing, the input is dropped). */
  #restartParser(offset: number | null): void {
    const rest = offset === null ? null : this.#unconsumed(offset);
    this.#parser = new RequestParser(this.#config.parser);
    this.#input = rest !== null && rest.length > 0 ? [rest] : [];
    this.#inputBase = 0;
    if (rest !== null && rest.length > 0) this.#parser.feed(rest);
    if (this.#peerEnded) this.#parser.feedEof();
  }

  #afterReadQuirks(q: QuirkFlags): void {
    if (this.#closed || this.#phase === 'closing') return;
    const ex = this.#exchange;
    if (q['single-read-body'] && this.#phase === 'body' && ex !== null && !ex.started && ex.received > 0) {
      this.#cutBody(ex);
      return;
    }
    if (q['answer-incomplete-head'] && this.#phase === 'head' && ex === null) {
      // The kept input starts where the previous message ended: it is this request so far.
      const m = REQUEST_LINE.exec(this.#unconsumed(this.#inputBase).toString('latin1'));
      if (m === null) return;
      const head: RequestHead = {
        method: m[1]!,
        target: m[2]!,
        version: { major: Number(m[3]), minor: Number(m[4]) },
        headers: [],
        framing: { kind: 'none' },
        keepAlive: false,
        expectContinue: false,
        host: '',
      };
      this.#phase = 'respond';
      this.#deadline = Infinity;
      this.#respond(this.#newExchange(head));
      this.#updateReading();
    }
  }

  /** connect-tunnels: "connected", before any parsing; the input is then read and ignored. */
  #tunnel(): void {
    this.#write(Buffer.from('HTTP/1.1 200 Connection Established\r\n\r\n', 'latin1'));
    this.#phase = 'respond';
    this.#deadline = Infinity;
    this.#waiting = true;
    this.#updateReading();
  }

  #echoAnswer(echo: EchoBody, head: RequestHead): OutgoingResponse {
    const res = echo.response();
    if (!this.#q?.['range-any-method']) return res;
    return rangeOfBody(res, head.headers.find(([name]) => name.toLowerCase() === 'range')?.[1]);
  }

  /** The body is taken to end here: answer with what arrived, and forget the rest of the input. */
  #cutBody(ex: Exchange): void {
    if (ex.echo !== null) {
      ex.plan = { kind: 'respond', response: this.#echoAnswer(ex.echo, ex.head) };
      ex.echo = null;
    }
    this.#phase = 'respond';
    this.#deadline = Infinity;
    this.#restartParser(null);
    this.#respond(ex);
    this.#pump();
  }

  /** keep-open-after-400: the error answer without Connection: close, then on with fresh input. */
  #answerAndCarryOn(res: BufferedResponse, omitBody: boolean): void {
    this.#exchange = null;
    this.#writeResponse(res.status, res.fields, omitBody ? null : res.body, '');
    this.#restartParser(null);
    this.#phase = 'idle';
    this.#deadline = Date.now() + this.#config.timeouts.idleMs;
  }
}

/** The body deadline after a read of `octets`: credit at minBodyRate, capped at bodyMs from now. */
function bodyDeadline(deadline: number, octets: number, t: Timeouts): number {
  const cap = Date.now() + t.bodyMs;
  if (t.minBodyRate <= 0) return cap;
  return Math.min(cap, deadline + (octets * 1000) / t.minBodyRate);
}

// The keep-alive decision with the connection quirks: the parser's keepAlive is false for a
// `close` token, for HTTP/1.0 without `keep-alive`, and for a body framed despite doubts.
function quirkyKeepAlive(ex: Exchange, q: QuirkFlags): boolean {
  const head = ex.head;
  if (head.keepAlive) return true;
  const close = hasToken(head.headers, 'connection', 'close');
  if (q['ignore-connection-close'] && close && !ex.http10) return true;
  if (q['http10-keep-alive'] && ex.http10 && !close) return true;
  if (q['keep-alive-after-framing-doubt'] && head.framing.kind === 'chunked' && !close) return true;
  return false;
}
