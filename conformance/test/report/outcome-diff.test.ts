import { describe, expect, it } from 'vitest';
import { diffOutcome, statusFits } from '../../src/report/outcome-diff.ts';
import { primaryAlternative } from '../../src/report/html-view-model.ts';

const marked = (spans: Array<{ text: string; differs: boolean }>): string[] => spans.filter((s) => s.differs).map((s) => s.text);
const joined = (spans: Array<{ text: string }>): string => spans.map((s) => s.text).join('');

describe('diffOutcome', () => {
  it('marks the status code that differs on both sides', () => {
    const d = diffOutcome('304', '200 OK (Content-Length: 14), then closed by server');
    expect(marked(d.expected)).toEqual(['304']);
    expect(marked(d.actual)).toEqual(['200']);
  });

  it('marks the connection state when it differs and leaves a fitting status alone', () => {
    const d = diffOutcome('400 or 411, then closed [warn: a note]', '400 Bad Request (Content-Length: 11), then still open after 2000 ms');
    expect(marked(d.expected)).toEqual(['then closed']);
    expect(marked(d.actual)).toEqual(['still open after 2000 ms']);
  });

  it('marks a missing response and an extra one', () => {
    const missing = diffOutcome('200 (body of hello.txt), then 200 (body of index.html)', '200 OK (Content-Length: 14), then closed by server');
    expect(marked(missing.expected)).toEqual(['200 (body of index.html)']);
    const extra = diffOutcome('no response, closed', '400 Bad Request, then closed by server');
    expect(marked(extra.expected)).toEqual(['no response']);
    expect(marked(extra.actual)).toEqual(['400 Bad Request']);
  });

  it('knows classes, lists, any status and the canary', () => {
    expect(statusFits('4xx', 431)).toBe(true);
    expect(statusFits('400, 403 or 404', 403)).toBe(true);
    expect(statusFits('400, 403 or 404', 500)).toBe(false);
    expect(statusFits('any status', 599)).toBe(true);
    expect(statusFits('canary 200', 404)).toBe(false);
    const d = diffOutcome('any status, then canary 200', '400 Bad Request, then 404 Not Found, then closed by server');
    expect(marked(d.actual)).toEqual(['404']);
  });

  it('skips interim responses and never loses text', () => {
    const expected = '100 Continue, then 200 (body "a, then b"), connection open';
    const actual = '100 Continue, then 500 Internal Server Error (Connection: close), then closed by server';
    const d = diffOutcome(expected, actual);
    expect(marked(d.actual)).toEqual(['500', 'closed by server']);
    expect(joined(d.expected)).toBe(expected);
    expect(joined(d.actual)).toBe(actual);
  });

  it('marks nothing when a line does not parse', () => {
    const d = diffOutcome('something new', 'garbage: "x"');
    expect(marked(d.expected)).toEqual([]);
    expect(marked(d.actual)).toEqual([]);
  });
});

describe('primaryAlternative', () => {
  it('is the matched one, else the one the judge called closest, else the first', () => {
    const expected = ['400, then closed', 'no response, closed [warn: x]'];
    expect(primaryAlternative({ matched: 1, message: '', expected })).toBe(1);
    expect(primaryAlternative({ matched: null, message: 'closest allowed outcome "no response, closed": got 200', expected })).toBe(1);
    expect(primaryAlternative({ matched: null, message: 'no response within 2000 ms', expected })).toBe(0);
  });
});
