// The judge side of version, wellFormed, the date checks and interim response lists.

import { describe, expect, it } from 'vitest';
import { arrivalFrom } from '../../src/judge/arrival.ts';
import { formatImfFixdate } from '../../src/judge/http-date.ts';
import { describeAlternative, judge, settleFor } from '../../src/judge/judge.ts';
import type { JudgeContext } from '../../src/judge/types.ts';
import type { ReadResponse, Transcript } from '../../src/wire/types.ts';
import { CTX, canaryRes, read, res, simpleCase, transcript } from './wire-values.ts';

const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);
const AT: JudgeContext = { ...CTX, now: () => NOW };
const DATE_NOW = formatImfFixdate(NOW);

const with_ = (r: ReadResponse, extra: Partial<ReadResponse>): ReadResponse => ({ ...r, ...extra });
const verdict = (c: ReturnType<typeof simpleCase>, responses: ReadResponse[], ctx: JudgeContext = AT) => judge(c, read(responses), transcript('open'), ctx);

describe('version', () => {
  const c = simpleCase('SHOULD', '- responses: [{ status: 200, version: HTTP/1.1 }]');

  it('compares the status-line version exactly', () => {
    expect(verdict(c, [res('200 OK')]).status).toBe('pass');
    const v = verdict(c, [with_(res('200 OK'), { version: 'HTTP/1.0' })]);
    expect(v).toMatchObject({ status: 'warn', message: 'closest allowed outcome "200 (HTTP/1.1)": expected status-line version HTTP/1.1, got "HTTP/1.0"' });
    expect(verdict(c, [with_(res('200 OK'), { version: 'http/1.1' })]).status).toBe('warn');
  });
});

describe('wellFormed', () => {
  const c = simpleCase('MUST', '- responses: [{ status: any, wellFormed: true }]');

  it('passes a response the reader found nothing wrong with', () => {
    expect(verdict(c, [res('200 OK', [['Date', DATE_NOW], ['X', 'a\tb \x80']])]).status).toBe('pass');
  });

  it('names the first finding', () => {
    const r = with_(res('200'), { findings: ['no SP after the status code (required even with an empty reason phrase)', 'bare LF line ending in the response head'] });
    expect(verdict(c, [r]).message).toBe(
      'closest allowed outcome "any status (well-formed)": not well-formed: no SP after the status code (required even with an empty reason phrase)',
    );
  });

  it('finds control characters in the reason phrase and in field values', () => {
    expect(verdict(c, [res('200 O\x01K')]).message).toContain('not well-formed: control character in the reason phrase "O\\x01K"');
    expect(verdict(c, [res('200 OK', [['X-A', 'ok'], ['X-B', 'a\x00b']])]).message).toContain('not well-formed: control character in the value of field "X-B": "a\\0b"');
    expect(verdict(c, [with_(res('200 OK'), { trailers: [['T', 'a\x7f']] })]).message).toContain('control character in the value of field "T"');
  });

  it('is not checked unless asked for', () => {
    const plain = simpleCase('MUST', '- responses: [{ status: any }]');
    expect(verdict(plain, [with_(res('200'), { findings: ['bare LF line ending in the response head'] })]).status).toBe('pass');
  });
});

