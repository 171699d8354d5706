// The per-socket driver: bytes in to the parser, events out to the router, responses back in
// request order. Requests are handled one at a time in the order they were parsed; while an
// answer is pending (a file lookup, a streamed file, a full socket) the parser is not drained and
// the socket is paused, so the pipelined requests queued behind it stay bounded by what the
// kernel and one read hold. The responses to one read are gathered and written as one buffer, so
// a burst of pipelined requests goes back in one write.

import fs from 'node:fs';
import type { Socket } from 'node:net';

import { EchoBody, echoTooLarge } from './echo.ts';
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
};

// Heads and bodies up to this size are copied into one buffer: one write, one TCP segment.
const COALESCE_BYTES = 16 * 1024;
// Output gathered while draining one read is flushed once it reaches this size.
const BATCH_BYTES = 64 * 1024;
const FILE_READ_CHUNK = 64 * 1024;

export class Connection {
  readonly #socket: Socket;
  readonly #config: ConnectionConfig;
  readonly #parser: RequestParser;
  #phase: Phase = 'idle';
  #deadline: number;
  #sendDeadline = Infinity;
  #exchange: Exchange | null = null;
  /** An asynchronous step (lookup, file stream) holds the pipeline. */
  #waiting = false;
  #reading = true;
  #pumping = false;
  #shuttingDown = false;
  #closed = false;
  #stream: fs.ReadStream | null = null;
  /** Output produced while draining, written in one go by #flush. */
  #out: Buffer[] = [];
  #outBytes = 0;

  constructor(socket: Socket, config: ConnectionConfig) {
    this.#socket = socket;
    this.#config = config;
    this.#parser = new RequestParser(config.parser);
    this.#deadline = Date.now() + config.timeouts.idleMs;
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('end', () => this.#onPeerEnd());
    socket.on('drain', () => this.#onDrain());
    socket.on('finish', () => {
      if (this.#phase === 'closing') this.#deadline = Date.now() + this.#config.timeouts.lingerMs;
    });
    // ECONNRESET, EPIPE and friends: the peer is gone, which is never our crash.
    socket.on('error', () => this.#destroy());
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

  #onData(chunk: Buffer): void {
    if (this.#phase === 'closing') return;
    if (this.#phase === 'idle') {
      this.#phase = 'head';
      this.#deadline = Date.now() + this.#config.timeouts.headersMs;
    } else if (this.#phase === 'body') {
      this.#deadline = Date.now() + this.#config.timeouts.bodyMs;
    }
    this.#parser.feed(chunk);
    this.#pump();
  }

  #onPeerEnd(): void {
    // Once both FINs are out, the socket closes itself (autoDestroy).
    if (this.#phase === 'closing') return;
    this.#parser.feedEof();
    this.#pump();
  }

  #onDrain(): void {
    this.#sendDeadline = Infinity;
    if (this.#stream !== null && this.#stream.isPaused()) this.#stream.resume();
    this.#pump();
  }

  #onClose(): void {
    this.#closed = true;
    this.#phase = 'closing';
    this.#stream?.destroy();
    this.#stream = null;
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
      while (this.#phase !== 'closing' && !this.#waiting && !socket.writableNeedDrain && !socket.destroyed) {
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

  #updateReading(): void {
    if (this.#closed) return;
    const socket = this.#socket;
    // While closing we read on purpose: unread input at close time would turn our FIN into an
    // RST and could destroy the response before the client reads it.
    const want = this.#phase === 'closing' || (!this.#waiting && !socket.writableNeedDrain);
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
        this.#failAndClose(errorResponse(event.status, event.reason), ex?.omitBody ?? false);
        return;
      }
    }
  }

  #onRequest(head: RequestHead): void {
    const plan = route(head, this.#config.routes);
    const ex: Exchange = {
      head,
      plan,
      echo: null,
      omitBody: head.method === 'HEAD',
      http10: head.version.major === 1 && head.version.minor === 0,
      started: false,
      closeAfter: false,
      discarded: 0,
    };
    this.#exchange = ex;
    const framing = head.framing;
    const hasBody = framing.kind === 'chunked' || (framing.kind === 'length' && framing.length > 0);
    if (hasBody) {
      this.#phase = 'body';
      this.#deadline = Date.now() + this.#config.timeouts.bodyMs;
    } else {
      this.#phase = 'respond';
      this.#deadline = Infinity;
    }

    if (plan.kind === 'echo') {
      ex.echo = new EchoBody(this.#config.routes.echoMaxBytes);
      // RFC 9110 §10.1.1: the echo needs the body, so invite it.
      if (head.expectContinue) this.#write(INTERIM_100_CONTINUE);
      return;
    }
    // RFC 9110 §10.1.1: when the final status does not depend on the body, send it without
    // waiting for the body; the body then stays unread, so the connection has to close. Same
    // for a body too large to be worth reading just to throw it away.
    if (
      hasBody &&
      (head.expectContinue || (framing.kind === 'length' && framing.length > this.#config.discardBodyBytes))
    ) {
      ex.closeAfter = true;
      this.#respond(ex);
    }
  }

  #onBodyData(chunk: Buffer): void {
    const ex = this.#exchange;
    if (ex === null) return;
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
    if (ex.echo !== null) ex.plan = { kind: 'respond', response: ex.echo.response() };
    this.#respond(ex);
  }

  #respond(ex: Exchange): void {
    if (ex.plan.kind !== 'respond') return;
    const response = ex.plan.response;
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
      this.#writeExchangeHead(ex, res.status, res.fields, null);
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
        if (!this.#write(buf)) stream.pause();
      });
      stream.on('end', () => {
        this.#stream = null;
        // The file shrank under us: the promised Content-Length cannot be met.
        if (sent !== expected) {
          this.#destroy();
          return;
        }
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

  #finish(ex: Exchange): void {
    if (this.#exchange === ex) this.#exchange = null;
    if (ex.closeAfter || this.#shuttingDown) {
      this.#closeGracefully();
      return;
    }
    this.#phase = 'idle';
    this.#deadline = Date.now() + this.#config.timeouts.idleMs;
  }

  #writeExchangeHead(ex: Exchange, status: number, fields: string, body: Buffer | null): void {
    // RFC 9112 §9.3, §9.6: a close is announced in the response it follows.
    if (this.#shuttingDown || !ex.head.keepAlive) ex.closeAfter = true;
    // RFC 9112 §9.3: an HTTP/1.0 client only persists when told `keep-alive`.
    const connectionLine = ex.closeAfter ? CONNECTION_CLOSE : ex.http10 ? CONNECTION_KEEP_ALIVE : '';
    ex.started = true;
    this.#writeResponse(status, fields, ex.omitBody ? null : body, connectionLine);
  }

  #writeResponse(status: number, fields: string, body: Buffer | null, connectionLine: string): void {
    const head = serializeHead(status, fields, connectionLine);
    if (body === null || body.length === 0) {
      this.#write(Buffer.from(head, 'latin1'));
    } else if (body.length <= COALESCE_BYTES) {
      const out = Buffer.allocUnsafe(head.length + body.length);
      out.write(head, 0, 'latin1');
      body.copy(out, head.length);
      this.#write(out);
    } else {
      this.#write(Buffer.from(head, 'latin1'));
      this.#write(body);
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
    const t = this.#config.timeouts;
    // The linger bound starts once our bytes are out ('finish'); until then, the send bound.
    this.#flush();
    this.#deadline = Date.now() + (socket.writableLength > 0 ? t.sendMs : t.lingerMs);
    socket.end();
    this.#updateReading();
  }
}
