// A case's details as plain text, shared by the formats that have no markup of their own.

import type { CaseResult } from '../result/types.ts';
import { hasWire, wireText } from './wire-text.ts';

/** Expected alternatives and actual outcome, one per line. */
export function outcomeText(r: CaseResult): string {
  const lines = [`${r.rfc} (${r.level}): ${r.message}`];
  if (r.expected.length > 0) {
    lines.push('expected one of:');
    r.expected.forEach((e, i) => lines.push(`  ${r.matched === i ? '*' : '-'} ${e}`));
  }
  lines.push(`actual: ${r.actual || '(nothing)'}`);
  return lines.join('\n');
}

/** Outcome, transcript and the command that re-runs the case. */
export function caseText(r: CaseResult): string {
  const parts = [outcomeText(r)];
  if (hasWire(r)) parts.push(`transcript (${r.mode}):\n${wireText(r)}`);
  parts.push(`reproduce: ${r.reproduce}`);
  return parts.join('\n\n');
}
