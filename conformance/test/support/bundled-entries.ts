// The TypeScript entry points the tests start with node on their esbuild bundle (bundle.ts), named
// once: each place that starts one takes its path from here, and the global setup (prepare.ts)
// bundles them all before the workers start, so a moved or added entry cannot be left out of it.

import path from 'node:path';
import { HARNESS_ENTRY, REPO } from '../../src/checkout.ts';
import { REFERENCE_SERVER_ENTRY } from '../../src/targets/reference-target.ts';

export const BUNDLED_ENTRIES = {
  referenceServer: REFERENCE_SERVER_ENTRY,
  variantServer: path.join(REPO, 'server/variants/cli.ts'),
  variantHost: path.join(REPO, 'server/variants/host.ts'),
  harness: HARNESS_ENTRY,
  childServer: path.join(REPO, 'server/test/support/child-server.ts'),
} as const;
