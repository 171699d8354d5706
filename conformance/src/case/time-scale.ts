// `--time-scale F`: every pause, every head-await bound and a case's own `timeout:` multiplied by
// F, so a slow case keeps its shape in a fraction of its time. Meant for a server whose own
// timeouts are scaled by the same factor (the slow-cases proof runs the reference server and its
// broken variants that way): against a server with its usual timeouts a scaled case asks another
// question. `--timeout` is left as it is: it stays the floor of every bound.

import type { Case, SendStep } from './types.ts';

export function scaleCaseTimes(c: Case, factor: number): Case {
  if (factor === 1) return c;
  const scaled: Case = { ...c, send: scaleSteps(c.send, factor) };
  if (c.timeoutMs !== undefined) scaled.timeoutMs = Math.round(c.timeoutMs * factor);
  if (c.before !== undefined) scaled.before = c.before.map((side) => ({ ...side, send: scaleSteps(side.send, factor) }));
  return scaled;
}

function scaleSteps(steps: readonly SendStep[], factor: number): SendStep[] {
  return steps.map((s): SendStep => {
    switch (s.kind) {
      case 'pause':
        return { kind: 'pause', ms: Math.round(s.ms * factor) };
      case 'await-head':
        return { kind: 'await-head', maxMs: Math.round(s.maxMs * factor) };
      default:
        return s;
    }
  });
}
