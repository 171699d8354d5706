// How many bytes steps send, before the target's placeholder values are known: every known
// placeholder counts for PLACEHOLDER_BUDGET_BYTES, so the figure is an upper bound for any
// target with an ordinary `{etag}` and `{last-modified}` (the plan checks the real size).

import { PLACEHOLDER_BUDGET_BYTES } from './limits.ts';
import { PLACEHOLDER_PATTERN, isPlaceholder } from './placeholders.ts';
import type { SendStep, SideConnection, WritePart } from './types.ts';

export function textSize(text: string): number {
  let size = text.length;
  for (const m of text.matchAll(PLACEHOLDER_PATTERN)) if (isPlaceholder(m[1]!)) size += PLACEHOLDER_BUDGET_BYTES - m[0].length;
  return size;
}

export function partsSize(parts: readonly WritePart[]): number {
  let size = 0;
  for (const p of parts) size += p.kind === 'text' ? textSize(p.text) : textSize(p.text) * p.times;
  return size;
}

export function stepsSize(steps: readonly SendStep[]): number {
  let size = 0;
  for (const s of steps) if (s.kind === 'write') size += partsSize(s.parts);
  return size;
}

/** A case's writes and its side connections' writes times their count: what the budget bounds. */
export function caseSendSize(send: readonly SendStep[], before: readonly SideConnection[] | undefined): number {
  let size = stepsSize(send);
  for (const side of before ?? []) size += stepsSize(side.send) * side.count;
  return size;
}

/** `16777216 bytes (16 MiB)`: exact, and readable. */
export function describeBytes(n: number): string {
  const mib = n / (1024 * 1024);
  return mib >= 1 ? `${n} bytes (${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB)` : `${n} bytes`;
}
