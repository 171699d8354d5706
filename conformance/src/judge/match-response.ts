// One received response against one expected response: the first check that fails, as a
// readable phrase, or null when all hold.

import { expandPattern, expandText } from '../case/expand.ts';
import type { BodyCheck, HeaderCheck, ResponseMatcher, StatusMatcher } from '../case/types.ts';
import type { ReadResponse } from '../wire/types.ts';
import { describeStatus } from './describe-expected.ts';
import { dateProblem } from './match-date.ts';
import { partialBodyProblem } from './partial-body.ts';
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
    // A body longer than the reader keeps is judged on its length and digest (partial-body.ts).
    const problem = r.bodySha256 === undefined ? bodyCheckProblem(check, r.body, ctx) : partialBodyProblem(check, r, ctx);
    if (problem !== null) return `body: ${problem}`;
  }
  return null;
}

function bodyCheckProblem(check: BodyCheck, body: Buffer, ctx: JudgeContext): string | null {
  // Case strings hold one octet per character, so latin1 is the faithful view of the body.
  const text = body.toString('latin1');
  switch (check.kind) {
    case 'exact': {
      const want = expandText(check.value, ctx.values);
      return text === want ? null : `expected ${quote(want)}, got ${quote(body)}`;
    }
    case 'contains': {
      const want = expandText(check.value, ctx.values);
      return text.includes(want) ? null : `expected to contain ${quote(want)}, got ${quote(body)}`;
    }
    case 'excludes': {
      const found = check.values.map((v) => expandText(v, ctx.values)).find((v) => text.includes(v));
      return found === undefined ? null : `must not contain ${quote(found)}, but does`;
    }
    case 'matches': {
      const re = new RegExp(expandPattern(check.pattern, ctx.values));
      return re.test(text) ? null : `expected ${patternInWords(check.pattern)}, got ${quote(body)}`;
    }
    case 'length':
      return body.length === check.length ? null : `expected ${plural(check.length, 'byte')}, got ${body.length}`;
    case 'empty':
      return body.length === 0 ? null : `expected empty, got ${plural(body.length, 'byte')}`;
    case 'file': {
      const want = ctx.readDocrootFile(check.path);
      if (want === null) return `docroot file ${check.path} is missing (harness fixtures)`;
      if (body.equals(want)) return null;
      const differ = body.length === want.length ? ' that differ' : '';
      return `expected the bytes of ${check.path} (${plural(want.length, 'byte')}), got ${plural(body.length, 'byte')}${differ}`;
    }
  }
}
