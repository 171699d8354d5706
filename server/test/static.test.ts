import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { parseHttpDate } from '../src/http-date.ts';
import { HELLO, LARGE_SIZE, get, startFixture } from './support/fixture.ts';
import type { Fixture } from './support/fixture.ts';
import { finals, header, roundTrip } from './support/raw-client.ts';

let fx: Fixture;
beforeAll(async () => {
  fx = await startFixture();
});
afterAll(async () => {
  await fx.cleanup();
});

async function one(bytes: string, head = false) {
  const r = await roundTrip(fx.port, bytes, { until: finals(1, head ? [0] : []), headIndexes: head ? [0] : [] });
  const res = r.responses.find((x) => x.status >= 200);
  if (res === undefined) throw new Error(`no response to ${JSON.stringify(bytes)}: ${JSON.stringify(r.received.toString('latin1'))}`);
  return res;
}

describe('static files', () => {
  it('serves a file with exact framing, Date, ETag and Last-Modified', async () => {
    const res = await one(get('/hello.txt'));
    expect(res.statusLine).toBe('HTTP/1.1 200 OK');
    expect(res.body.toString()).toBe(HELLO);
    expect(header(res, 'content-length')).toBe('14');
    expect(header(res, 'content-type')).toBe('text/plain; charset=utf-8');
    expect(header(res, 'etag')).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    const date = header(res, 'date')!;
    expect(date).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    expect(Math.abs(parseHttpDate(date)! - Date.now())).toBeLessThan(5000);
    expect(parseHttpDate(header(res, 'last-modified')!)).not.toBeNull();
    expect(res.headers.get('date')).toHaveLength(1);
    expect(header(res, 'connection')).toBeUndefined();
  });

  it('strips the query and decodes the path once', async () => {
    expect((await one(get('/hello.txt?x=1&y=%20'))).body.toString()).toBe(HELLO);
    expect((await one(get('/%68ello.txt'))).body.toString()).toBe(HELLO);
    expect((await one(get('/hello%20world.txt'))).body.toString()).toBe('spaced\n');
    expect((await one(get('/dir/../hello.txt'))).body.toString()).toBe(HELLO);
  });

  it('maps MIME types by extension, case-insensitively', async () => {
    const expected: Record<string, string> = {
      '/index.html': 'text/html; charset=utf-8',
      '/style.css': 'text/css; charset=utf-8',
      '/app.js': 'text/javascript; charset=utf-8',
      '/data.json': 'application/json',
      '/img.png': 'image/png',
      '/IMG2.PNG': 'image/png',
      '/photo.jpg': 'image/jpeg',
      '/anim.gif': 'image/gif',
      '/icon.svg': 'image/svg+xml',
      '/favicon.ico': 'image/x-icon',
      '/doc.pdf': 'application/pdf',
      '/mod.wasm': 'application/wasm',
      '/blob.xyz': 'application/octet-stream',
    };
    for (const [target, type] of Object.entries(expected)) {
      const res = await one(get(target));
      expect(res.status, target).toBe(200);
      expect(header(res, 'content-type'), target).toBe(type);
    }
  });

  it('serves index.html for directories and redirects a directory without its slash', async () => {
    expect((await one(get('/'))).body.toString()).toContain('<title>root</title>');
    expect((await one(get('/dir/'))).body.toString()).toContain('<title>dir</title>');
    const redirect = await one(get('/dir?q=1'));
    expect(redirect.status).toBe(301);
    expect(header(redirect, 'location')).toBe('/dir/');
    expect(Number(header(redirect, 'content-length'))).toBe(redirect.body.length);
    expect((await one(get('/noindex/'))).status).toBe(404);
  });

  it('answers 404 for missing files, a file with a trailing slash, and over-long names', async () => {
    for (const target of ['/missing.txt', '/hello.txt/', `/${'a'.repeat(300)}.txt`, '/HELLO.TXT']) {
      const res = await one(get(target));
      expect(res.status, target).toBe(404);
      expect(header(res, 'content-type')).toBe('text/plain; charset=utf-8');
      expect(Number(header(res, 'content-length'))).toBe(res.body.length);
    }
  });

  it('refuses a file nobody may read with 403', async () => {
    expect((await one(get('/secret.txt'))).status).toBe(403);
  });

  it('serves an empty file with Content-Length: 0', async () => {
    const res = await one(get('/empty.txt'));
    expect(res.status).toBe(200);
    expect(header(res, 'content-length')).toBe('0');
    expect(res.body.length).toBe(0);
  });

  it('never dates Last-Modified after Date', async () => {
    const res = await one(get('/future.txt'));
    expect(res.status).toBe(200);
    expect(parseHttpDate(header(res, 'last-modified')!)!).toBeLessThanOrEqual(parseHttpDate(header(res, 'date')!)!);
  });

  it('answers HEAD with the GET head and no body, then stays in sync', async () => {
    for (const target of ['/hello.txt', '/large.bin', '/missing.txt', '/empty.txt']) {
      const g = await one(get(target));
      const r = await roundTrip(fx.port, get(target, '', 'HEAD') + get('/canary.txt'), {
        until: finals(2, [0]),
        headIndexes: [0],
      });
      const h = r.responses[0]!;
      expect(h.status, target).toBe(g.status);
      for (const name of ['content-length', 'content-type', 'etag', 'last-modified']) {
        expect(header(h, name), `${target} ${name}`).toBe(header(g, name));
      }
      expect(r.responses[1]!.body.toString(), target).toBe('canary\n');
    }
  });

  it('streams a 5 MiB file byte-exact', async () => {
    const r = await roundTrip(fx.port, get('/large.bin'), { until: finals(1), timeoutMs: 15_000 });
    const res = r.responses[0]!;
    expect(res.status).toBe(200);
    expect(header(res, 'content-length')).toBe(String(LARGE_SIZE));
    expect(res.complete).toBe(true);
    expect(res.body.equals(fx.large)).toBe(true);
  });

  it('serves a range of the large file', async () => {
    const res = await one(get('/large.bin', 'Range: bytes=5000000-5000009\r\n'));
    expect(res.status).toBe(206);
    expect(header(res, 'content-range')).toBe(`bytes 5000000-5000009/${LARGE_SIZE}`);
    expect(res.body.equals(fx.large.subarray(5_000_000, 5_000_010))).toBe(true);
  });
});

