// Which readings of one request count as a disagreement, and of which class.

import { describe, expect, it } from 'vitest';
import { canaryFramed, requestsAsWritten } from '../../src/explore/as-written.ts';
import { disagreement, type Context } from '../../src/explore/disagreement.ts';
import type { Seen, SeenResponse } from '../../src/explore/observe.ts';

const r = (status: number, extra: Partial<SeenResponse> = {}): SeenResponse => ({ status, canary: false, closes: false, ...extra });
const canary: SeenResponse = { status: 200, canary: true, closes: false };
const seen = (finals: SeenResponse[], extra: Partial<Seen> = {}): Seen => ({ finals, incomplete: false, end: 'open', timedOut: false, crashed: false, ...extra });
// One request and the canary, framed by the book; or bytes where the canary sits in garbage.
const framed: Context = { expected: 2, echoAt: new Set() };
const unframed: Context = { expected: null, echoAt: new Set() };

describe('disagreement', () => {
  it('is none for the same reading, or statuses within one class', () => {
    expect(disagreement(seen([r(200), canary]), seen([r(200), canary]), framed)).toBeNull();
    expect(disagreement(seen([r(400, { closes: true })]), seen([r(413, { closes: true })]), framed)).toBeNull();
    expect(disagreement(seen([r(404), canary]), seen([r(500), canary]), framed)).toBeNull();
  });

  it('is framing when the canary is answered by one and not the other', () => {
    expect(disagreement(seen([r(200), canary]), seen([r(200)]), framed)).toBe('framing');
    expect(disagreement(seen([r(200), canary]), seen([r(200), r(400)]), framed)).toBe('framing');
    expect(disagreement(seen([r(200), r(400)]), seen([r(200), canary]), framed)).toBe('framing');
  });

  it('is framing when the reference rejected and closed and the other went on out of step', () => {
    const ref = seen([r(400, { closes: true })], { end: 'closed' });
    expect(disagreement(ref, seen([r(405), r(400, { closes: true })]), framed)).toBe('framing');
    expect(disagreement(ref, seen([r(200), r(400, { closes: true })]), framed)).toBe('framing');
    // In step after all: it answered the canary.
    expect(disagreement(ref, seen([r(405), canary]), framed)).toBeNull();
    expect(disagreement(ref, seen([r(200), canary]), framed)).toBe('status');
    // When the canary sits in garbage as written, stumbling there proves nothing.
    expect(disagreement(ref, seen([r(405), r(400, { closes: true })]), unframed)).toBeNull();
    expect(disagreement(ref, seen([r(200), r(400, { closes: true })]), unframed)).toBe('status');
  });

  it('takes an error answer in a pipeline as in step when the canary comes in its slot', () => {
    const ref = seen([r(400, { closes: true })], { end: 'closed' });
    const other = seen([r(200), r(200), r(404), canary]);
    expect(disagreement(ref, other, { expected: 4, echoAt: new Set() })).toBe('status');
    // The canary one slot early: the other took two requests for one.
    expect(disagreement(ref, seen([r(200), r(404), canary]), { expected: 4, echoAt: new Set() })).toBe('framing');
  });

  it('is none when one refused trailing bytes the other ignored or still waits on', () => {
    expect(disagreement(seen([r(200), r(400, { closes: true })], { end: 'closed' }), seen([r(200)]), unframed)).toBeNull();
    expect(disagreement(seen([r(200)]), seen([r(200), r(400, { closes: true })], { end: 'closed' }), unframed)).toBeNull();
  });

  it('is status when the other refuses a later request and stays in step, framing when it falls out', () => {
    const three: Context = { expected: 3, echoAt: new Set() };
    expect(disagreement(seen([r(200), r(200), canary]), seen([r(200), r(400), canary]), three)).toBe('status');
    expect(disagreement(seen([r(200), r(200), canary]), seen([r(200), r(400, { closes: true })], { end: 'closed' }), three)).toBe('status');
    expect(disagreement(seen([r(200), r(200), canary]), seen([r(200), r(400), r(400)]), three)).toBe('framing');
    // Two canaries: the first one's answer before the last slot is in step.
    expect(disagreement(seen([r(400, { closes: true })], { end: 'closed' }), seen([r(200), canary, canary]), three)).toBe('status');
  });

  it('is status when a request that only looks like the canary is refused by one', () => {
    expect(disagreement(seen([r(200), canary]), seen([r(200), r(400, { closes: true })]), unframed)).toBe('status');
  });

  it('stops comparing once the other target says it will close', () => {
    expect(disagreement(seen([r(200), canary]), seen([r(200, { closes: true })], { end: 'closed' }), framed)).toBeNull();
    expect(disagreement(seen([r(200), canary]), seen([r(200, { closes: true }), r(400)]), framed)).toBeNull();
  });

  it('is echo when an echoed body differs, and only for requests to the echo route', () => {
    const a = seen([r(200, { body: 'hello' }), canary]);
    const b = seen([r(200, { body: 'hel' }), canary]);
    expect(disagreement(a, b, { expected: 2, echoAt: new Set([0]) })).toBe('echo');
    expect(disagreement(a, b, framed)).toBeNull();
  });

  it('is crash when one target died, hang when one still waits on what the other answered', () => {
    expect(disagreement(seen([r(200)]), seen([], { crashed: true, end: 'reset' }), framed)).toBe('crash');
    expect(disagreement(seen([r(200), canary]), seen([], { timedOut: true }), framed)).toBe('hang');
    // The reference waiting for more where the other answered at once is no hang of the other's.
    expect(disagreement(seen([], { timedOut: true }), seen([r(200), canary]), framed)).toBe('status');
    // Refusing at once what the other still waits on is only a status difference.
    expect(disagreement(seen([r(400, { closes: true })]), seen([], { timedOut: true }), framed)).toBe('status');
    expect(disagreement(seen([], { timedOut: true }), seen([], { timedOut: true }), framed)).toBeNull();
  });

  it('is status when one accepts what the other rejects and both stay in step', () => {
    expect(disagreement(seen([r(200), canary]), seen([r(400), canary]), framed)).toBe('status');
    expect(disagreement(seen([r(200), canary]), seen([], { end: 'closed' }), framed)).toBe('status');
    expect(disagreement(seen([r(400)], { end: 'closed' }), seen([], { end: 'closed' }), framed)).toBeNull();
  });
});

