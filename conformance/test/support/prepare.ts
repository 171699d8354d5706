// Vitest global setup: what every test file would otherwise make for itself, made once before the
// workers start. On a clean checkout (CI) six workers each built the same esbuild bundles, made
// the same 10 MiB fixture and parsed the corpus for the same cache at the same moment; once made,
// each of these is only checked (a few stat calls) by the tests that use it.

import path from 'node:path';
import { loadCases } from '../../src/case/load.ts';
import { REPO } from '../../src/checkout.ts';
import { ensureFixtures } from '../../src/fixtures/ensure-fixtures.ts';
import { bundled } from '../../src/targets/bundle.ts';
import { BUNDLED_ENTRIES } from './bundled-entries.ts';

export default async function setup(): Promise<void> {
  await Promise.all([
    ensureFixtures(),
    loadCases([path.join(REPO, 'cases')]),
    // A bundle that cannot be built is built (or reported) again by the test that needs it.
    ...Object.values(BUNDLED_ENTRIES).map((entry) => bundled(entry).catch(() => null)),
  ]);
}
