// The quirk switches (server/src/quirks.ts): the table, the --quirk flag, and one wire-level
// check per family that the switch does what it says. That every quirk is caught by some
// corpus case is proved in conformance/test/corpus/every-case-can-fail.test.ts.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { parseArgs } from '../src/cli-flags.ts';
import { QUIRK_NAMES, quirkLeniencies, quirkLimits, resolveQuirks } from '../src/quirks.ts';
import type { QuirkName } from '../src/quirks.ts';
import { get, startFixture } from './support/fixture.ts';
import type { Fixture } from './support/fixture.ts';
import { finals, header, roundTrip } from './support/raw-client.ts';

describe('the quirk table and flag', () => {
  it('resolves names to booleans and rejects unknown ones', () => {
    const flags = resolveQuirks(['no-date']);
    expect(flags['no-date']).toBe(true);
    expect(QUIRK_NAMES.filter((n) => flags[n])).toEqual(['no-date']);
    expect(() => resolveQuirks(['nope' as QuirkName])).toThrow(/unknown quirk "nope"/);
  });

  it('maps parser quirks to leniencies and limits', () => {
    expect(quirkLeniencies(['ignore-chunked', 'no-date'])).toEqual(['ignore-chunked']);
    expect(quirkLimits(['small-buffers']).maxHeaderBytes).toBe(1024);
    expect(quirkLimits(['no-date'])).toEqual({});
  });

  it('--quirk is repeatable; an unknown name is one error naming the flag and the valid names', () => {
    const ok = parseArgs(['--root', '/tmp', '--quirk', 'no-date', '--quirk=head-with-body', '--quirk', 'no-date']);
    expect(ok.ok && ok.options.quirks).toEqual(['no-date', 'head-with-body']);
    const bad = parseArgs(['--root', '/tmp', '--quirk', 'nope']);
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error).toMatch(/^--quirk has an unknown quirk "nope" \(valid: .*no-date.*\)$/);
      expect(bad.error).not.toContain('\n');
    }
  });

  it('leaves the options untouched without --quirk', () => {
    const ok = parseArgs(['--root', '/tmp']);
    expect(ok.ok && ok.options.quirks).toBeUndefined();
  });
});

/** A fixture server with these quirks, for the tests of one family. */
function withQuirks(quirks: QuirkName[]): { fixture: () => Fixture } {
  let f: Fixture | undefined;
  beforeAll(async () => {
    f = await startFixture({ quirks: new Set(quirks) });
  });
  afterAll(async () => {
    await f?.cleanup();
  });
  return { fixture: () => f! };
}

describe('serialisation quirks', () => {
  const s = withQuirks(['no-date', 'bad-request-500', 'duplicate-headers']);

  it('drop Date, repeat field lines, and answer a bad request 500', async () => {
    // Two Content-Length lines confuse finals(): read until the server closes instead.
    const ok = await roundTrip(s.fixture().port, get('/hello.txt', 'Connection: close\r\n'), { timeoutMs: 3000 });
    const res = ok.responses[0]!;
    expect(res.status).toBe(200);
    expect(header(res, 'date')).toBeUndefined();
    expect(res.headers.get('content-type')).toHaveLength(2);
    const bad = await roundTrip(s.fixture().port, 'GET /hello.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nX : y\r\n\r\n', { timeoutMs: 3000 });
    expect(bad.responses[0]?.status).toBe(500);
  });
});

describe('connection quirks', () => {
  const s = withQuirks(['keep-open-after-400', 'close-without-announcing']);

  it('close after a response without saying so', async () => {
    const r = await roundTrip(s.fixture().port, get('/hello.txt'), { timeoutMs: 3000 });
    expect(r.responses[0]?.status).toBe(200);
    expect(header(r.responses[0]!, 'connection')).toBeUndefined();
    expect(r.end).toBe('closed');
  });

  it('answer a malformed request 400 and keep reading', async () => {
    const port = s.fixture().port;
    const r = await roundTrip(port, ['GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX : y\r\n\r\n', { pause: 150 }, get('/hello.txt')], {
      until: finals(2),
      timeoutMs: 3000,
    });
    expect(r.responses.map((x) => x.status)).toEqual([400, 200]);
    expect(header(r.responses[0]!, 'connection')).toBeUndefined();
  });
});

describe('one-connection-at-a-time', () => {
  const s = withQuirks(['one-connection-at-a-time']);

  it('keeps a second connection waiting until the first closes', async () => {
    const port = s.fixture().port;
    const first = roundTrip(port, ['GET /hello.txt HTTP/1.1\r\nHo', { pause: 600 }, { reset: true }], { timeoutMs: 2000 });
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    const second = await roundTrip(port, get('/hello.txt'), { until: finals(1), timeoutMs: 3000 });
    expect(second.responses[0]?.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    await first;
  });
});

describe('request-reading quirks', () => {
  const body = withQuirks(['ignore-body-on-get']);
  const perRead = withQuirks(['one-request-per-read']);

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

describe('path quirks', () => {
  const unconfined = withQuirks(['no-traversal-check']);
  const twice = withQuirks(['double-decode']);

  it('no-traversal-check serves a file above the docroot', async () => {
    const r = await roundTrip(unconfined.fixture().port, get('/../outside.txt'), { until: finals(1), timeoutMs: 3000 });
    expect(r.responses[0]?.body.toString()).toContain('OUTSIDE-DOCROOT-MARKER');
  });

  it('double-decode turns %252e%252e into a parent directory', async () => {
    const r = await roundTrip(twice.fixture().port, get('/%252e%252e/outside.txt'), { until: finals(1), timeoutMs: 3000 });
    expect(r.responses[0]?.body.toString()).toContain('OUTSIDE-DOCROOT-MARKER');
  });
});

describe('conditional and range quirks', () => {
  const s = withQuirks(['conditional-presence-304', 'range-off-by-one']);

  it('304 for any If-None-Match; a range one octet short', async () => {
    const port = s.fixture().port;
    const cond = await roundTrip(port, get('/hello.txt', 'If-None-Match: "nope"\r\n'), { until: finals(1), timeoutMs: 3000 });
    expect(cond.responses[0]?.status).toBe(304);
    const range = await roundTrip(port, get('/hello.txt', 'Range: bytes=0-4\r\n'), { until: finals(1), timeoutMs: 3000 });
    expect(range.responses[0]?.status).toBe(206);
    expect(header(range.responses[0]!, 'content-range')).toBe('bytes 0-4/14');
    expect(range.responses[0]?.body.toString()).toBe('Hell');
  });
});

describe('without quirks', () => {
  const s = withQuirks([]);

  it('the server behaves as always', async () => {
    const r = await roundTrip(s.fixture().port, get('/hello.txt'), { until: finals(1), timeoutMs: 3000 });
    expect(r.responses[0]?.status).toBe(200);
    expect(header(r.responses[0]!, 'date')).toBeDefined();
    const leak = await roundTrip(s.fixture().port, get('/%252e%252e/outside.txt'), { until: finals(1), timeoutMs: 3000 });
    expect(leak.responses[0]?.body.toString()).not.toContain('OUTSIDE-DOCROOT-MARKER');
  });
});
