// The connection's stages and deadlines (server/src/connection-state.ts) driven by events and a
// clock that is a plain number: every timeout of the server, without a socket or a timer.

import { describe, expect, it } from 'vitest';

import { SERVER_RULES } from '../src/connection-rules.ts';
import { ConnectionState } from '../src/connection-state.ts';
import type { Timeouts } from '../src/timeouts.ts';

const T: Timeouts = { headersMs: 10_000, idleMs: 5_000, bodyMs: 10_000, minBodyRate: 500, sendMs: 30_000, lingerMs: 2_000, shutdownMs: 5_000 };

/** A fresh connection opened at t = 0. */
function fresh(): ConnectionState {
  return new ConnectionState(SERVER_RULES, T, 0);
}

describe('idle timeout', () => {
  it('closes an idle connection quietly at idleMs, not a moment before', () => {
    const s = fresh();
    expect(s.check(4_999, false)).toBe('none');
    expect(s.check(5_000, false)).toBe('close-quietly');
  });

  it('restarts after each answer', () => {
    const s = fresh();
    s.read(40, 1_000);
    s.head(false, 1_000);
    expect(s.check(100_000, false)).toBe('none');
    s.idle(2_000);
    expect(s.check(6_999, false)).toBe('none');
    expect(s.check(7_000, false)).toBe('close-quietly');
  });
});

describe('header timeout (slowloris)', () => {
  it('runs from the first octet and does not move with later reads', () => {
    const s = fresh();
    s.read(1, 1_000);
    expect(s.stage).toBe('head');
    for (let now = 2_000; now < 11_000; now += 1_000) {
      s.read(1, now);
      expect(s.check(now, false)).toBe('none');
    }
    expect(s.check(11_000, false)).toBe('answer-408-and-close');
  });

  it('starts for a pipelined request that arrived with the previous one', () => {
    const s = fresh();
    s.read(100, 0);
    s.head(false, 0);
    s.idle(500);
    s.pipelinedHead(500);
    expect(s.stage).toBe('head');
    expect(s.check(10_499, false)).toBe('none');
    expect(s.check(10_500, false)).toBe('answer-408-and-close');
  });
});

describe('body timeout', () => {
  it('408 for a body that stops arriving, before the answer started', () => {
    const s = fresh();
    s.read(100, 0);
    s.head(true, 0);
    expect(s.stage).toBe('body');
    expect(s.check(9_999, false)).toBe('none');
    expect(s.check(10_000, false)).toBe('answer-408-and-close');
    // Once the answer is on its way there is nothing left to say: cut.
    expect(s.check(10_000, true)).toBe('destroy');
  });

  it('a trickle that falls behind the minimum rate runs out although it never pauses for bodyMs', () => {
    const s = fresh();
    s.read(100, 0);
    s.head(true, 0);
    let now = 0;
    // One octet every 2 s: each buys 2 ms at 500 octets a second.
    while (s.check(now, false) === 'none') {
      now += 2_000;
      if (s.check(now, false) !== 'none') break;
      s.read(1, now);
    }
    expect(s.check(now, false)).toBe('answer-408-and-close');
    expect(now).toBeLessThanOrEqual(12_000);
  });

  it('is not the peer\'s fault while we hold the socket paused; resuming gives a full bodyMs', () => {
    const s = fresh();
    s.read(100, 0);
    s.head(true, 0);
    s.setReading(false, 1_000);
    expect(s.check(50_000, false)).toBe('none');
    s.setReading(true, 50_000);
    expect(s.check(59_999, false)).toBe('none');
    expect(s.check(60_000, false)).toBe('answer-408-and-close');
  });
});

describe('send timeout', () => {
  it('cuts a client that leaves a full socket unread for sendMs, whatever the stage', () => {
    const s = fresh();
    s.read(40, 0);
    s.head(false, 0);
    s.sendBlocked(1_000);
    // A second full write does not move it.
    s.sendBlocked(20_000);
    expect(s.check(30_999, true)).toBe('none');
    expect(s.check(31_000, true)).toBe('destroy');
  });

  it('is lifted when the socket drains', () => {
    const s = fresh();
    s.read(40, 0);
    s.head(false, 0);
    s.sendBlocked(1_000);
    s.drained();
    expect(s.check(1_000_000, true)).toBe('none');
  });
});

describe('closing: send bound, then linger', () => {
  it('is bounded by sendMs while our output waits, by lingerMs once it is out', () => {
    const s = fresh();
    s.closing(1_000, true);
    expect(s.check(30_999, false)).toBe('none');
    s.flushed(5_000);
    expect(s.check(6_999, false)).toBe('none');
    expect(s.check(7_000, false)).toBe('destroy');
  });

  it('lingers lingerMs when nothing is left to send', () => {
    const s = fresh();
    s.closing(1_000, false);
    expect(s.check(2_999, false)).toBe('none');
    expect(s.check(3_000, false)).toBe('destroy');
  });
});

describe('answering', () => {
  it('is never timed out by the stage clock (the send bound covers a stuck client)', () => {
    const s = fresh();
    s.read(40, 0);
    s.head(false, 0);
    expect(s.stage).toBe('respond');
    expect(s.check(Number.MAX_SAFE_INTEGER, true)).toBe('none');
  });
});
