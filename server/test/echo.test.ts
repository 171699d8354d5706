import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { get, startFixture } from './support/fixture.ts';
import type { Fixture } from './support/fixture.ts';
import { exchange, finals, header, roundTrip } from './support/raw-client.ts';

let fx: Fixture;
beforeAll(async () => {
  fx = await startFixture();
});
afterAll(async () => {
  await fx.cleanup();
});

const CANARY = get('/canary.txt');

function chunked(body: Buffer, size: number): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < body.length; i += size) {
    const piece = body.subarray(i, i + size);
    parts.push(Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from('0\r\n\r\n'));
  return Buffer.concat(parts);
}

describe('POST /echo', () => {
  it('echoes a Content-Length body exactly', async () => {
    const r = await roundTrip(fx.port, 'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 12\r\n\r\nhello\r\nworld' + CANARY, {
      until: finals(2),
    });
    const res = r.responses[0]!;
    expect(res.status).toBe(200);
    expect(header(res, 'content-type')).toBe('application/octet-stream');
    expect(header(res, 'content-length')).toBe('12');
    expect(res.body.toString('latin1')).toBe('hello\r\nworld');
    expect(r.responses[1]!.body.toString()).toBe('canary\n');
  });

  it('echoes a chunked body decoded, with a Content-Length when it is small', async () => {
    const req = 'POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\nA\r\n0123456789\r\n0\r\nX-T: 1\r\n\r\n';
    const r = await roundTrip(fx.port, req + CANARY, { until: finals(2) });
    expect(r.responses[0]!.body.toString()).toBe('hello0123456789');
    expect(header(r.responses[0]!, 'content-length')).toBe('15');
    expect(r.responses[1]!.body.toString()).toBe('canary\n');
  });

  it('echoes an empty body', async () => {
    const r = await roundTrip(fx.port, 'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n' + CANARY, { until: finals(2) });
    expect(header(r.responses[0]!, 'content-length')).toBe('0');
    expect(r.responses[1]!.body.toString()).toBe('canary\n');
  });

  it('echoes a 1 MiB chunked body byte-exact, with a Content-Length', async () => {
    const body = fx.large.subarray(0, 1024 * 1024);
    const head = Buffer.from('POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n');
    const r = await roundTrip(fx.port, [head, chunked(body, 10_000), CANARY], { until: finals(2), timeoutMs: 15_000 });
    expect(header(r.responses[0]!, 'content-length')).toBe(String(body.length));
    expect(r.responses[0]!.body.equals(body)).toBe(true);
    expect(r.responses[1]!.body.toString()).toBe('canary\n');
  });

  it('answers only once the whole body is there', async () => {
    const r = await exchange(fx.port, ['POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 200000\r\n\r\n', fx.large.subarray(0, 150_000)], {
      timeoutMs: 600,
    });
    expect(r.received.length).toBe(0);
  });

  it('413 at once for a Content-Length over the bound, without 100 Continue', async () => {
    const r = await roundTrip(fx.port, 'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000000\r\nExpect: 100-continue\r\n\r\n', {
      timeoutMs: 4000,
    });
    expect(r.responses.map((x) => x.status)).toEqual([413]);
    expect(header(r.responses[0]!, 'connection')).toBe('close');
    expect(r.end).toBe('closed');
  });

  it('413 and close once a chunked body passes the bound', async () => {
    const head = Buffer.from('POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n');
    const r = await roundTrip(fx.port, [head, chunked(fx.large.subarray(0, 2 * 1024 * 1024), 65_536).subarray(0, -5)], {
      timeoutMs: 6000,
    });
    expect(r.responses.map((x) => x.status)).toEqual([413]);
    expect(r.end).toBe('closed');
  });

  it('answers HTTP/1.0 with a Content-Length and closes', async () => {
    const body = fx.large.subarray(0, 200_000);
    const r = await roundTrip(fx.port, [`POST /echo HTTP/1.0\r\nContent-Length: ${body.length}\r\n\r\n`, body], { timeoutMs: 10_000 });
    expect(header(r.responses[0]!, 'content-length')).toBe(String(body.length));
    expect(r.responses[0]!.body.equals(body)).toBe(true);
    expect(r.end).toBe('closed');
  });

  it('a body cut short by the client gets a 400 (or nothing), and the server carries on', async () => {
    const partial = 'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nhello';
    const fin = await roundTrip(fx.port, [partial, { pause: 50 }, { fin: true }], { timeoutMs: 4000 });
    expect(fin.responses.map((x) => x.status)).toEqual([400]);
    expect(fin.end).toBe('closed');
    await exchange(fx.port, [partial, { pause: 50 }, { reset: true }], { timeoutMs: 1000 });
    const after = await roundTrip(fx.port, CANARY, { until: finals(1) });
    expect(after.responses[0]!.body.toString()).toBe('canary\n');
  });

  it('a malformed chunked body gets a 400, not a partial echo', async () => {
    const r = await roundTrip(fx.port, 'POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX\r\n0\r\n\r\n' + CANARY, {
      timeoutMs: 4000,
    });
    expect(r.responses.map((x) => x.status)).toEqual([400]);
    expect(r.end).toBe('closed');
  });

  it('other methods on /echo get 405 with Allow; OPTIONS lists them', async () => {
    const r = await roundTrip(fx.port, get('/echo') + 'OPTIONS /echo HTTP/1.1\r\nHost: x\r\n\r\n' + CANARY, { until: finals(3) });
    expect(r.responses.map((x) => x.status)).toEqual([405, 204, 200]);
    expect(header(r.responses[0]!, 'allow')).toBe('POST, OPTIONS');
    expect(header(r.responses[1]!, 'allow')).toBe('POST, OPTIONS');
  });
});
