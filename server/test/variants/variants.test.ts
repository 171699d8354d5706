// The variants of server/variants/catalog.ts at the wire: the table, the --variant flag, and one
// check per family that a variant does what it says while the server itself does not. That every
// broken variant is caught by some corpus case is proved in
// conformance/test/corpus/every-case-can-fail.test.ts; that no permitted one is failed, in
// permitted-variants.test.ts.

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { parseArgs } from '../../src/cli-flags.ts';
import { SERVER_SEAMS } from '../../src/seams.ts';
import { VARIANT_NAMES, variantOptions, variantSpec, variantsOfKind } from '../../variants/catalog.ts';
import type { VariantName } from '../../variants/catalog.ts';
import { get, startFixture } from '../support/fixture.ts';
import type { Fixture } from '../support/fixture.ts';
import { finals, header, roundTrip } from '../support/raw-client.ts';

describe('the variant table and flags', () => {
  it('has broken and permitted variants, each a composition of seams, limits or timeouts', () => {
    expect(variantsOfKind('broken').length).toBeGreaterThan(80);
    expect(variantsOfKind('permitted').length).toBeGreaterThanOrEqual(8);
    for (const name of VARIANT_NAMES) {
      const parts = variantSpec(name).parts;
      const composed = variantOptions(name, { root: '/tmp' });
      const changes = Object.keys(parts.seams ?? {}).length + Object.keys(parts.limits ?? {}).length + Object.keys(parts.timeouts ?? {}).length + (parts.lenient?.length ?? 0);
      expect(changes, `${name} changes nothing`).toBeGreaterThan(0);
      for (const [seam, part] of Object.entries(composed.seams ?? {})) expect(part, `${name}: ${seam}`).not.toBe(SERVER_SEAMS[seam as keyof typeof SERVER_SEAMS]);
    }
  });

  it('the server\'s own command line has no --quirk and no --variant', () => {
    for (const flag of ['--quirk', '--variant']) {
      const r = parseArgs(['--root', '/tmp', flag, 'no-date']);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toBe(`unknown flag ${flag}`);
    }
  });
});

/** A fixture server that is variant `name` of the server (no name: the server itself). */
function withVariant(name: VariantName | null): { fixture: () => Fixture } {
  let f: Fixture | undefined;
  beforeAll(async () => {
    // The fixture's own docroot: the variant's options without the placeholder root.
    const { root: _root, ...options } = name === null ? { root: '' } : variantOptions(name, { root: '' });
    f = await startFixture(options);
  });
  afterAll(async () => {
    await f?.cleanup();
  });
  return { fixture: () => f! };
}

describe('response heads', () => {
  const noDate = withVariant('no-date');
  const dup = withVariant('duplicate-headers');
  const bad500 = withVariant('bad-request-500');

  it('no-date drops Date, duplicate-headers repeats field lines, bad-request-500 answers a bad request 500', async () => {
    const ok = await roundTrip(noDate.fixture().port, get('/hello.txt'), { until: finals(1), timeoutMs: 3000 });
    expect(ok.responses[0]?.status).toBe(200);
    expect(header(ok.responses[0]!, 'date')).toBeUndefined();
    // Two Content-Length lines confuse finals(): read until the server closes instead.
    const twice = await roundTrip(dup.fixture().port, get('/hello.txt', 'Connection: close\r\n'), { timeoutMs: 3000 });
    expect(twice.responses[0]!.headers.get('content-type')).toHaveLength(2);
    const bad = await roundTrip(bad500.fixture().port, 'GET /hello.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nX : y\r\n\r\n', { timeoutMs: 3000 });
    expect(bad.responses[0]?.status).toBe(500);
  });
});

describe('connection rules', () => {
  const keepOpen = withVariant('keep-open-after-400');
  const unannounced = withVariant('close-without-announcing');

  it('close-without-announcing closes after a response without saying so', async () => {
    const r = await roundTrip(unannounced.fixture().port, get('/hello.txt'), { timeoutMs: 3000 });
    expect(r.responses[0]?.status).toBe(200);
    expect(header(r.responses[0]!, 'connection')).toBeUndefined();
    expect(r.end).toBe('closed');
  });

  it('keep-open-after-400 answers a malformed request 400 and reads on', async () => {
    const port = keepOpen.fixture().port;
    const r = await roundTrip(port, ['GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX : y\r\n\r\n', { pause: 150 }, get('/hello.txt')], {
      until: finals(2),
      timeoutMs: 3000,
    });
    expect(r.responses.map((x) => x.status)).toEqual([400, 200]);
    expect(header(r.responses[0]!, 'connection')).toBeUndefined();
  });
});

