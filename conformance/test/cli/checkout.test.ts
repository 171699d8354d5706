// The harness finds its checkout by walking up from its module, so a bundle of it cached inside
// node_modules finds the same corpus, fixtures and package.json as the sources do.

import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPO, findCheckout } from '../../src/checkout.ts';

describe('findCheckout', () => {
  it('is the directory above the sources that holds package.json, cases/ and conformance/', () => {
    expect(REPO).toBe(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..'));
    expect(findCheckout(path.join(REPO, 'conformance/src/cli'))).toBe(REPO);
    expect(findCheckout(path.join(REPO, 'node_modules/.cache/http11-conformance/bundles'))).toBe(REPO);
  });

  it('is null outside any checkout', async () => {
    expect(findCheckout(await mkdtemp(path.join(os.tmpdir(), 'no-checkout-')))).toBeNull();
  });
});
