// The unread bytes of one connection, addressed by stream offset (octets since the connection
// opened) so positions survive compaction. Fed buffers are adopted without copying when nothing is
// pending, which makes body data events zero-copy slices of what the socket delivered. Bytes are
// copied only when a partial line must be joined with the next segment, and then never over a
// region that may already have been handed out as a data slice.

const EMPTY = Buffer.alloc(0);
const MIN_CAPACITY = 4096;

export class InputBuffer {
  /** Bytes from stream offset `base`; `buf.length` is always exactly the bytes received. */
  buf: Buffer = EMPTY;
  base = 0;
  /** Stream offset of the first unread byte. */
  pos = 0;
  /** Owned backing store when bytes had to be joined; `buf` is its prefix. */
  private storage: Buffer | null = null;

  /** Stream offset one past the last received byte. */
  get end(): number {
    return this.base + this.buf.length;
  }

  append(bytes: Buffer): void {
    const n = bytes.length;
    if (n === 0) return;
    if (this.pos === this.end) {
      this.base = this.pos;
      this.buf = bytes;
      this.storage = null;
      return;
    }
    const used = this.buf.length;
    if (this.storage !== null && this.storage.length - used >= n) {
      // Writing after `used` cannot touch a slice already handed out.
      bytes.copy(this.storage, used);
      this.buf = this.storage.subarray(0, used + n);
      return;
    }
    const from = this.pos - this.base;
    const pending = used - from;
    const storage = Buffer.allocUnsafe(Math.max((pending + n) * 2, MIN_CAPACITY));
    this.buf.copy(storage, 0, from);
    bytes.copy(storage, pending);
    this.storage = storage;
    this.base = this.pos;
    this.buf = storage.subarray(0, pending + n);
  }

  /** Marks everything before `offset` as read; drops the buffer once it is all read. */
  skipTo(offset: number): void {
    this.pos = offset;
    if (offset === this.end) {
      this.base = offset;
      this.buf = EMPTY;
      this.storage = null;
    }
  }

  byteAt(offset: number): number {
    return this.buf[offset - this.base]!;
  }

  slice(from: number, to: number): Buffer {
    return this.buf.subarray(from - this.base, to - this.base);
  }
}
