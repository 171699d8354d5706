// An append-only byte buffer. Growth doubles the capacity so appending N bytes in pieces costs
// O(N), and `view()` hands out a slice without copying: bytes below `length` are never written
// again, so a view taken earlier stays a valid snapshot while the sink keeps growing.

const EMPTY = Buffer.alloc(0);

export class ByteSink {
  private buf: Buffer = EMPTY;
  private len = 0;

  get length(): number {
    return this.len;
  }

  append(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    const need = this.len + bytes.length;
    if (need > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2, 256));
      this.buf.copy(grown, 0, 0, this.len);
      this.buf = grown;
    }
    this.buf.set(bytes, this.len);
    this.len = need;
  }

  view(): Buffer {
    return this.buf.subarray(0, this.len);
  }

  /** Starts over with fresh memory, so views handed out before stay intact. */
  clear(): void {
    this.buf = EMPTY;
    this.len = 0;
  }
}
