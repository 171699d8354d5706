// Streams a byte range of an open file to a socket through a few reusable buffers. A read starts
// only when a buffer is free and the socket is not full, and a buffer is reused only once the
// socket has finished writing it, so a download of any size holds at most `poolSize` chunks and
// makes no garbage per chunk (fs.createReadStream allocates a fresh buffer for every read, which
// piles up as external memory between collections).

import fs from 'node:fs';
import type { Socket } from 'node:net';

export const FILE_CHUNK_BYTES = 64 * 1024;
const POOL_SIZE = 4;

export type FileSendResult =
  | { ok: true }
  /** The file ended early (it shrank), or a read failed: the promised length cannot be met. */
  | { ok: false; reason: string };

export type FileSendHooks = {
  /** A write filled the socket: the client is not keeping up (the caller's send timeout starts). */
  full(): void;
  /** Every octet is handed to the socket, or sending failed. Not called after destroy(). */
  done(result: FileSendResult): void;
};

export class FileSender {
  readonly #socket: Socket;
  readonly #fd: number;
  #pos: number;
  /** Inclusive, like the range it sends. */
  readonly #end: number;
  readonly #hooks: FileSendHooks;
  readonly #free: Buffer[] = [];
  #allocated = 0;
  #reading = false;
  #finished = false;

  /** Takes ownership of `fd` and closes it when done, failed or destroyed. */
  constructor(socket: Socket, fd: number, start: number, end: number, hooks: FileSendHooks) {
    this.#socket = socket;
    this.#fd = fd;
    this.#pos = start;
    this.#end = end;
    this.#hooks = hooks;
  }

  /** Starts sending; also called when the socket has drained. */
  resume(): void {
    this.#pump();
  }

  /** Stops without reporting (the connection is gone). */
  destroy(): void {
    this.#finish(null);
  }

  #pump(): void {
    if (this.#finished || this.#reading) return;
    if (this.#pos > this.#end) {
      this.#finish({ ok: true });
      return;
    }
    const socket = this.#socket;
    if (socket.destroyed || socket.writableNeedDrain) return;
    let buf = this.#free.pop();
    if (buf === undefined) {
      if (this.#allocated === POOL_SIZE) return;
      this.#allocated++;
      buf = Buffer.allocUnsafeSlow(FILE_CHUNK_BYTES);
    }
    const chunk = buf;
    const length = Math.min(FILE_CHUNK_BYTES, this.#end - this.#pos + 1);
    this.#reading = true;
    fs.read(this.#fd, chunk, 0, length, this.#pos, (err, n) => {
      this.#reading = false;
      if (this.#finished) {
        // Closed only now: a descriptor closed under a pending read could be reused meanwhile.
        fs.close(this.#fd, () => {});
        return;
      }
      if (err !== null || n === 0) {
        this.#finish({ ok: false, reason: err?.message ?? 'the file is shorter than its length' });
        return;
      }
      this.#pos += n;
      // The buffer goes back to the pool only once the socket is done with it.
      const ok = socket.write(n === chunk.length ? chunk : chunk.subarray(0, n), () => {
        this.#free.push(chunk);
        this.#pump();
      });
      if (!ok) this.#hooks.full();
      this.#pump();
    });
  }

  #finish(result: FileSendResult | null): void {
    if (this.#finished) return;
    this.#finished = true;
    if (!this.#reading) fs.close(this.#fd, () => {});
    if (result !== null) this.#hooks.done(result);
  }
}
