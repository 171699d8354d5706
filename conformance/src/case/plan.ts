// From a case to the exact steps the wire client executes: placeholders expanded, bytes fixed,
// writes re-cut by the split mode. Pauses, awaits and closes stay exactly where they are. A
// write's bytes are described here (text, or a unit and a count) and made only when sent.

import { LazyBytes, type Segment, type WireBytes } from '../wire/lazy-bytes.ts';
import type { WireStep } from '../wire/types.ts';
import { expandText } from './expand.ts';
import { MAX_CASE_BYTES } from './limits.ts';
import { describeBytes } from './send-size.ts';
import { cutRun, randomFor, type SplitMode } from './split.ts';
import type { Case, PlaceholderValues, SendStep, WritePart } from './types.ts';

export { expandText, missingPlaceholders } from './expand.ts';
export { formatSplitMode, parseSplitModes, type SplitMode } from './split.ts';

export function planSteps(c: Case, values: PlaceholderValues, mode: SplitMode): WireStep[] {
  const random = randomFor(mode.kind === 'random' ? mode.seed : 0, c.id);
  const out: WireStep[] = [];
  let run: WireBytes[] = [];
  const flush = (): void => {
    if (run.length > 0) for (const bytes of cutRun(run, mode, random)) out.push({ kind: 'write', bytes });
    run = [];
  };
  for (const step of c.send) {
    if (step.kind === 'write') {
      run.push(writeBytes(step.parts, values));
      continue;
    }
    flush();
    out.push(step.kind === 'pause' ? { kind: 'pause', ms: step.ms } : step.kind === 'await-head' ? { kind: 'await-head', maxMs: step.maxMs } : { kind: 'close', how: step.how });
  }
  flush();
  return out;
}

/**
 * The steps of a side connection (`before:`), placeholders expanded. They run as written in every
 * split mode: the split modes re-cut the case's own requests, not the scene around them.
 */
export function planSideSteps(steps: readonly SendStep[], values: PlaceholderValues): WireStep[] {
  return steps.map((step): WireStep => {
    switch (step.kind) {
      case 'write':
        return { kind: 'write', bytes: writeBytes(step.parts, values) };
      case 'pause':
        return { kind: 'pause', ms: step.ms };
      case 'await-head':
        return { kind: 'await-head', maxMs: step.maxMs };
      case 'close':
        return { kind: 'close', how: step.how };
    }
  });
}

function writeBytes(parts: WritePart[], values: PlaceholderValues): LazyBytes {
  // Each character is one octet (the loader made sure), hence latin1.
  return LazyBytes.of(
    parts.map((p): Segment => {
      const bytes = Buffer.from(expandText(p.text, values), 'latin1');
      return p.kind === 'text' ? { kind: 'bytes', bytes } : { kind: 'repeat', unit: bytes, times: p.times };
    }),
  );
}

/**
 * What the case sends with this target's placeholder values, when that is over the per-case
 * budget (an `{etag}` of a megabyte repeated, say): the loader could only count placeholders
 * at a nominal size. Null when within the budget.
 */
export function overBudget(c: Case, values: PlaceholderValues): string | null {
  let size = 0;
  const add = (steps: readonly SendStep[], times: number): void => {
    for (const s of steps) if (s.kind === 'write') size += writeSize(s.parts, values) * times;
  };
  add(c.send, 1);
  for (const side of c.before ?? []) add(side.send, side.count);
  if (size <= MAX_CASE_BYTES) return null;
  return `with this target's placeholder values the case would send ${describeBytes(size)}, over the ${describeBytes(MAX_CASE_BYTES)} budget per case`;
}

/** What writeBytes would make, counted without making it (latin1: one octet per character). */
function writeSize(parts: readonly WritePart[], values: PlaceholderValues): number {
  let size = 0;
  for (const p of parts) size += expandText(p.text, values).length * (p.kind === 'text' ? 1 : p.times);
  return size;
}
