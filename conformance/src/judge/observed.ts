// What came back, sorted the way the judge thinks about it: interim (1xx) responses apart from
// final ones (RFC 9110 §15.2), and a response cut short kept apart from the complete ones.

import type { ConnectionEnd, ReadResponse, ReadResult } from '../wire/types.ts';

export type Observed = {
  interim: ReadResponse[];
  /** Complete final responses, in order. */
  finals: ReadResponse[];
  /** A final response whose body or head never completed. */
  incomplete: ReadResponse | null;
  garbage: Buffer;
  end: ConnectionEnd;
};

// 101 Switching Protocols ends HTTP/1.1 on the connection, so it is the last response the
// harness can read: it counts as the final one.
export function isInterim(status: number | null): boolean {
  return status !== null && status >= 100 && status <= 199 && status !== 101;
}

export function observe(read: ReadResult, end: ConnectionEnd): Observed {
  const interim: ReadResponse[] = [];
  const finals: ReadResponse[] = [];
  let incomplete: ReadResponse | null = null;
  for (const r of read.responses) {
    if (isInterim(r.status)) interim.push(r);
    else if (!r.complete) incomplete ??= r;
    else finals.push(r);
  }
  return { interim, finals, incomplete, garbage: read.unparsed, end };
}
