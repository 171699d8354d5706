// The checkout the harness runs from: the nearest directory above this module that holds the
// project's package.json and the corpus. Found by walking up, not by a fixed '../..', because the
// same code runs from its sources (under tsx) and from a bundle cached elsewhere in the checkout
// (src/targets/bundle.ts), whose modules all share the bundle's one import.meta.url.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function findCheckout(from: string): string | null {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'cases')) && existsSync(path.join(dir, 'conformance'))) return dir;
    if (path.dirname(dir) === dir) return null;
  }
}

const here = path.dirname(fileURLToPath(import.meta.url));

export const REPO: string =
  findCheckout(here) ??
  (() => {
    throw new Error(`the harness's checkout (package.json, cases/, conformance/) is not above ${here}`);
  })();

/** The harness's entry point, for what starts it from a bundle (the tests, the autograder). */
export const HARNESS_ENTRY = path.join(REPO, 'conformance/src/cli/main.ts');
