import { describe, expect, it } from 'vitest';
import { formatImfFixdate, imfFixdateProblem, parseHttpDate } from '../../src/judge/http-date.ts';

const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);
const EXAMPLE = Date.UTC(1994, 10, 6, 8, 49, 37);

describe('parseHttpDate', () => {
  it('reads the three formats of RFC 9110 §5.6.7 as the same instant', () => {
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT', NOW)).toEqual({ ms: EXAMPLE, format: 'IMF-fixdate', dayName: 'Sun', weekdayMatches: true });
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT', NOW)).toEqual({ ms: EXAMPLE, format: 'rfc850-date', dayName: 'Sunday', weekdayMatches: true });
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994', NOW)).toEqual({ ms: EXAMPLE, format: 'asctime-date', dayName: 'Sun', weekdayMatches: true });
    expect(parseHttpDate('Sun Nov 06 08:49:37 1994', NOW)?.ms).toBe(EXAMPLE);
  });

  it('places a two-digit year no more than 50 years ahead of the clock', () => {
    // In 2026, 76 is 2076 (50 years ahead) and 77 is 1977.
    expect(new Date(parseHttpDate('Thursday, 01-Jan-76 00:00:00 GMT', NOW)!.ms).getUTCFullYear()).toBe(2076);
    expect(new Date(parseHttpDate('Saturday, 01-Jan-77 00:00:00 GMT', NOW)!.ms).getUTCFullYear()).toBe(1977);
    expect(new Date(parseHttpDate('Friday, 01-Jan-27 00:00:00 GMT', NOW)!.ms).getUTCFullYear()).toBe(2027);
  });

  it('takes four-digit years below 100 as written', () => {
    expect(new Date(parseHttpDate('Mon, 01 Jan 0001 00:00:00 GMT', NOW)!.ms).getUTCFullYear()).toBe(1);
  });

  it('accepts a leap second', () => {
    expect(parseHttpDate('Wed, 31 Dec 2008 23:59:60 GMT', NOW)?.ms).toBe(Date.UTC(2009, 0, 1, 0, 0, 0));
  });

  it('rejects what is none of the formats, or names no real instant', () => {
    for (const text of [
      '',
      'Sun, 6 Nov 1994 08:49:37 GMT', // one-digit day
      'sun, 06 Nov 1994 08:49:37 GMT', // names are case-sensitive
      'Sun, 06 nov 1994 08:49:37 GMT',
      'Sun, 06 Nov 1994 08:49:37 UTC',
      'Sun, 06 Nov 1994 08:49:37 +0000',
      'Sun,  06 Nov 1994 08:49:37 GMT',
      'Sun, 06 Nov 1994 08:49:37 GMT ',
      'Sun, 06 Nov 94 08:49:37 GMT',
      'Sun Nov 06 1994 08:49:37 GMT+0000 (Coordinated Universal Time)',
      'Mon, 31 Feb 2025 00:00:00 GMT',
      'Fri, 29 Feb 2025 00:00:00 GMT',
      'Sun, 06 Nov 1994 24:00:00 GMT',
      'Sun, 06 Nov 1994 08:60:00 GMT',
      'Sun, 06 Nov 1994 08:49:61 GMT',
      'Sun, 00 Nov 1994 08:49:37 GMT',
    ]) {
      expect(parseHttpDate(text, NOW), text).toBeNull();
    }
    expect(parseHttpDate('Thu, 29 Feb 2024 00:00:00 GMT', NOW)?.weekdayMatches).toBe(true);
  });

  it('notes a day name that is not the weekday of the date', () => {
    expect(parseHttpDate('Mon, 06 Nov 1994 08:49:37 GMT', NOW)).toMatchObject({ ms: EXAMPLE, weekdayMatches: false });
  });
});

describe('imfFixdateProblem', () => {
  it('accepts an IMF-fixdate only', () => {
    expect(imfFixdateProblem('Sun, 06 Nov 1994 08:49:37 GMT', NOW)).toBeNull();
    expect(imfFixdateProblem('Sunday, 06-Nov-94 08:49:37 GMT', NOW)).toBe(
      'an obsolete rfc850-date; senders must generate an IMF-fixdate such as "Sun, 06 Nov 1994 08:49:37 GMT"',
    );
    expect(imfFixdateProblem('Sun Nov  6 08:49:37 1994', NOW)).toContain('an obsolete asctime-date');
    expect(imfFixdateProblem('Mon, 06 Nov 1994 08:49:37 GMT', NOW)).toBe('Mon is not the weekday of that date (Sun)');
    expect(imfFixdateProblem('06 Nov 1994', NOW)).toBe('not an IMF-fixdate such as "Sun, 06 Nov 1994 08:49:37 GMT"');
  });
});

describe('formatImfFixdate', () => {
  it('writes the instant back as an IMF-fixdate', () => {
    expect(formatImfFixdate(EXAMPLE)).toBe('Sun, 06 Nov 1994 08:49:37 GMT');
    expect(formatImfFixdate(Date.UTC(2026, 0, 1, 0, 0, 5))).toBe('Thu, 01 Jan 2026 00:00:05 GMT');
  });
});
