import { describe, expect, it } from 'vitest';

import { evaluatePreconditions, ifRangeHolds, parseEntityTags, readConditionalFields } from '../src/conditional.ts';
import type { ConditionalFields } from '../src/conditional.ts';
import { formatHttpDate } from '../src/http-date.ts';
import { evaluateRange } from '../src/range.ts';

describe('evaluateRange', () => {
  const r = (v: string, size = 14) => evaluateRange(v, size);
  it('serves single satisfiable ranges, clamped', () => {
    expect(r('bytes=0-4')).toEqual({ kind: 'partial', start: 0, end: 4 });
    expect(r('BYTES=0-4')).toEqual({ kind: 'partial', start: 0, end: 4 });
    expect(r('bytes=7-')).toEqual({ kind: 'partial', start: 7, end: 13 });
    expect(r('bytes=-6')).toEqual({ kind: 'partial', start: 8, end: 13 });
    expect(r('bytes=0-999')).toEqual({ kind: 'partial', start: 0, end: 13 });
    expect(r('bytes=-100')).toEqual({ kind: 'partial', start: 0, end: 13 });
    expect(r('bytes=0-99999999999999999999999')).toEqual({ kind: 'partial', start: 0, end: 13 });
  });
  it('reports unsatisfiable ranges', () => {
    expect(r('bytes=14-')).toEqual({ kind: 'unsatisfiable' });
    expect(r('bytes=100-200')).toEqual({ kind: 'unsatisfiable' });
    expect(r('bytes=-0')).toEqual({ kind: 'unsatisfiable' });
    expect(r('bytes=0-0', 0)).toEqual({ kind: 'unsatisfiable' });
    expect(r('bytes=18446744073709551620-')).toEqual({ kind: 'unsatisfiable' });
  });
  it('ignores what it does not serve', () => {
    for (const v of ['bytes=5-2', 'bytes=abc', 'bytes 0-4', 'bytes=0-4x', 'items=0-4', 'bytes=0-1,4-5', 'bytes=']) {
      expect(r(v), v).toEqual({ kind: 'full' });
    }
  });
});

describe('preconditions', () => {
  const etag = '"e-1"';
  const lastModified = Date.UTC(2024, 0, 1);
  const v = { etag, lastModified };
  const f = (over: Partial<ConditionalFields>): ConditionalFields => ({
    ifMatch: null,
    ifNoneMatch: null,
    ifModifiedSince: null,
    ifUnmodifiedSince: null,
    range: null,
    ifRange: null,
    ...over,
  });
  const lm = formatHttpDate(lastModified);
  const dayBefore = formatHttpDate(lastModified - 86_400_000);

  it('parses entity-tag lists, commas inside quotes included', () => {
    expect(parseEntityTags('"a", W/"b" ,"c,d"')).toEqual([
      { weak: false, opaque: 'a' },
      { weak: true, opaque: 'b' },
      { weak: false, opaque: 'c,d' },
    ]);
    expect(parseEntityTags('abc, "x"')).toEqual([null, { weak: false, opaque: 'x' }]);
  });

  it('If-None-Match uses weak comparison', () => {
    expect(evaluatePreconditions(f({ ifNoneMatch: etag }), v, true)).toBe('not-modified');
    expect(evaluatePreconditions(f({ ifNoneMatch: `W/${etag}` }), v, true)).toBe('not-modified');
    expect(evaluatePreconditions(f({ ifNoneMatch: `"nope", ${etag}` }), v, true)).toBe('not-modified');
    expect(evaluatePreconditions(f({ ifNoneMatch: '*' }), v, true)).toBe('not-modified');
    expect(evaluatePreconditions(f({ ifNoneMatch: '"nope"' }), v, true)).toBe('proceed');
    expect(evaluatePreconditions(f({ ifNoneMatch: 'e-1' }), v, true)).toBe('proceed');
  });

  it('If-Modified-Since only without If-None-Match, and only when valid', () => {
    expect(evaluatePreconditions(f({ ifModifiedSince: lm }), v, true)).toBe('not-modified');
    expect(evaluatePreconditions(f({ ifModifiedSince: dayBefore }), v, true)).toBe('proceed');
    expect(evaluatePreconditions(f({ ifModifiedSince: 'garbage' }), v, true)).toBe('proceed');
    expect(evaluatePreconditions(f({ ifModifiedSince: `${lm}, ${lm}` }), v, true)).toBe('proceed');
    expect(evaluatePreconditions(f({ ifNoneMatch: '"nope"', ifModifiedSince: lm }), v, true)).toBe('proceed');
  });

  it('If-Match uses strong comparison; If-Unmodified-Since fails on later files', () => {
    expect(evaluatePreconditions(f({ ifMatch: '"nope"' }), v, true)).toBe('failed');
    expect(evaluatePreconditions(f({ ifMatch: `W/${etag}` }), v, true)).toBe('failed');
    expect(evaluatePreconditions(f({ ifMatch: '*' }), v, true)).toBe('proceed');
    expect(evaluatePreconditions(f({ ifMatch: etag }), v, true)).toBe('proceed');
    expect(evaluatePreconditions(f({ ifUnmodifiedSince: dayBefore }), v, true)).toBe('failed');
    expect(evaluatePreconditions(f({ ifUnmodifiedSince: lm }), v, true)).toBe('proceed');
    expect(evaluatePreconditions(f({ ifUnmodifiedSince: 'garbage' }), v, true)).toBe('proceed');
  });

  it('If-Range holds for the strong ETag or the exact date only', () => {
    expect(ifRangeHolds(etag, v)).toBe(true);
    expect(ifRangeHolds(`W/${etag}`, v)).toBe(false);
    expect(ifRangeHolds('"old"', v)).toBe(false);
    expect(ifRangeHolds(lm, v)).toBe(true);
    expect(ifRangeHolds(dayBefore, v)).toBe(false);
  });

  it('collects the fields, joining repeats', () => {
    expect(readConditionalFields([['Host', 'x'], ['Accept', '*/*']])).toBeNull();
    const got = readConditionalFields([
      ['IF-NONE-MATCH', '"a"'],
      ['If-None-Match', '"b"'],
      ['Range', 'bytes=0-1'],
    ]);
    expect(got).toMatchObject({ ifNoneMatch: '"a", "b"', range: 'bytes=0-1', ifMatch: null });
  });
});