describe('canaryFramed', () => {
  it('frames by Transfer-Encoding over Content-Length, and skips empty lines before a request', () => {
    expect(canaryFramed('POST / HTTP/1.1\r\nHost: {host}\r\nContent-Length: 5\r\n\r\nhello{canary}')).toBe(true);
    expect(canaryFramed('POST / HTTP/1.1\r\nHost: {host}\r\nContent-Length: 4\r\n\r\nhello{canary}')).toBe(false);
    expect(canaryFramed('POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n5\r\nhello\r\n0\r\n\r\n{canary}')).toBe(true);
    expect(canaryFramed('POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhell\r\n0\r\n\r\n{canary}')).toBe(false);
    expect(canaryFramed('GET / HTTP/1.1\r\n\r\n\r\n{canary}')).toBe(true);
    expect(canaryFramed('GET / HTTP/1.1\r\n\r\n {canary}')).toBe(false);
    expect(canaryFramed('GET / HTTP/1.1\r\n\r\n{canary}{canary}')).toBe(true);
    expect(canaryFramed('GET / HTTP/1.1\r\n\r\n')).toBe(false);
  });

  it('counts the requests as written, the canary included', () => {
    expect(requestsAsWritten('GET / HTTP/1.1\r\n\r\n{canary}')).toBe(2);
    expect(requestsAsWritten('GET / HTTP/1.1\r\n\r\nGET /a HTTP/1.1\r\n\r\n{canary}{canary}')).toBe(4);
    expect(requestsAsWritten('{canary}')).toBe(1);
    expect(requestsAsWritten('GET / HTTP/1.1\r\n\r\nx{canary}')).toBeNull();
  });

  it('cannot frame what the RFC says cannot be framed', () => {
    expect(canaryFramed('POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\nx{canary}')).toBe(false);
    expect(canaryFramed('POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nxy{canary}')).toBe(false);
    expect(canaryFramed('POST / HTTP/1.1\r\nContent-Length: +1\r\n\r\nx{canary}')).toBe(false);
  });
});
