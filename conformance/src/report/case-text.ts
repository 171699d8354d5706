// A case's details as plain text, shared by the formats that have no markup of their own.

import type { CaseResult } from '../result/types.ts';
import { sentText } from './sent-text.ts';
import { cut, hasWire, wireText } from './wire-text.ts';

// Bytes past this many characters are cut: these lines are for reading, the reports keep the rest.
const EVIDENCE_TEXT = 240;

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
  const parts = [outcomeText(r), quoteLine(r)];
  if (hasWire(r)) parts.push(`transcript (${r.mode}):\n${wireText(r)}`);
  parts.push(`reproduce: ${r.reproduce}`);
  return parts.join('\n\n');
}

/**
 * What a student needs beside the verdict to act on it: the requirement in the RFC's words and
 * the bytes each way, side connections first (nothing for skips and harness errors).
 */
export function evidenceLines(r: CaseResult): string[] {
  if (r.status === 'skip' || r.status === 'error') return [];
  const lines = [quoteLine(r, EVIDENCE_TEXT)];
  for (const side of r.before ?? []) {
    const who = side.flood ? `${side.flood.count} connections "${side.name}"` : `connection "${side.name}"`;
    lines.push(`first, on ${who}: ${cut(sentText(side.wire), EVIDENCE_TEXT) || '(nothing)'}`);
  }
  lines.push(`sent:     ${cut(sentText(r.wire), EVIDENCE_TEXT) || '(nothing)'}`);
  lines.push(`received: ${cut(r.received, EVIDENCE_TEXT) || '(nothing)'}`);
  return lines;
}

/** The requirement in the RFC's own words, cut to `max` characters. */
function quoteLine(r: CaseResult, max = Infinity): string {
  return `${r.rfc}: "${cut(r.quote, max)}"`;
}

/**
 * `canary 200, then canary 200, then ...` (a pipeline of a hundred) as `canary 200 (x100)`: runs
 * of one outcome repeated three times or more, wherever outcomes are listed with `, then ` (an
 * alternative, what came back, a message quoting the closest outcome).
 */
export function compactRepeats(text: string): string {
  return text.replace(/(?<=^|, then |")([^,"]+?)((?:, then \1)+)(?=, then |"|,|$)/g, (run, item: string, rest: string) => {
    const count = rest.split(', then ').length;
    return count >= 3 ? `${item} (x${count})` : run;
  });
}