describe('methods and targets', () => {
  it('405 with Allow for methods a static file does not support', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'TRACE']) {
      const res = await one(`${method} /hello.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n`);
      expect(res.status, method).toBe(405);
      expect(header(res, 'allow'), method).toBe('GET, HEAD, OPTIONS');
    }
    // Nothing was changed.
    expect((await one(get('/hello.txt'))).body.toString()).toBe(HELLO);
  });

  it('501 for unknown methods, case-sensitively', async () => {
    expect((await one('FOO /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n')).status).toBe(501);
    expect((await one('get /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n')).status).toBe(501);
  });

  it('OPTIONS on a resource and on *', async () => {
    const res = await one('OPTIONS /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(res.status).toBe(204);
    expect(header(res, 'allow')).toBe('GET, HEAD, OPTIONS');
    expect(header(res, 'content-length')).toBeUndefined();
    const star = await one('OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(star.status).toBe(204);
    expect(header(star, 'allow')).toContain('GET');
  });

  it('CONNECT is refused: 405 for authority-form, 400 otherwise', async () => {
    const ok = await one('CONNECT 127.0.0.1:443 HTTP/1.1\r\nHost: 127.0.0.1:443\r\n\r\n');
    expect(ok.status).toBe(405);
    expect(header(ok, 'allow')).toBeDefined();
    expect((await one('CONNECT /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n')).status).toBe(400);
  });

  it('request-target forms', async () => {
    const abs = await one(`GET http://127.0.0.1:${fx.port}/hello.txt HTTP/1.1\r\nHost: other.invalid\r\n\r\n`);
    expect(abs.body.toString()).toBe(HELLO);
    expect((await one(`GET http://127.0.0.1:${fx.port} HTTP/1.1\r\nHost: x\r\n\r\n`)).status).toBe(200);
    expect((await one(`GET https://127.0.0.1:${fx.port}/hello.txt HTTP/1.1\r\nHost: x\r\n\r\n`)).status).toBe(421);
    expect((await one('GET hello.txt HTTP/1.1\r\nHost: x\r\n\r\n')).status).toBe(400);
    expect((await one('GET * HTTP/1.1\r\nHost: x\r\n\r\n')).status).toBe(400);
  });
});
