// The resolved paths of recently seen request-targets. A busy server sees the same few targets
// over and over, and parsing and percent-decoding each of them once is enough. Only successful
// resolutions are kept, keys are bounded in length and the table in size, so hostile targets
// can neither grow it nor fill it with anything but their own misses.

import type { ResolvedPath } from './resolve-path.ts';

export type ResolvedOk = Extract<ResolvedPath, { ok: true }>;

const MAX_ENTRIES = 1024;
const MAX_TARGET_LENGTH = 256;
const memo = new Map<string, ResolvedOk>();

/** A resolution remembered for exactly this target; its segments must not be modified. */
export function rememberedPath(target: string): ResolvedOk | undefined {
  return memo.get(target);
}

/** `resolved` must be what parseTarget and resolvePath give for `target`, which is deterministic. */
export function rememberPath(target: string, resolved: ResolvedOk): void {
  if (target.length > MAX_TARGET_LENGTH) return;
  // Dropping everything at once keeps this O(1); the hot targets come back on their next request.
  if (memo.size >= MAX_ENTRIES) memo.clear();
  memo.set(target, resolved);
}