describe('one-connection-at-a-time', () => {
  const s = withVariant('one-connection-at-a-time');

  it('keeps a second connection waiting until the first closes', async () => {
    const f = s.fixture();
    const first = roundTrip(f.port, ['GET /hello.txt HTTP/1.1\r\nHo', { pause: 600 }, { reset: true }], { timeoutMs: 2000 });
    await vi.waitFor(() => expect(f.server.connectionCount()).toBe(1), { timeout: 2000, interval: 5 });
    const started = Date.now();
    const second = await roundTrip(f.port, get('/hello.txt'), { until: finals(1), timeoutMs: 3000 });
    expect(second.responses[0]?.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    await first;
  });
});

describe('request readers', () => {
  const body = withVariant('ignore-body-on-get');
  const perRead = withVariant('one-request-per-read');

  it('ignore-body-on-get: the body of a GET is parsed as the next request', async () => {
    const smuggled = 'GET /missing HTTP/1.1\r\nHost: x\r\n\r\n';
    const req = `GET /hello.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${smuggled.length}\r\n\r\n${smuggled}`;
    const r = await roundTrip(body.fixture().port, req, { until: finals(2), timeoutMs: 3000 });
    expect(r.responses.map((x) => x.status)).toEqual([200, 404]);
  });

  it('one-request-per-read: a pipelined request in the same read is dropped', async () => {
    const r = await roundTrip(perRead.fixture().port, get('/hello.txt') + get('/canary.txt'), { timeoutMs: 800 });
    expect(r.responses.map((x) => x.status)).toEqual([200]);
    expect(r.end).toBe('open');
  });
});

describe('paths', () => {
  const unconfined = withVariant('no-traversal-check');
  const twice = withVariant('double-decode');
  const server = withVariant(null);

  it('no-traversal-check serves a file above the docroot; the server does not', async () => {
    const r = await roundTrip(unconfined.fixture().port, get('/../outside.txt'), { until: finals(1), timeoutMs: 3000 });
    expect(r.responses[0]?.body.toString()).toContain('OUTSIDE-DOCROOT-MARKER');
    const s = await roundTrip(server.fixture().port, get('/../outside.txt'), { until: finals(1), timeoutMs: 3000 });
    expect(s.responses[0]?.status).toBe(400);
  });

  it('double-decode turns %252e%252e into a parent directory; the server does not', async () => {
    const r = await roundTrip(twice.fixture().port, get('/%252e%252e/outside.txt'), { until: finals(1), timeoutMs: 3000 });
    expect(r.responses[0]?.body.toString()).toContain('OUTSIDE-DOCROOT-MARKER');
    const s = await roundTrip(server.fixture().port, get('/%252e%252e/outside.txt'), { until: finals(1), timeoutMs: 3000 });
    expect(s.responses[0]?.body.toString()).not.toContain('OUTSIDE-DOCROOT-MARKER');
  });
});

describe('conditional requests and ranges', () => {
  const presence = withVariant('conditional-presence-304');
  const offByOne = withVariant('range-off-by-one');

  it('conditional-presence-304 answers 304 for any If-None-Match; range-off-by-one sends a range one octet short', async () => {
    const cond = await roundTrip(presence.fixture().port, get('/hello.txt', 'If-None-Match: "nope"\r\n'), { until: finals(1), timeoutMs: 3000 });
    expect(cond.responses[0]?.status).toBe(304);
    const range = await roundTrip(offByOne.fixture().port, get('/hello.txt', 'Range: bytes=0-4\r\n'), { until: finals(1), timeoutMs: 3000 });
    expect(range.responses[0]?.status).toBe(206);
    expect(header(range.responses[0]!, 'content-range')).toBe('bytes 0-4/14');
    expect(range.responses[0]?.body.toString()).toBe('Hell');
  });
});

describe('permitted variants', () => {
  const noPersistence = withVariant('no-persistence');
  const noValidators = withVariant('no-validators');
  const h2c = withVariant('h2c-preface');
  const at400 = withVariant('any-4xx-at-limit');

  it('no-persistence says close and closes; no-validators sends neither ETag nor Last-Modified and ignores If-None-Match', async () => {
    const r = await roundTrip(noPersistence.fixture().port, get('/hello.txt'), { timeoutMs: 3000 });
    expect(header(r.responses[0]!, 'connection')).toBe('close');
    expect(r.end).toBe('closed');
    const v = await roundTrip(noValidators.fixture().port, get('/hello.txt', 'If-None-Match: *\r\n'), { until: finals(1), timeoutMs: 3000 });
    expect(v.responses[0]?.status).toBe(200);
    expect(header(v.responses[0]!, 'etag')).toBeUndefined();
    expect(header(v.responses[0]!, 'last-modified')).toBeUndefined();
  });

  it('h2c-preface answers the HTTP/2 preface with a SETTINGS frame; any-4xx-at-limit answers 400 for 431', async () => {
    const r = await roundTrip(h2c.fixture().port, 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', { timeoutMs: 500 });
    expect(r.received.subarray(0, 9)).toEqual(Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0]));
    const big = await roundTrip(at400.fixture().port, get('/hello.txt', `X: ${'a'.repeat(70_000)}\r\n`), { until: finals(1), timeoutMs: 3000 });
    expect(big.responses[0]?.status).toBe(400);
  });
});
