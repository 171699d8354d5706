// The connection rules (server/src/connection-rules.ts) without sockets or real time: heads and
// clock values go in, decisions and deadlines come out.

import { describe, expect, it } from 'vitest';

import { CLOSE, PERSIST, PERSIST_HTTP10, SERVER_RULES } from '../src/connection-rules.ts';
import { head } from './support/request-head.ts';
import { DEFAULT_TIMEOUTS } from '../src/timeouts.ts';
import type { Timeouts } from '../src/timeouts.ts';


const T: Timeouts = { ...DEFAULT_TIMEOUTS, headersMs: 10_000, bodyMs: 10_000, minBodyRate: 500 };
const rules = SERVER_RULES;

describe('persistence', () => {
  it('keeps HTTP/1.1 open unless asked to close or a close is already required', () => {
    expect(rules.persistence(head(), false, false)).toBe(PERSIST);
    expect(rules.persistence(head({ keepAlive: false }), false, false)).toBe(CLOSE);
    expect(rules.persistence(head(), false, true)).toBe(CLOSE);
  });

  it('tells an HTTP/1.0 client keep-alive when it persists (RFC 9112 §9.3)', () => {
    expect(rules.persistence(head({ version: { major: 1, minor: 0 } }), true, false)).toBe(PERSIST_HTTP10);
    expect(PERSIST_HTTP10.line).toBe('Connection: keep-alive\r\n');
    expect(CLOSE.line).toBe('Connection: close\r\n');
  });
});

describe('100-continue and answering before the body', () => {
  const body = { framing: { kind: 'length', length: 10 } } as const;

  it('invites the body only when the client expects 100-continue', () => {
    expect(rules.invite100(head({ ...body, expectContinue: true }), false, true)).toBe(true);
    expect(rules.invite100(head(body), false, true)).toBe(false);
  });

  it('answers at once a client waiting for 100 Continue, and a body past the discard bound', () => {
    expect(rules.answerBeforeBody(head({ ...body, expectContinue: true }), 65536)).toBe(true);
    expect(rules.answerBeforeBody(head(body), 65536)).toBe(false);
    expect(rules.answerBeforeBody(head({ framing: { kind: 'length', length: 65537 } }), 65536)).toBe(true);
    expect(rules.answerBeforeBody(head({ framing: { kind: 'chunked' } }), 0)).toBe(false);
  });
});

describe('parse errors', () => {
  it('answer and close, whatever the error', () => {
    expect(rules.afterParseError('BARE_LF', 400, false)).toBe('answer-and-close');
    expect(rules.afterParseError('HEADER_TOO_LARGE', 431, true)).toBe('answer-and-close');
  });
});

describe('deadlines, driven by a clock that is just a number', () => {
  it('an idle connection closes quietly, an incomplete head gets 408, a closing one is cut', () => {
    expect(rules.expired('idle', true, false)).toBe('close-quietly');
    expect(rules.expired('head', true, false)).toBe('answer-408-and-close');
    expect(rules.expired('respond', true, true)).toBe('none');
    expect(rules.expired('closing', true, false)).toBe('destroy');
  });

  it('a stalled body gets 408 before the answer started, is cut after, and waits while we hold the socket', () => {
    expect(rules.expired('body', true, false)).toBe('answer-408-and-close');
    expect(rules.expired('body', true, true)).toBe('destroy');
    expect(rules.expired('body', false, false)).toBe('none');
  });

  it('the head deadline does not move with reads (slowloris)', () => {
    let deadline = 0 + T.headersMs;
    for (let now = 1000; now < 9000; now += 1000) deadline = rules.headDeadlineAfterRead(deadline, now, T);
    expect(deadline).toBe(10_000);
  });

  it('a body read buys time in proportion to its size, never past bodyMs from now', () => {
    // 500 octets a second: 1000 octets buy 2 s.
    expect(rules.bodyDeadlineAfterRead(10_000, 1000, 5000, T)).toBe(12_000);
    // Capped at now + bodyMs.
    expect(rules.bodyDeadlineAfterRead(10_000, 1_000_000, 1000, T)).toBe(11_000);
    // A trickle of one octet every 5 s falls behind: its deadline passes while it still reads.
    let deadline = T.bodyMs;
    let now = 0;
    while (now < deadline) {
      now += 5000;
      if (now >= deadline) break;
      deadline = rules.bodyDeadlineAfterRead(deadline, 1, now, T);
    }
    expect(now).toBeLessThan(30_000);
    expect(now).toBeGreaterThanOrEqual(deadline);
  });

  it('without a minimum rate, each read restarts the body deadline', () => {
    const noRate = { ...T, minBodyRate: 0 };
    expect(rules.bodyDeadlineAfterRead(10_000, 1, 9_000, noRate)).toBe(19_000);
  });
});

describe('the server\'s choices', () => {
  it('finishes what a half-closed peer asked for, lingers after its FIN, contains socket errors, never delays', () => {
    expect([rules.peerEnd, rules.closeStyle, rules.socketErrors, rules.answerDelayMs]).toEqual(['finish', 'linger', 'contain', 0]);
  });
});
