// The one grading policy (cases/README.md, "Grading policy"): which cases may grade a server
// `fail`. A fail must be backed by a MUST, or by harm the case can show: a desynchronisation, a
// leak, a crash or a hang. Everything else a server may do differently is a `warn`. The judge
// reads the policy from here and `--lint` enforces it on every case file, so the two never drift.

import type { Case, Level } from '../case/types.ts';

/** Tags that name the harm a security or robustness case shows when it fails. */
export const HARM_TAGS = ['desync', 'leak', 'crash', 'hang'] as const;
export type HarmTag = (typeof HARM_TAGS)[number];

const HARM_LEVELS: readonly Level[] = ['security', 'robustness'];

export function harmOf(c: Pick<Case, 'tags'>): HarmTag[] {
  return HARM_TAGS.filter((t) => c.tags.includes(t));
}

/**
 * Whether an outcome this case does not allow is a `fail` (else a `warn`): MUST cases, and
 * security or robustness cases that name the harm a failure shows.
 */
export function mayFail(c: Pick<Case, 'level' | 'tags'>): boolean {
  if (c.level === 'MUST') return true;
  return HARM_LEVELS.includes(c.level) && harmOf(c).length > 0;
}

export type PolicyProblem = { line: number; problem: string };

// The keywords that make a sentence a MUST (BCP 14): a MUST case quotes one of them.
const MUST_WORDS = /\b(MUST|MUST NOT|REQUIRED|SHALL|SHALL NOT)\b/;

/** Every place a case breaks the policy, for `--lint` (`file:line: problem`). */
export function gradingPolicyProblems(c: Case): PolicyProblem[] {
  if (c.level === 'MUST' && !MUST_WORDS.test(c.quote)) {
    const problem = `case "${c.id}" is level MUST but its quote holds no MUST, MUST NOT, REQUIRED or SHALL: quote the sentence that obliges the server, or give the case the level its quote has (cases/README.md, Grading policy)`;
    return [{ line: c.pos.line, problem }];
  }
  if (mayFail(c)) return [];
  const why = HARM_LEVELS.includes(c.level)
    ? `a ${c.level} case may grade fail only when its tags name the harm a fail shows (${HARM_TAGS.join(', ')})`
    : `a ${c.level} case never grades fail: a deviation from a ${c.level} is a warn`;
  return c.expect
    .filter((a) => a.grade === 'fail')
    .map((a) => ({ line: a.pos.line, problem: `grade: fail in case "${c.id}": ${why} (cases/README.md, Grading policy)` }));
}
