// The output side of one connection: responses into bytes, and bytes onto the socket. While the
// connection drains one read (`gathering`), what it writes is gathered and leaves in one write,
// so the answers to a burst of pipelined requests go back in one segment; otherwise each write
// goes straight to the socket. A cached file's whole response comes from the wire cache
// (wire-cache.ts) when the server's own head writer is in use.

import type { Socket } from 'node:net';

import type { RequestHead } from './protocol/events.ts';
import { SERVER_SEAMS } from './seams.ts';
import type { Seams } from './seams.ts';
import { serializedResponse } from './wire-cache.ts';

// Heads and bodies up to this size are copied into one buffer: one write, one TCP segment.
const COALESCE_BYTES = 16 * 1024;
// Output gathered while draining one read is flushed once it reaches this size.
const BATCH_BYTES = 64 * 1024;

export class ResponseWriter {
  readonly #socket: Socket;
  readonly #writeHead: Seams['writeHead'];
  readonly #encodeBody: Seams['encodeBody'];
  readonly #wireCache: boolean;
  /** A write filled the socket (the caller's send bound starts). */
  readonly #onFull: () => void;
  #out: Buffer[] = [];
  #outBytes = 0;
  /** Set while the connection drains one read: writes are gathered until flush(). */
  gathering = false;

  constructor(socket: Socket, seams: Pick<Seams, 'writeHead' | 'encodeBody'>, onFull: () => void) {
    this.#socket = socket;
    this.#writeHead = seams.writeHead;
    this.#encodeBody = seams.encodeBody;
    this.#wireCache = seams.writeHead === SERVER_SEAMS.writeHead && seams.encodeBody === null;
    this.#onFull = onFull;
  }

  /** Octets gathered and not yet handed to the socket. */
  get gatheredBytes(): number {
    return this.#outBytes;
  }

  /** The response head (head writer seam) and in-memory body; a streamed body follows by write(). */
  response(status: number, fields: string, body: Buffer | null, connectionLine: string, request: RequestHead | null, hasBody: boolean): void {
    if (this.#wireCache && body !== null && body.length > 0 && body.length <= COALESCE_BYTES) {
      // A cached file's whole response is serialised once a second, not once per request.
      const whole = serializedResponse(status, fields, body, connectionLine);
      if (whole !== null) {
        this.write(whole);
        return;
      }
    }
    const head = this.#writeHead(status, fields, connectionLine, request, hasBody);
    const encode = this.#encodeBody;
    if (encode !== null && body !== null) body = encode(body);
    if (body === null || body.length === 0) {
      this.write(Buffer.from(head, 'latin1'));
    } else if (body.length <= COALESCE_BYTES) {
      const out = Buffer.allocUnsafe(head.length + body.length);
      out.write(head, 0, 'latin1');
      body.copy(out, head.length);
      this.write(out);
    } else {
      // Head and body leave in one writev.
      const socket = this.#socket;
      socket.cork();
      this.write(Buffer.from(head, 'latin1'));
      this.write(body);
      socket.uncork();
    }
  }

  /** Returns false when the socket is full (the caller should stop producing). */
  write(buf: Buffer): boolean {
    const socket = this.#socket;
    if (socket.destroyed || socket.writableEnded) return false;
    if (this.gathering && buf.length < BATCH_BYTES) {
      this.#out.push(buf);
      this.#outBytes += buf.length;
      return this.#outBytes < BATCH_BYTES || this.flush();
    }
    this.flush();
    return this.#socketWrite(buf);
  }

  /** Hands what was gathered to the socket; false when the socket is full. */
  flush(): boolean {
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
    if (!ok) this.#onFull();
    return ok;
  }
}
