import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { formatHttpDate, parseHttpDate } from '../src/http-date.ts';
import { HELLO, get, startFixture } from './support/fixture.ts';
import type { Fixture } from './support/fixture.ts';
import { finals, header, roundTrip } from './support/raw-client.ts';

let fx: Fixture;
let etag: string;
let lastModified: string;

beforeAll(async () => {
  fx = await startFixture();
  const r = await roundTrip(fx.port, get('/hello.txt'), { until: finals(1) });
  etag = header(r.responses[0]!, 'etag')!;
  lastModified = header(r.responses[0]!, 'last-modified')!;
});
afterAll(async () => {
  await fx.cleanup();
});

/** The request, then the canary: both must be answered, in order, on one connection. */
async function withCanary(request: string, head = false) {
  const r = await roundTrip(fx.port, request + get('/canary.txt'), {
    until: finals(2, head ? [0] : []),
    headIndexes: head ? [0] : [],
  });
  expect(r.responses).toHaveLength(2);
  expect(r.responses[1]!.body.toString()).toBe('canary\n');
  return r.responses[0]!;
}

describe('conditional requests', () => {
  it('If-None-Match matching gives 304 with ETag and Date, no body, no Content-Length', async () => {
    for (const value of [etag, `W/${etag}`, `"nope", ${etag}`, '*']) {
      const res = await withCanary(get('/hello.txt', `If-None-Match: ${value}\r\n`));
      expect(res.status, value).toBe(304);
      expect(header(res, 'etag')).toBe(etag);
      expect(header(res, 'date')).toBeDefined();
      expect(header(res, 'content-length')).toBeUndefined();
      expect(res.body.length).toBe(0);
    }
    const head = await withCanary(get('/hello.txt', `If-None-Match: ${etag}\r\n`, 'HEAD'), true);
    expect(head.status).toBe(304);
  });

  it('If-None-Match not matching, or unquoted, gives the full 200', async () => {
    for (const value of ['"nope"', etag.slice(1, -1)]) {
      const res = await withCanary(get('/hello.txt', `If-None-Match: ${value}\r\n`));
      expect(res.status, value).toBe(200);
      expect(res.body.toString()).toBe(HELLO);
    }
  });

  it('If-Modified-Since in all three date formats', async () => {
    const ms = parseHttpDate(lastModified)!;
    const d = new Date(ms);
    const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
    const imf = formatHttpDate(ms);
    const [, dd, mon, yyyy, time] = imf.match(/^\w+, (\d\d) (\w+) (\d{4}) (\S+) GMT$/)!;
    const rfc850 = `${days[d.getUTCDay()]}, ${dd}-${mon}-${yyyy!.slice(2)} ${time} GMT`;
    const asctime = `${imf.slice(0, 3)} ${mon} ${String(d.getUTCDate()).padStart(2, ' ')} ${time} ${yyyy}`;
    for (const value of [lastModified, rfc850, asctime]) {
      expect((await withCanary(get('/hello.txt', `If-Modified-Since: ${value}\r\n`))).status, value).toBe(304);
    }
    const earlier = formatHttpDate(ms - 86_400_000);
    expect((await withCanary(get('/hello.txt', `If-Modified-Since: ${earlier}\r\n`))).status).toBe(200);
    expect((await withCanary(get('/hello.txt', 'If-Modified-Since: garbage\r\n'))).status).toBe(200);
    const both = `If-None-Match: "nope"\r\nIf-Modified-Since: ${lastModified}\r\n`;
    expect((await withCanary(get('/hello.txt', both))).status).toBe(200);
  });

  it('If-Match and If-Unmodified-Since failures give 412', async () => {
    expect((await withCanary(get('/hello.txt', 'If-Match: "nope"\r\n'))).status).toBe(412);
    expect((await withCanary(get('/hello.txt', `If-Match: W/${etag}\r\n`))).status).toBe(412);
    expect((await withCanary(get('/hello.txt', 'If-Match: *\r\n'))).status).toBe(200);
    const earlier = formatHttpDate(parseHttpDate(lastModified)! - 86_400_000);
    expect((await withCanary(get('/hello.txt', `If-Unmodified-Since: ${earlier}\r\n`))).status).toBe(412);
    expect((await withCanary(get('/hello.txt', 'If-Unmodified-Since: garbage\r\n'))).status).toBe(200);
  });

  it('preconditions are ignored on 404 and on methods that are not GET/HEAD', async () => {
    expect((await withCanary(get('/missing', 'If-None-Match: *\r\n'))).status).toBe(404);
    expect((await withCanary(get('/missing', 'If-Match: "x"\r\n'))).status).toBe(404);
    const post = `POST /hello.txt HTTP/1.1\r\nHost: x\r\nIf-Modified-Since: ${lastModified}\r\nContent-Length: 5\r\n\r\nhello`;
    expect((await withCanary(post)).status).toBe(405);
  });
});

