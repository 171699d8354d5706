// A response body as the reader keeps it: every byte up to a budget shared by the whole exchange,
// then only a count and a running SHA-256 of the whole body. The judge can still compare a
// 10 MiB `large.bin` exactly (length and digest) without the harness holding 10 MiB per case,
// and a server streaming gigabytes costs the budget and a hash, not memory.

import { createHash, type Hash } from 'node:crypto';
import { ByteSink } from './byte-sink.ts';

/** How many body bytes an exchange keeps, over all its responses. */
export const KEPT_BODY_BYTES = 1024 * 1024;

/** The budget one reader's bodies share. */
export class BodyBudget {
  constructor(public left: number = KEPT_BODY_BYTES) {}
}

export class BodySink {
  private readonly kept = new ByteSink();
  private total = 0;
  private hash: Hash | null = null;

  constructor(private readonly budget: BodyBudget) {}

  get length(): number {
    return this.total;
  }

  append(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.total += bytes.length;
    if (this.hash === null) {
      const keep = Math.min(bytes.length, this.budget.left);
      if (keep === bytes.length) {
        this.kept.append(bytes);
        this.budget.left -= keep;
        return;
      }
      // Over the budget from here on: hash what was kept, then everything that follows.
      this.kept.append(bytes.subarray(0, keep));
      this.budget.left -= keep;
      this.hash = createHash('sha256').update(this.kept.view());
      this.hash.update(bytes.subarray(keep));
      return;
    }
    this.hash.update(bytes);
  }

  /** The kept bytes; with `length` and `sha256` when they are not the whole body. */
  snapshot(): { body: Buffer; bodyLength?: number; bodySha256?: string } {
    const body = this.kept.view();
    if (this.hash === null) return { body };
    return { body, bodyLength: this.total, bodySha256: this.hash.copy().digest('hex') };
  }
}
