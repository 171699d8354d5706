// ddmin finds a small input that keeps a property; the template shrinker drops whole chunks, then
// lines, then octets, never splits a placeholder, and stops within its budget.

import { describe, expect, it } from 'vitest';
import { ddmin, shrinkTemplate } from '../../src/explore/shrink.ts';

const budget = { maxTests: 10_000, deadline: Number.POSITIVE_INFINITY };

describe('ddmin', () => {
  it('reduces to the items the property needs', async () => {
    const items = Array.from({ length: 40 }, (_, i) => i);
    const needs = [3, 17, 29];
    const tests: number[][] = [];
    const out = await ddmin(items, async (xs) => {
      tests.push(xs);
      return needs.every((n) => xs.includes(n));
    });
    expect(out).toEqual(needs);
    expect(tests.length).toBeLessThan(200);
  });

  it('keeps a single item', async () => {
    expect(await ddmin(['a'], async () => true)).toEqual(['a']);
  });
});

describe('shrinkTemplate', () => {
  // The "disagreement": both framing fields present and the canary still there.
  const bothFraming = async (t: string): Promise<boolean> => /Transfer-Encoding/.test(t) && /Content-Length/.test(t) && t.endsWith('{canary}');
  const request = 'POST /echo HTTP/1.1\r\nHost: {host}\r\nX-Pad: aaaaaaaaaaaaaaaaaa\r\nTransfer-Encoding: chunked\r\nContent-Length: 30\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n{canary}';

  it('drops everything the property does not need', async () => {
    const r = await shrinkTemplate(request, bothFraming, budget);
    expect(r.template).toBe('Transfer-EncodingContent-Length{canary}');
    expect(r.stoppedEarly).toBe(false);
  });

  it('never tests a template that splits a placeholder', async () => {
    const tested: string[] = [];
    await shrinkTemplate(request, async (t) => {
      tested.push(t);
      return t.includes('{host}') && t.includes('Content');
    }, budget);
    for (const t of tested) expect(t.replace(/\{(host|canary)\}/g, '')).not.toMatch(/\{[a-z-]*\}|\{(h|ho|hos|c|ca)/);
  });

  it('drops all data chunks at once when the last-chunk alone keeps the property', async () => {
    const tested: string[] = [];
    const chunked = 'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n{canary}';
    const r = await shrinkTemplate(chunked, async (t) => {
      tested.push(t);
      return t.includes('Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n{canary}');
    }, budget);
    expect(tested[0]).toBe('POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n{canary}');
    expect(r.template).toBe('Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n{canary}');
  });

  it('stops at the test budget and returns the smallest request found so far', async () => {
    let calls = 0;
    const r = await shrinkTemplate(request, async (t) => {
      calls++;
      return bothFraming(t);
    }, { maxTests: 5, deadline: Number.POSITIVE_INFINITY });
    expect(calls).toBe(5);
    expect(r.tests).toBe(5);
    expect(r.stoppedEarly).toBe(true);
    expect(await bothFraming(r.template)).toBe(true);
    expect(r.template.length).toBeLessThanOrEqual(request.length);
  });

  it('stops at the deadline', async () => {
    let clock = 0;
    const r = await shrinkTemplate(request, async (t) => {
      clock += 10;
      return bothFraming(t);
    }, { maxTests: 10_000, deadline: 30, now: () => clock });
    expect(r.tests).toBe(3);
    expect(r.stoppedEarly).toBe(true);
  });
});
