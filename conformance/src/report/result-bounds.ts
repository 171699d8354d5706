// Length bounds on what a case result carries, whatever the target sent: a server streaming
// `100 Continue` forever once gave a case an `actual` of 6.8 MB and a 406 MB report.json. Texts
// are cut with a note saying how much was left out; report.json as a whole is fitted under
// MAX_REPORT_BYTES by cutting the transcripts of the largest cases first.

import type { CaseResult, Report, WireEntry } from '../result/types.ts';

/** `actual` and `message`: a line a person reads. */
export const MAX_RESULT_TEXT = 2000;
/** Each allowed outcome, as described. */
export const MAX_EXPECTED_TEXT = 1000;
/** Any line the terminal reporter writes. */
export const MAX_TERMINAL_LINE = 4096;
/** report.json, whatever the target sends. */
export const MAX_REPORT_BYTES = 20 * 1000 * 1000;

/** `text` cut to `max` characters, saying how many more there were. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const left = text.length - max;
  return `${text.slice(0, max)}... (${left} more characters)`;
}

/** A terminal line cut to MAX_TERMINAL_LINE, keeping its ` | rerun: ...` tail whole. */
export function boundLine(line: string, max: number = MAX_TERMINAL_LINE): string {
  if (line.length <= max) return line;
  const at = line.lastIndexOf(' | rerun: ');
  const tail = at >= 0 && line.length - at < max / 2 ? line.slice(at) : '';
  const head = tail ? line.slice(0, at) : line;
  return `${cutText(head, max - tail.length - 40)}${tail}`;
}

/** `text` cut in the middle: its start and its end (where `actual` says how it ended) stay. */
export function cutMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  const tail = Math.floor(max / 4);
  return `${text.slice(0, max - tail)} ... (${text.length - max} characters left out) ... ${text.slice(text.length - tail)}`;
}

export function boundResult(r: CaseResult): CaseResult {
  const actual = cutMiddle(r.actual, MAX_RESULT_TEXT);
  const message = cutText(r.message, MAX_RESULT_TEXT);
  const long = r.expected.some((e) => e.length > MAX_EXPECTED_TEXT);
  if (actual === r.actual && message === r.message && !long) return r;
  return { ...r, actual, message, expected: long ? r.expected.map((e) => cutText(e, MAX_EXPECTED_TEXT)) : r.expected };
}

/**
 * report.json's text in pieces (one per case), cut to fit `maxBytes`: the escaped bytes of the
 * cases with the largest transcripts are cut to a common bound, found by halving, so small cases
 * keep everything. Pieces, not one string: a 20 MB report stringified whole, then turned into a
 * Buffer to write, costs several times its size at the end of a run.
 */
export function reportJsonPieces(report: Report, maxBytes: number = MAX_REPORT_BYTES): string[] {
  const { cases, ...rest } = report;
  const head = JSON.stringify(rest, null, 2);
  // The same text JSON.stringify(report, null, 2) gives with `cases` last: items sit 4 deep.
  const item = (c: CaseResult): string => `    ${JSON.stringify(c, null, 2).replaceAll('\n', '\n    ')}`;
  const frame = (items: string[]): string[] => {
    const open = `${head.slice(0, -2)}${head.length > 2 ? ',' : ''}\n  "cases": [${items.length > 0 ? '\n' : ''}`;
    return [open, ...items.map((t, i) => (i < items.length - 1 ? `${t},\n` : `${t}\n`)), `${items.length > 0 ? '  ' : ''}]\n}\n`];
  };
  const size = (pieces: string[]): number => pieces.reduce((n, p) => n + Buffer.byteLength(p), 0);
  let pieces = frame(cases.map(item));
  for (let per = 64 * 1024; size(pieces) > maxBytes && per >= 64; per = Math.floor(per / 2)) {
    pieces = frame(cases.map((c) => item(cutCase(c, per))));
  }
  return pieces;
}

const FIT_NOTE = 'cut to keep report.json under its size bound';
const MAX_FIT_ENTRIES = 200;

/** The case with its transcript texts and received bytes cut to `per` characters in all. */
function cutCase(c: CaseResult, per: number): CaseResult {
  let budget = per;
  const cutEntry = (w: WireEntry): WireEntry => {
    if (w.kind !== 'write' && w.kind !== 'read') return w;
    const keep = Math.max(0, Math.min(w.text.length, budget));
    budget -= keep;
    return keep === w.text.length ? w : { ...w, text: `${w.text.slice(0, keep)}... (${w.text.length - keep} more characters, ${FIT_NOTE})` };
  };
  // Past a few hundred entries a transcript says nothing more a person would read; the entry
  // standing for the ones left out says how many.
  const entries = (ws: WireEntry[]): WireEntry[] => {
    if (ws.length <= MAX_FIT_ENTRIES) return ws.map(cutEntry);
    const last = ws.at(-1)!;
    const note: WireEntry = { kind: 'error', atMs: last.atMs, code: 'REPORT_CUT', message: `${ws.length - MAX_FIT_ENTRIES + 1} transcript entries left out, ${FIT_NOTE}` };
    return [...ws.slice(0, MAX_FIT_ENTRIES - 2).map(cutEntry), note, last];
  };
  const before = c.before?.map((b) => ({ ...b, wire: entries(b.wire) }));
  const wire = entries(c.wire);
  const received = c.received.length > per ? `${c.received.slice(0, per)}... (${c.received.length - per} more characters, ${FIT_NOTE})` : c.received;
  return { ...c, wire, received, ...(before ? { before } : {}) };
}
