import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MARKER, startFixture } from './support/fixture.ts';
import type { Fixture } from './support/fixture.ts';
import { roundTrip } from './support/raw-client.ts';

let fx: Fixture;
beforeAll(async () => {
  fx = await startFixture();
});
afterAll(async () => {
  await fx.cleanup();
});

const TARGETS = [
  '/../outside.txt',
  '/dir/../../outside.txt',
  '/%2e%2e/outside.txt',
  '/%2E%2E/outside.txt',
  '/.%2e/outside.txt',
  '/%2e./outside.txt',
  '/..%2foutside.txt',
  '/dir%2f..%2f..%2foutside.txt',
  '/%252e%252e/outside.txt',
  '/..%5coutside.txt',
  '/..\\outside.txt',
  '/%c0%ae%c0%ae/outside.txt',
  '/outside.txt%00',
  '/hello.txt%00.png',
  '//outside.txt',
  '/%2f..%2foutside.txt',
  '/link-out/outside.txt',
  '/link-out/docroot/../outside.txt',
  '/outside-link.txt',
  '/dir/..%2f..%2foutside.txt',
];

describe('traversal', () => {
  it.each(TARGETS)('%s never serves a byte from outside the docroot', async (target) => {
    const r = await roundTrip(fx.port, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    const text = r.received.toString('latin1');
    expect(text).toMatch(/^HTTP\/1\.1 (400|403|404) /);
    expect(text).not.toContain(MARKER);
    expect(r.end).toBe('closed');
  });

  it('absolute-form traversal is refused too', async () => {
    const r = await roundTrip(fx.port, `GET http://x/../outside.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    expect(r.received.toString('latin1')).toMatch(/^HTTP\/1\.1 (400|403|404) /);
    expect(r.received.toString('latin1')).not.toContain(MARKER);
  });

  it('a symlinked directory inside the root stays servable', async () => {
    // The check is on real paths, so it refuses only what resolves outside.
    const r = await roundTrip(fx.port, 'GET /alias/index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(r.responses[0]!.status).toBe(200);
    expect(r.responses[0]!.body.toString()).toContain('<title>dir</title>');
  });
});