describe('date checks', () => {
  it('date: an IMF-fixdate with the right day name', () => {
    const c = simpleCase('MUST', '- responses: [{ status: 200, headers: { date: { date: true } } }]');
    expect(verdict(c, [res('200 OK', [['Date', 'Sun, 06 Nov 1994 08:49:37 GMT']])]).status).toBe('pass');
    expect(verdict(c, [res('200 OK', [['Date', 'Sat Nov 21 2026 12:00:00 GMT+0000 (Coordinated Universal Time)']])]).message).toBe(
      'closest allowed outcome "200 (date as an IMF-fixdate)": header date: "Sat Nov 21 2026 12:00:00 GMT+0000 (Coordinated U..." is not an IMF-fixdate such as "Sun, 06 Nov 1994 08:49:37 GMT"',
    );
    expect(verdict(c, [res('200 OK', [['Date', 'Sunday, 06-Nov-94 08:49:37 GMT']])]).message).toContain('is an obsolete rfc850-date');
    expect(verdict(c, [res('200 OK', [['Date', 'Mon, 06 Nov 1994 08:49:37 GMT']])]).message).toContain('Mon is not the weekday of that date (Sun)');
    expect(verdict(c, [res('200 OK')]).message).toContain('header date: expected an IMF-fixdate, absent');
    // Two Date lines make one value that is no date.
    expect(verdict(c, [res('200 OK', [['Date', DATE_NOW], ['Date', DATE_NOW]])]).status).toBe('fail');
  });

  it('within: near the harness clock, in any HTTP-date format, the date naming a whole second', () => {
    const c = simpleCase('SHOULD', '- responses: [{ status: 200, headers: { date: { within: 60 } } }]');
    const at = (offsetMs: number): string => formatImfFixdate(NOW + offsetMs);
    expect(verdict(c, [res('200 OK', [['Date', at(0)]])]).status).toBe('pass');
    expect(verdict(c, [res('200 OK', [['Date', at(60_000)]])]).status).toBe('pass');
    expect(verdict(c, [res('200 OK', [['Date', at(-61_000)]])]).status).toBe('pass');
    expect(verdict(c, [res('200 OK', [['Date', 'Saturday, 21-Nov-26 12:00:30 GMT']])]).status).toBe('pass');
    expect(verdict(c, [res('200 OK', [['Date', at(61_000)]])]).message).toBe(
      `closest allowed outcome "200 (date within 60 s of the harness clock)": header date: "${at(61_000)}" is 61 s ahead of the harness clock (${DATE_NOW}), more than 60 s`,
    );
    expect(verdict(c, [res('200 OK', [['Date', at(-3_600_000)]])]).message).toContain('is 3599 s behind the harness clock');
    expect(verdict(c, [res('200 OK', [['Date', 'yesterday']])]).message).toContain('header date: "yesterday" is not an HTTP-date');
  });

  it('within: dates each response by the read that brought its first byte', () => {
    const c = simpleCase('SHOULD', '- responses: [{ status: 200, headers: { date: { within: 5 } } }, { status: 200, headers: { date: { within: 5 } } }]');
    const t: Transcript = {
      ...transcript('open'),
      events: [
        { kind: 'read', atMs: 10, bytes: Buffer.alloc(40) },
        { kind: 'read', atMs: 30_010, bytes: Buffer.alloc(40) },
        { kind: 'end', atMs: 30_020, how: 'open' },
      ],
    };
    // The judge runs at NOW: the second read came 10 ms before, the first 30 s before.
    const first = with_(res('200 OK', [['Date', formatImfFixdate(NOW - 30_000)]]), { start: 0, end: 40 });
    const second = with_(res('200 OK', [['Date', DATE_NOW]]), { start: 40, end: 80 });
    expect(judge(c, read([first, second]), t, AT).status).toBe('pass');
    const late = with_(first, { headers: [['Date', DATE_NOW]] });
    expect(judge(c, read([late, second]), t, AT).message).toContain('response 1 (to the first request): header date: ');
    expect(judge(c, read([late, second]), t, AT).message).toContain('is 30 s ahead of the harness clock');
  });

  it('notAfter: no later than the other field of the same response', () => {
    const c = simpleCase('MUST', '- responses: [{ status: 200, headers: { last-modified: { notAfter: date } } }]');
    const lm = (value: string, date?: string): ReadResponse => res('200 OK', [...(date ? [['Date', date] as [string, string]] : []), ['Last-Modified', value]]);
    expect(verdict(c, [lm('Sun, 06 Nov 1994 08:49:37 GMT', DATE_NOW)]).status).toBe('pass');
    expect(verdict(c, [lm(DATE_NOW, DATE_NOW)]).status).toBe('pass');
    expect(verdict(c, [lm('Sunday, 06-Nov-94 08:49:37 GMT', 'Sun Nov  6 08:49:37 1994')]).status).toBe('pass');
    const ahead = formatImfFixdate(NOW + 86_400_000);
    expect(verdict(c, [lm(ahead, DATE_NOW)]).message).toBe(
      `closest allowed outcome "200 (last-modified not after date)": header last-modified: "${ahead}" is later than date "${DATE_NOW}"`,
    );
    expect(verdict(c, [lm(DATE_NOW)]).message).toContain('header last-modified: cannot compare with date: absent');
    expect(verdict(c, [lm(DATE_NOW, 'now')]).message).toContain('header last-modified: cannot compare with date: "now" is not an HTTP-date');
    expect(verdict(c, [res('200 OK', [['Date', DATE_NOW]])]).message).toContain('header last-modified: expected an HTTP-date, absent');
  });
});

