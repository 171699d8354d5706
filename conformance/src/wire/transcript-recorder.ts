// The events of one connection, bounded whatever the peer does: each direction keeps its first
// KEPT_BYTES (copied, so a kept slice never pins a 64 KiB socket chunk) and counts the rest,
// and past MAX_EVENTS a read or write joins the last event of its kind instead of adding one
// (a server dripping a byte per packet, or a 16 MiB write cut byte by byte). The received
// prefix is the kept bytes of the reads: the only copy of received bytes the transcript holds.

import type { TranscriptEvent } from './types.ts';
import type { WireBytes } from './lazy-bytes.ts';

/**
 * Bytes kept per direction: every request and response head of the corpus and the start of its
 * body. A report carries them twice (the transcript, and `received`), for each of ~500 cases:
 * 8 KiB each way keeps a hostile run's report.json near 10 MB and the harness near 200 MB.
 */
export const KEPT_BYTES = 8 * 1024;
/** Events kept per connection before reads and writes start sharing events. */
export const MAX_EVENTS = 2000;

export class TranscriptRecorder {
  readonly events: TranscriptEvent[] = [];
  private readonly kept: Buffer[] = [];
  private keptRead = 0;
  private keptWritten = 0;
  private receivedTotal = 0;
  private sentTotal = 0;

  get received(): number {
    return this.receivedTotal;
  }

  get sent(): number {
    return this.sentTotal;
  }

  push(e: TranscriptEvent): void {
    this.events.push(e);
  }

  write(atMs: number, bytes: WireBytes): void {
    this.sentTotal += bytes.length;
    const keep = Math.min(bytes.length, KEPT_BYTES - this.keptWritten);
    this.keptWritten += keep;
    this.add('write', atMs, keep > 0 ? bytes.subarray(0, keep) : EMPTY, bytes.length - keep);
  }

  read(atMs: number, chunk: Buffer): void {
    this.receivedTotal += chunk.length;
    const keep = Math.min(chunk.length, KEPT_BYTES - this.keptRead);
    this.keptRead += keep;
    const bytes = keep > 0 ? Buffer.from(chunk.subarray(0, keep)) : EMPTY;
    if (keep > 0) this.kept.push(bytes);
    this.add('read', atMs, bytes, chunk.length - keep);
  }

  /** The kept received bytes, in order. */
  receivedPrefix(): Buffer {
    return Buffer.concat(this.kept);
  }

  private add(kind: 'write' | 'read', atMs: number, bytes: Buffer, dropped: number): void {
    const last = this.events.at(-1);
    // Nothing kept, after an event of the same kind that kept nothing either: one event for the
    // run, so a 10 MiB download past the kept prefix is one event, not 160. Past MAX_EVENTS,
    // every read or write joins the latest event of its kind (their times are then the first's).
    let into: TranscriptEvent | undefined;
    if (last?.kind === kind && bytes.length === 0 && last.bytes.length === 0) into = last;
    else if (this.events.length >= MAX_EVENTS) into = this.events.findLast((e) => e.kind === kind);
    if (into?.kind === kind) {
      if (bytes.length > 0) into.bytes = Buffer.concat([into.bytes, bytes]);
      if (dropped > 0) into.dropped = (into.dropped ?? 0) + dropped;
      return;
    }
    this.events.push(dropped > 0 ? { kind, atMs, bytes, dropped } : { kind, atMs, bytes });
  }
}

const EMPTY = Buffer.alloc(0);
