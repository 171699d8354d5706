// The unread bytes of one connection, addressed by stream offset (octets since the connection
// opened) so positions survive compaction. Fed buffers are adopted without copying when nothing is
// pending, which makes body data events zero-copy slices of what the socket delivered. Bytes are
// copied only when a partial line must be joined with the next segment, and then never over a
// region that may already have been handed out as a data slice.

const EMPTY = Buffer.alloc(0);
const MIN_CAPACITY = 16384;

type Latin1Slice = (this: Buffer, start: number, end: number) => string;
// Buffer#latin1Slice skips the argument normalisation of toString('latin1', ...), which shows in
// profiles when a head is decoded field by field; fall back should it ever disappear.
const latin1Slice: Latin1Slice =
  (Buffer.prototype as unknown as { latin1Slice?: Latin1Slice }).latin1Slice ??
  function (this: Buffer, start: number, end: number): string {
    return this.toString('latin1', start, end);
  };

/** `buf[start, end)` as a latin1 string: one char per octet, so obs-text survives and offsets map 1:1. */
export function latin1(buf: Buffer, start: number, end: number): string {
  return latin1Slice.call(buf, start, end);
}

export class InputBuffer {
  /** Bytes from stream offset `base`; `buf.length` is always exactly the bytes received. */
  buf: Buffer = EMPTY;
  base = 0;
  /** Stream offset of the first unread byte. */
  pos = 0;
  /**
   * Stream offset from which read bytes must be kept (-1: none), so a field section can be
   * decoded in one go once it is complete.
   */
  keep = -1;
  /** Owned backing store when bytes had to be joined; `buf` is its prefix. */
  private storage: Buffer | null = null;

  /** Stream offset one past the last received byte. */
  get end(): number {
    return this.base + this.buf.length;
  }

  append(bytes: Buffer): void {
    const n = bytes.length;
    if (n === 0) return;
    if (this.pos === this.end && this.keep === -1) {
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
    const start = this.keep === -1 ? this.pos : this.keep;
    const from = start - this.base;
    const pending = used - from;
    const storage = Buffer.allocUnsafe(Math.max((pending + n) * 2, MIN_CAPACITY));
    this.buf.copy(storage, 0, from);
    bytes.copy(storage, pending);
    this.storage = storage;
    this.base = start;
    this.buf = storage.subarray(0, pending + n);
  }

  /** Marks everything before `offset` as read; drops the buffer once it is all read (and not kept). */
  skipTo(offset: number): void {
    this.pos = offset;
    if (offset === this.end && this.keep === -1) {
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
