// From a case to the exact steps the wire client executes: placeholders expanded, bytes fixed,
// writes re-cut by the split mode. Pauses, awaits and closes stay exactly where they are.

import type { WireStep } from '../wire/types.ts';
import { expandText } from './expand.ts';
import { cutRun, randomFor, type SplitMode } from './split.ts';
import type { Case, PlaceholderValues, SendStep, WritePart } from './types.ts';

export { expandText, missingPlaceholders } from './expand.ts';
export { formatSplitMode, parseSplitModes, type SplitMode } from './split.ts';

export function planSteps(c: Case, values: PlaceholderValues, mode: SplitMode): WireStep[] {
  const random = randomFor(mode.kind === 'random' ? mode.seed : 0, c.id);
  const out: WireStep[] = [];
  let run: Buffer[] = [];
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

function writeBytes(parts: WritePart[], values: PlaceholderValues): Buffer {
  // Each character is one octet (the loader made sure), hence latin1.
  return Buffer.concat(
    parts.map((p) => {
      const text = expandText(p.text, values);
      return Buffer.from(p.kind === 'text' ? text : text.repeat(p.times), 'latin1');
    }),
  );
}
