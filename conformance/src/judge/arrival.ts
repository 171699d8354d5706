// When a response arrived by the harness clock, for `within`. The transcript times its reads
// from the start of the exchange; the judge runs right after the exchange ended, so the clock
// now, less the time from a read to the end, dates that read.

import type { ReadResponse, Transcript } from '../wire/types.ts';

export function arrivalFrom(t: Transcript, nowMs: number): (r: ReadResponse) => number {
  const end = t.events.findLast((e) => e.kind === 'end');
  // The stream offset each read began at, in order.
  const reads: Array<{ from: number; atMs: number }> = [];
  let offset = 0;
  for (const e of t.events) {
    if (e.kind !== 'read') continue;
    reads.push({ from: offset, atMs: e.atMs });
    offset += e.bytes.length + (e.dropped ?? 0);
  }
  return (r) => {
    if (!end) return nowMs;
    // The read that carried the response's first byte.
    const read = reads.findLast((x) => x.from <= r.start);
    return read ? nowMs - (end.atMs - read.atMs) : nowMs;
  };
}
