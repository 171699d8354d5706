// One received response against one expected response: the first check that fails, as a
// readable phrase, or null when all hold.

import { expandPattern, expandText } from '../case/expand.ts';
import type { BodyCheck, HeaderCheck, ResponseMatcher, StatusMatcher } from '../case/types.ts';
import type { ReadResponse } from '../wire/types.ts';
import { describeStatus } from './describe-expected.ts';
import { dateProblem } from './match-date.ts';
import { bodyCheckProblem } from './body-check.ts';
import { patternInWords } from './pattern-words.ts';
import { responseField } from './response-field.ts';
import { plural, quote, statusText } from './show.ts';
import type { JudgeContext } from './types.ts';
import { wellFormedProblem } from './well-formed.ts';

export function responseProblem(m: ResponseMatcher, r: ReadResponse, ctx: JudgeContext): string | null {
  const problem =
    statusProblem(m.status, r) ??
    versionProblem(m, r) ??
    (m.wellFormed ? notWellFormed(r) : null) ??
    headersProblem(m.headers, r, ctx) ??
    bodyProblem(m.body, r, ctx);
  if (problem === null || !m.canary) return problem;
  return `expected the canary (200 with the body of canary.txt), got ${statusText(r)} with ${plural(r.bodyLength ?? r.body.length, 'byte')}`;
}

export function statusMatches(m: StatusMatcher, status: number | null): boolean {
  if (status === null) return false;
  switch (m.kind) {
    case 'any':
      return true;
    case 'exact':
      return m.codes.includes(status);
    case 'class':
      return m.classes.includes(Math.floor(status / 100));
    case 'mixed':
      return m.codes.includes(status) || m.classes.includes(Math.floor(status / 100));
  }
}

function statusProblem(m: StatusMatcher, r: ReadResponse): string | null {
  if (statusMatches(m, r.status)) return null;
  return `expected status ${describeStatus(m)}, got ${r.status === null ? statusText(r) : r.status}`;
}

function versionProblem(m: ResponseMatcher, r: ReadResponse): string | null {
  if (m.version === undefined || r.version === m.version) return null;
  return `expected status-line version ${m.version}, got ${quote(r.version)}`;
}

function notWellFormed(r: ReadResponse): string | null {
  const problem = wellFormedProblem(r);
  return problem === null ? null : `not well-formed: ${problem}`;
}

function headersProblem(checks: Record<string, HeaderCheck[]>, r: ReadResponse, ctx: JudgeContext): string | null {
  for (const [name, list] of Object.entries(checks)) {
    const { lines, value } = responseField(r, name);
    for (const check of list) {
      const problem = headerProblem(check, lines.length, value, r, ctx);
      if (problem !== null) return `header ${name}: ${problem}`;
    }
  }
  return null;
}

function headerProblem(check: HeaderCheck, count: number, value: string | null, r: ReadResponse, ctx: JudgeContext): string | null {
  const got = value === null ? 'absent' : `got ${quote(value)}`;
  switch (check.kind) {
    case 'present':
      return value === null ? 'expected present, absent' : null;
    case 'absent':
      return value === null ? null : `expected absent, ${got}`;
    case 'count':
      return count === check.count ? null : `expected ${plural(check.count, 'field line')}, got ${count}`;
    case 'equals': {
      const want = expandText(check.value, ctx.values);
      return value === want ? null : `expected ${quote(want)}, ${got}`;
    }
    case 'contains': {
      const want = expandText(check.value, ctx.values);
      return value !== null && value.includes(want) ? null : `expected to contain ${quote(want)}, ${got}`;
    }
    case 'matches': {
      const re = new RegExp(expandPattern(check.pattern, ctx.values), 'i');
      return value !== null && re.test(value) ? null : `expected ${patternInWords(check.pattern)}, ${got}`;
    }
    case 'date':
    case 'within':
    case 'not-after':
      return dateProblem(check, value, r, ctx);
  }
}

function bodyProblem(checks: BodyCheck[], r: ReadResponse, ctx: JudgeContext): string | null {
  for (const check of checks) {
    const problem = bodyCheckProblem(check, r, ctx);
    if (problem !== null) return `body: ${problem}`;
  }
  return null;
}