describe('interim response lists', () => {
  const c = simpleCase(
    'MUST',
    `- interim: [{ status: 100, wellFormed: true, headers: { content-length: { absent: true } } }]
  responses: [{ status: 200 }, canary]
- interim: none
  responses: [{ status: 200 }, canary]
  note: no 100 to check`,
  );

  it('matches the 1xx responses in number and one by one', () => {
    expect(verdict(c, [res('100 Continue'), res('200 OK'), canaryRes()])).toMatchObject({ status: 'pass', matched: 0 });
    expect(verdict(c, [res('200 OK'), canaryRes()])).toMatchObject({ status: 'pass', matched: 1 });
    const withLength = verdict(c, [res('100 Continue', [['Content-Length', '0']]), res('200 OK'), canaryRes()]);
    expect(withLength.status).toBe('fail');
    expect(withLength.message).toBe(
      'closest allowed outcome "interim 100 (well-formed, without content-length), then 200, then canary 200": interim response 1: header content-length: expected absent, got "0"',
    );
    const bad = with_(res('100 Continue'), { findings: ['Content-Length in a 100 response'] });
    expect(verdict(c, [bad, res('200 OK'), canaryRes()]).message).toContain('interim response 1: not well-formed: Content-Length in a 100 response');
    expect(verdict(c, [res('100 Continue'), res('100 Continue'), res('200 OK'), canaryRes()]).message).toContain(
      'expected 1 interim response, got 2 (100 Continue, 100 Continue)',
    );
  });

  it('lets settle wait for the finals and skip outcomes whose interim list fails', () => {
    const settle = settleFor(c, AT);
    expect(settle(read([res('100 Continue')]), 'open')).toBe('more');
    expect(settle(read([res('100 Continue'), res('200 OK'), canaryRes()]), 'open')).toBe('linger');
    const only = simpleCase('MUST', '- interim: [{ status: 100, headers: { x: { absent: true } } }]\n  responses: [{ status: 200 }]\n  connection: closed');
    const s = settleFor(only, AT);
    expect(s(read([res('100 Continue'), res('200 OK')]), 'open')).toBe('more');
    expect(s(read([res('100 Continue', [['X', '1']]), res('200 OK')]), 'open')).toBe('linger');
  });
});

describe('descriptions', () => {
  it('name the new checks', () => {
    const c = simpleCase(
      'MUST',
      `- interim: [{ status: 100, wellFormed: true }]
  responses: [{ status: 200, version: HTTP/1.1, headers: { date: [{ date: true }, { within: 60 }], last-modified: { notAfter: date } } }]`,
    );
    expect(describeAlternative(c.expect[0]!, CTX.values)).toBe(
      'interim 100 (well-formed), then 200 (HTTP/1.1, date as an IMF-fixdate, date within 60 s of the harness clock, last-modified not after date)',
    );
  });
});

describe('arrivalFrom', () => {
  it('is the clock now without an end event, and for a response before any read', () => {
    const t: Transcript = { ...transcript('open'), events: [] };
    expect(arrivalFrom(t, NOW)(res('200 OK'))).toBe(NOW);
    const ended: Transcript = { ...transcript('open'), events: [{ kind: 'end', atMs: 100, how: 'open' }] };
    expect(arrivalFrom(ended, NOW)(res('200 OK'))).toBe(NOW);
  });
});
