// Which differences between two targets' readings of one request matter. Framing is what request
// smuggling exploits (RFC 9112 §11.2): a different number of requests seen, the canary answered
// by one and not the other, echoed bodies that differ; then a crash or a hang. A status that
// differs within its class (400 against 413, or 404 against 500: both refuse) is not a
// disagreement, and neither is anything after a response that says the server will close (it may
// stop reading there, RFC 9112 §9.6), unless the reference closed on an error and the other target
// went on and fell out of step.

import type { Seen, SeenResponse } from './observe.ts';

/** In order of importance: a request that shows several is filed under the first. */
export const FINDING_CLASSES = ['crash', 'hang', 'framing', 'echo', 'status'] as const;
export type FindingClass = (typeof FINDING_CLASSES)[number];

/** 4xx and 5xx are one class here: both refuse the request, which is what framing cares about. */
export function statusClass(r: SeenResponse): string {
  if (r.canary) return 'canary';
  if (r.status === null) return '?';
  return r.status >= 400 ? '4xx/5xx' : `${Math.floor(r.status / 100)}xx`;
}

const isError = (r: SeenResponse): boolean => r.status === null || r.status >= 400;
/** Still waiting when time ran out, with no complete answer. */
export const hung = (s: Seen): boolean => s.timedOut && s.finals.length === 0;

/**
 * Whether a target went on in step with the bytes as written from response `from` on: the last
 * canary's answer in its slot, or the target stopped before it (it said it would close, or the
 * connection ended). Something else in that slot, or an open connection that never got there
 * (waiting for more, or a request swallowed, so the canary came a slot early) means it framed
 * the bytes otherwise. Without a canary framed by the book, nothing can be said.
 */
function inStep(s: Seen, from: number, expected: number | null): boolean {
  if (expected === null) return true;
  const rs = s.finals;
  for (let k = from; k < rs.length; k++) {
    const r = rs[k]!;
    if (k === expected - 1) return r.canary;
    if (r.closes) return true;
  }
  return rs.length < expected && s.end !== 'open';
}

export type Context = {
  /**
   * How many requests the bytes hold framed by the book, the canary at the end included, or null
   * when the canary does not stand as a message of its own (as-written.ts).
   */
  expected: number | null;
  /** Indexes of the requests, as written, that go to the echo route on both targets: their bodies are compared. */
  echoAt: ReadonlySet<number>;
};

/**
 * How `other` disagrees with the reference `ref` on the same request, or null when it does not in
 * a way that matters. The reference is trusted where the two cannot both be right: when it
 * rejected, the other target going on and falling out of step is a framing finding.
 */
export function disagreement(ref: Seen, other: Seen, ctx: Context): FindingClass | null {
  if (ref.crashed !== other.crashed) return 'crash';
  if (hung(ref) !== hung(other)) {
    // A hang is the other still waiting on a request the reference answered. Refusing at once
    // what the other waits on is eagerness; answering before a body the reference waits for
    // is allowed (and whether it skips that body shows only once the body is sent).
    return !hung(ref) && ref.finals.length > 0 && !isError(ref.finals[0]!) ? 'hang' : 'status';
  }
  if (hung(ref)) return null;
  const a = ref.finals;
  const b = other.finals;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.canary !== y.canary) {
      // A request that only looks like the canary may be refused for what it is.
      return ctx.expected === null && (isError(x) || isError(y)) ? 'status' : 'framing';
    }
    // One accepted what the other refused: a status difference while the other stays in step
    // with the bytes as written, a framing one when it falls out of step after. (The reference
    // falling out of step says the bytes were garbage there: a matter of refusing, not framing.)
    if (statusClass(x) !== statusClass(y)) return inStep(other, i, ctx.expected) ? 'status' : 'framing';
    if (ctx.echoAt.has(i) && x.body !== undefined && y.body !== undefined && x.body !== y.body) return 'echo';
    // The other stopped reading here: nothing after can be compared.
    if (y.closes) return null;
    if (x.closes) return isError(x) && !inStep(other, i + 1, ctx.expected) ? 'framing' : null;
  }
  if (a.length === b.length) return null;
  if (a.length < b.length) {
    // The reference gave up sooner: with nothing, or after an error.
    if (a.length === 0) return isError(b[0]!) ? null : inStep(other, 0, ctx.expected) ? 'status' : 'framing';
    // The reference still waits on bytes the other refused at once: eagerness.
    if (ref.end === 'open' && b.slice(a.length).every(isError)) return null;
    return isError(a.at(-1)!) && inStep(other, a.length, ctx.expected) ? null : 'framing';
  }
  if (b.length === 0) return isError(a[0]!) ? null : 'status';
  // The reference refused bytes the other ignored or still waits on (a stray line ending, say).
  if (a.slice(b.length).every(isError)) return null;
  return isError(b.at(-1)!) ? null : 'framing';
}

/** A target's reading in a few words, for signatures and notes: `2xx, canary; open`. */
export function shape(s: Seen): string {
  const responses = s.finals.length === 0 ? 'no response' : s.finals.map(statusClass).join(', ');
  const end = s.crashed ? 'crashed' : hung(s) ? 'timed out' : s.incomplete ? `${s.end}, one incomplete` : s.end;
  return `${responses}; ${end}`;
}

/** The same reading with exact statuses and bodies' lengths, for people. */
export function describeSeen(s: Seen): string {
  const responses = s.finals.length === 0
    ? 'no response'
    : s.finals.map((r) => (r.canary ? 'canary' : `${r.status ?? '?'}${r.body !== undefined ? ` (${r.body.length}-octet body)` : ''}${r.closes ? ' close' : ''}`)).join(', ');
  const end = s.crashed ? 'the server crashed' : hung(s) ? 'no complete response within the time bound' : s.incomplete ? `${s.end}, the last response incomplete` : `connection ${s.end}`;
  return `${responses}; ${end}`;
}
