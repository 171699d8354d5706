// The digest as text: at most about 25 lines at the end of every terminal run (and the top of
// summary.md), so a student sees what to fix first without scrolling through every case.

import type { CaseResult, Report } from '../result/types.ts';
import { groupByCause, SEVERITY_LABEL, type CauseGroup } from './digest.ts';

/** Groups shown; each takes two lines, so the digest stays within one screen. */
export const DIGEST_GROUPS = 9;
/** Case ids named on a group's line before `and N more`. */
const NAMED = 4;
/** Case ids a rerun line selects one by one before it selects the area instead. */
const RERUN_IDS = 5;

type Paint = (code: string, s: string) => string;
const plain: Paint = (_c, s) => s;
const SEVERITY_COLOUR = { leak: '31;1', desync: '31;1', crash: '31', hang: '35', error: '31', fail: '31', warn: '33' } as const;

export type DigestOptions = { paint?: Paint; maxGroups?: number; reportHint?: string };

/** The digest's lines, without trailing newlines; empty when every case passed or was skipped. */
export function digestLines(report: Report, o: DigestOptions = {}): string[] {
  const paint = o.paint ?? plain;
  const groups = groupByCause(report.cases);
  const lines: string[] = [];
  const notPassed = groups.reduce((n, g) => n + g.cases.length, 0);
  if (groups.length > 0) {
    lines.push(paint('1', `what to fix first: ${groups.length} likely cause${groups.length === 1 ? '' : 's'} for ${notPassed} case${notPassed === 1 ? '' : 's'} that did not pass, most severe first`));
    const shown = groups.slice(0, o.maxGroups ?? DIGEST_GROUPS);
    const width = String(shown.length).length;
    shown.forEach((g, i) => {
      const label = paint(SEVERITY_COLOUR[g.severity], SEVERITY_LABEL[g.severity]);
      lines.push(`${String(i + 1).padStart(width + 1)}. ${label} ${g.cause}: ${caseList(g.cases)}`);
      lines.push(`${' '.repeat(width + 3)}rerun: ${rerunLine(g)}`);
    });
    const rest = groups.slice(shown.length);
    if (rest.length > 0) {
      const n = rest.reduce((t, g) => t + g.cases.length, 0);
      lines.push(`   and ${rest.length} more cause${rest.length === 1 ? '' : 's'} (${n} case${n === 1 ? '' : 's'}, mostly ${mostly(rest)}): ${o.reportHint ?? 'every case is in report.json and report.html (--reporter html); --verbose prints them all'}`);
    }
  }
  const skips = skipLine(report.cases);
  if (skips !== null) lines.push(skips);
  const health = healthLine(report);
  if (health !== null) lines.push(health);
  return lines;
}

function caseList(cases: readonly CaseResult[]): string {
  const names = [...new Set(cases.map((c) => (c.mode === 'as-written' ? c.id : `${c.id} [${c.mode}]`)))];
  const head = `${cases.length} case${cases.length === 1 ? '' : 's'}`;
  const named = names.slice(0, NAMED).join(', ');
  return names.length > NAMED ? `${head} (${named} and ${names.length - NAMED} more)` : `${head} (${named})`;
}

/**
 * One command that re-runs the group: the first case's own reproduce line (it carries the target
 * and every flag that changes a verdict) with the group's ids, or its area when the group is
 * large and lies in one area.
 */
export function rerunLine(g: CauseGroup): string {
  const first = g.cases[0]!;
  const ids = [...new Set(g.cases.map((c) => c.id))];
  const areas = new Set(g.cases.map((c) => c.area));
  const select =
    ids.length > RERUN_IDS && areas.size === 1 ? ` --area ${first.area}` : ids.slice(0, RERUN_IDS).map((id) => ` --id ${id}`).join('');
  const cmd = first.reproduce.includes(` --id ${first.id}`) ? first.reproduce.replace(` --id ${first.id}`, select) : `${first.reproduce}${select}`;
  const more = ids.length > RERUN_IDS && areas.size > 1 ? `   (the first ${RERUN_IDS} of ${ids.length})` : '';
  return cmd + more;
}

function mostly(groups: readonly CauseGroup[]): string {
  const counts = new Map<string, number>();
  for (const g of groups) counts.set(g.severity, (counts.get(g.severity) ?? 0) + g.cases.length);
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
  return top[0] === 'warn' ? 'warnings' : top[0] === 'fail' ? 'failures' : SEVERITY_LABEL[top[0] as CauseGroup['severity']].toLowerCase();
}

/** One line for every skipped case: what they needed, and how to say the server has it. */
export function skipLine(cases: readonly CaseResult[]): string | null {
  const skipped = cases.filter((c) => c.status === 'skip');
  if (skipped.length === 0) return null;
  const needs = new Map<string, number>();
  for (const c of skipped) {
    const what = c.missing && c.missing.length > 0 ? c.missing.join('+') : (/\{[a-z-]+\}/.exec(c.message)?.[0] ?? 'other');
    needs.set(what, (needs.get(what) ?? 0) + 1);
  }
  const parts = [...needs.entries()].sort((a, b) => b[1] - a[1]).map(([what, n]) => `${n} need ${what}`);
  const caps = [...new Set(skipped.flatMap((c) => c.missing ?? []))];
  // A capability the probe found missing says why (`does not offer conditional: GET /hello.txt
  // carried neither ETag nor Last-Modified`): that is the thing to add, not a flag.
  const found = new Map<string, string>();
  for (const c of skipped) {
    const m = /does not offer ([a-z-]+): (.+)$/.exec(c.message);
    if (m && !found.has(m[1]!)) found.set(m[1]!, m[2]!);
  }
  const hints: string[] = [];
  if (caps.includes('echo')) hints.push('echo is the route POST /echo answering 200 with the request body (detected when present)');
  for (const [cap, why] of found) if (cap !== 'echo') hints.push(`${cap}: ${why}`);
  const declared = caps.filter((c) => c !== 'echo' && !found.has(c));
  if (declared.length > 0) hints.push(`if the server has them: --capabilities ${declared.join(',')}`);
  if (needs.has('{etag}') || needs.has('{last-modified}')) hints.push('{etag} and {last-modified} come from the ETag and Last-Modified of GET /hello.txt');
  return `${skipped.length} skipped (${parts.join(', ')})${hints.length > 0 ? `: ${hints.join('; ')}` : ''}`;
}

/** The run's health (a server restarted, cases not run): its one sentence, when the run recorded one and something went wrong. */
function healthLine(report: Report): string | null {
  const sentence = report.health?.sentence;
  return typeof sentence === 'string' ? `health: ${sentence}` : null;
}