describe('ranges', () => {
  const range = async (value: string, extra = '') => withCanary(get('/hello.txt', `Range: ${value}\r\n${extra}`));

  it('serves single ranges with 206 and Content-Range', async () => {
    const cases: Array<[string, string, string]> = [
      ['bytes=0-4', 'bytes 0-4/14', 'Hello'],
      ['BYTES=0-4', 'bytes 0-4/14', 'Hello'],
      ['bytes=7-', 'bytes 7-13/14', 'world!\n'],
      ['bytes=-6', 'bytes 8-13/14', 'orld!\n'],
      ['bytes=0-999', 'bytes 0-13/14', HELLO],
    ];
    for (const [value, contentRange, body] of cases) {
      const res = await range(value);
      expect(res.status, value).toBe(206);
      expect(header(res, 'content-range')).toBe(contentRange);
      expect(header(res, 'content-length')).toBe(String(body.length));
      expect(header(res, 'content-type')).toBe('text/plain; charset=utf-8');
      expect(header(res, 'etag')).toBe(etag);
      expect(res.body.toString()).toBe(body);
    }
  });

  it('416 with bytes */size when unsatisfiable', async () => {
    for (const value of ['bytes=14-', 'bytes=100-200', 'bytes=-0']) {
      const res = await range(value);
      expect(res.status, value).toBe(416);
      expect(header(res, 'content-range')).toBe('bytes */14');
    }
    const empty = await withCanary(get('/empty.txt', 'Range: bytes=0-0\r\n'));
    expect(empty.status).toBe(416);
    expect(header(empty, 'content-range')).toBe('bytes */0');
  });

  it('ignores multiple ranges, syntax errors and unknown units', async () => {
    for (const value of ['bytes=0-1,4-5', 'bytes=5-2', 'bytes=abc', 'items=0-4', 'bytes 0-4']) {
      const res = await range(value);
      expect(res.status, value).toBe(200);
      expect(res.body.toString()).toBe(HELLO);
    }
  });

  it('If-Range: strong ETag or exact date, else the full file', async () => {
    expect((await range('bytes=0-4', `If-Range: ${etag}\r\n`)).status).toBe(206);
    expect((await range('bytes=0-4', `If-Range: ${lastModified}\r\n`)).status).toBe(206);
    expect((await range('bytes=0-4', 'If-Range: "old"\r\n')).status).toBe(200);
    expect((await range('bytes=0-4', `If-Range: W/${etag}\r\n`)).status).toBe(200);
  });

  it('304 beats Range; HEAD ignores Range', async () => {
    expect((await range('bytes=0-4', `If-None-Match: ${etag}\r\n`)).status).toBe(304);
    const head = await withCanary(get('/hello.txt', 'Range: bytes=0-4\r\n', 'HEAD'), true);
    expect(head.status).toBe(200);
    expect(header(head, 'content-length')).toBe('14');
  });
});
