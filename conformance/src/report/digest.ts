// What to fix first: the cases that did not pass, grouped by their likely cause and ordered by
// how bad that cause is (a leak out of the docroot, then a desynchronisation, then a crash or a
// hang, then the other failures, then the warnings). A student with a typical first server gets
// a few hundred failing cases with a handful of causes; the digest names the causes.
//
// The grouping works from the report alone (so `merge` and old report.json files digest too):
// the behaviour a case's matched alternative names (its `note`, shared by every case that
// catches the same mistake), or the first mismatch of the closest outcome, or a handful of
// causes recognised across areas (one recv(), a missing field, an error with no length).

import { DESYNC } from '../judge/judge.ts';
import type { CaseResult } from '../result/types.ts';
import { CRASHED, HUNG } from '../result/verdict-prefixes.ts';

export const SEVERITIES = ['leak', 'desync', 'crash', 'hang', 'error', 'fail', 'warn'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Words for a severity, as the digest prints them. */
export const SEVERITY_LABEL: Record<Severity, string> = {
  leak: 'LEAK',
  desync: 'DESYNC',
  crash: 'CRASH',
  hang: 'HANG',
  error: 'NOT RUN',
  fail: 'FAIL',
  warn: 'WARN',
};

export type CauseGroup = {
  severity: Severity;
  /** What the server does, in words; the same for every case of the group. */
  cause: string;
  cases: CaseResult[];
  /** One-case causes of one area put together: shown after the causes shared by several cases. */
  merged?: true;
};

/** Every case that did not pass or skip, grouped by cause, most severe first, then largest. */
export function groupByCause(cases: readonly CaseResult[]): CauseGroup[] {
  const groups = new Map<string, CauseGroup>();
  for (const c of cases) {
    if (c.status === 'pass' || c.status === 'skip') continue;
    const { severity, cause } = causeOf(c);
    const key = `${severity}\u0000${cause}`;
    const g = groups.get(key);
    if (g) g.cases.push(c);
    else groups.set(key, { severity, cause, cases: [c] });
  }
  const rank = (s: Severity): number => SEVERITIES.indexOf(s);
  return mergeSingles([...groups.values()]).sort(
    (a, b) => rank(a.severity) - rank(b.severity) || Number(a.merged ?? false) - Number(b.merged ?? false) || b.cases.length - a.cases.length || a.cause.localeCompare(b.cause),
  );
}

/**
 * Causes seen in one case only, two or more of them in one area at one severity, become one group
 * (`header-fields: 3 other problems`): the digest has room for causes, not for every case.
 */
function mergeSingles(groups: CauseGroup[]): CauseGroup[] {
  const singles = new Map<string, CauseGroup[]>();
  for (const g of groups) {
    if (g.cases.length !== 1 || (g.severity !== 'fail' && g.severity !== 'warn')) continue;
    const key = `${g.severity}\u0000${g.cases[0]!.area}`;
    singles.set(key, [...(singles.get(key) ?? []), g]);
  }
  const merged = new Set<CauseGroup>();
  const out: CauseGroup[] = [];
  for (const list of singles.values()) {
    if (list.length < 2) continue;
    list.forEach((g) => merged.add(g));
    const first = list[0]!;
    out.push({ severity: first.severity, cause: `${first.cases[0]!.area}: ${list.length} different problems, one case each`, cases: list.flatMap((g) => g.cases), merged: true });
  }
  return [...groups.filter((g) => !merged.has(g)), ...out];
}

/** The severity and the likely cause of one case that did not pass. */
export function causeOf(c: CaseResult): { severity: Severity; cause: string } {
  // The label already says NOT RUN: the cause is why, without "not run:" again.
  if (c.status === 'error') return { severity: 'error', cause: firstClause(c.message.replace(/^not run:\s*/, '')) };
  // A traversal case failed by silence (a server that answers nothing: run/health.ts) leaked nothing.
  if (c.status === 'fail' && c.area === 'traversal' && !c.actual.startsWith('no response')) return { severity: 'leak', cause: 'served a file from outside the docroot (resolve the path, ".." included, and check it is still inside)' };
  if (c.message.startsWith(DESYNC)) return { severity: 'desync', cause: 'desynchronised: read a body or the next request at the wrong place (request smuggling)' };
  if (c.message.startsWith(CRASHED)) return { severity: 'crash', cause: 'crashed (the server process died and was restarted)' };
  // run/watch.ts: after this case the server answered no one (a fresh GET got nothing).
  if (c.message.startsWith(HUNG)) return { severity: 'hang', cause: 'hung: after this case the server answered no one until it was restarted' };
  if (c.status === 'timeout') return { severity: 'hang', cause: 'no answer in time: the server waited for bytes that never come, or hung' };
  const severity: Severity = c.status === 'fail' ? 'fail' : 'warn';
  return { severity, cause: behaviour(c) };
}

// Fields whose absence is one cause however many cases notice it.
const FIELD_WORDS: Record<string, string> = {
  date: 'responses have no Date field',
  'content-type': 'responses have no Content-Type, or the wrong one for the file',
  'last-modified': 'responses have no Last-Modified field',
  etag: 'responses have no ETag field',
  'content-length': 'responses have no Content-Length',
};

function behaviour(c: CaseResult): string {
  if (c.area === 'host' && c.status === 'fail') return 'the Host field is not checked: requests without Host, with two, or with a malformed one are served';
  const problem = mismatch(c.message);
  const count = /^expected (\d+) responses?, got (1|none)\b/.exec(problem);
  if (count && Number(count[1]) > 1) return 'answers only the first request on a connection: read the stream until each request ends, not one recv() per connection';
  const note = matchedNote(c.message);
  if (note === null && errorWithoutLength(c) && /connection|unexpected bytes|incomplete|closed/.test(problem)) {
    return 'error responses have no Content-Length: only the close ends their body';
  }
  const field = /^header ([a-z0-9-]+): /.exec(problem);
  if (field && FIELD_WORDS[field[1]!] !== undefined && /absent|expected present/.test(problem)) return FIELD_WORDS[field[1]!]!;
  if (field?.[1] === 'content-type') return FIELD_WORDS['content-type']!;
  if (note !== null) return note;
  if (c.mode !== 'as-written' || c.area === 'fragmentation') {
    if (/got 4\d\d|got none|expected status 200/.test(problem)) return 'a request that arrives in several pieces is refused: read until the header section ends';
  }
  // The first mismatch, with the specifics of each case's files left out, within its area.
  return `${c.area}: ${generalise(problem)}`;
}

/** The behaviour a matched alternative names: `known bad behaviour: NOTE` / `allowed but discouraged: NOTE`. */
function matchedNote(message: string): string | null {
  const m = /^(?:known bad behaviour|allowed but discouraged): (.+)$/s.exec(message);
  return m ? firstClause(m[1]!) : null;
}

/** After `closest allowed outcome "...": `, the first thing that did not match. */
function mismatch(message: string): string {
  const m = /^closest allowed outcome ".*?": (.+)$/s.exec(message);
  return (m ? m[1]! : message).trim();
}

function generalise(problem: string): string {
  return firstClause(problem)
    .replace(/\(body of [^)]*\)/g, '')
    .replace(/"[^"]{24,}"/g, '"..."')
    .replace(/\s+/g, ' ')
    .trim();
}

function firstClause(s: string): string {
  const line = s.split('\n')[0]!.trim();
  return line.length <= 140 ? line : `${line.slice(0, 137)}...`;
}

/** A 4xx/5xx the server sent with neither Content-Length nor Transfer-Encoding (escaped text). */
export function errorWithoutLength(c: Pick<CaseResult, 'received'>): boolean {
  const heads = c.received.split(/(?=HTTP\/1\.\d \d{3})/);
  return heads.some((h) => {
    const m = /^HTTP\/1\.\d ([45]\d\d)/.exec(h);
    if (!m) return false;
    const head = h.split('\\r\\n\\r\\n')[0]!.toLowerCase();
    return !head.includes('\\r\\ncontent-length:') && !head.includes('\\r\\ntransfer-encoding:');
  });
}
