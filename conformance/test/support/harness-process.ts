// The harness in a process of its own, for the tests that need one (signals, peak memory, a
// server started without /proc). It starts from the harness's bundle (src/targets/bundle.ts,
// rebuilt when a source changes): about a third of the CPU of a start under tsx, paid by some
// thirty tests. The way users start it, `npm run conformance` under tsx, keeps tests of its own
// (cli/process.test.ts, the npm runs in lifecycle-units and interrupt-run).

import { bundled } from '../../src/targets/bundle.ts';
import { BUNDLED_ENTRIES } from './bundled-entries.ts';

const MAIN = BUNDLED_ENTRIES.harness;

/** The node arguments that run the harness: `[...nodeArgs, SCRIPT]`, CLI arguments to follow. */
export async function harnessNodeArgs(nodeArgs: readonly string[] = []): Promise<string[]> {
  return [...nodeArgs, await bundled(MAIN)];
}
