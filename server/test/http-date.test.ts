import { describe, expect, it } from 'vitest';

import { currentHttpDate, formatHttpDate, parseHttpDate } from '../src/http-date.ts';

const EPOCH_1994 = Date.UTC(1994, 10, 6, 8, 49, 37);

describe('http dates', () => {
  it('formats IMF-fixdate', () => {
    expect(formatHttpDate(EPOCH_1994)).toBe('Sun, 06 Nov 1994 08:49:37 GMT');
  });

  it('parses all three formats to the same instant', () => {
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT')).toBe(EPOCH_1994);
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT', Date.UTC(2025, 0, 1))).toBe(EPOCH_1994);
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994')).toBe(EPOCH_1994);
  });

  it('rejects near misses', () => {
    for (const bad of [
      'garbage',
      'Sun, 06 Nov 1994 08:49:37 GMT, Sun, 06 Nov 1994 08:49:37 GMT',
      'Sun, 6 Nov 1994 08:49:37 GMT',
      'Mon, 06 Nov 1994 08:49:37 GMT',
      'Sun, 06 Nov 1994 08:49:37 UTC',
      'Sun, 31 Feb 1994 08:49:37 GMT',
      'Sun, 06 Nov 1994 25:49:37 GMT',
      'sun, 06 nov 1994 08:49:37 gmt',
    ]) {
      expect(parseHttpDate(bad), bad).toBeNull();
    }
  });

  it('reads RFC 850 years more than 50 years ahead as the previous century', () => {
    const now = Date.UTC(2025, 5, 1);
    expect(new Date(parseHttpDate('Wednesday, 01-Jan-70 00:00:00 GMT', now)!).getUTCFullYear()).toBe(2070);
    expect(new Date(parseHttpDate('Tuesday, 01-Jan-80 00:00:00 GMT', now)!).getUTCFullYear()).toBe(1980);
  });

  it('caches the current date per second', () => {
    const a = currentHttpDate(EPOCH_1994 + 100);
    expect(a).toBe('Sun, 06 Nov 1994 08:49:37 GMT');
    expect(currentHttpDate(EPOCH_1994 + 999)).toBe(a);
    expect(currentHttpDate(EPOCH_1994 + 1000)).toBe('Sun, 06 Nov 1994 08:49:38 GMT');
  });
});
