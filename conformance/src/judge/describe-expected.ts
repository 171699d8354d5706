// One readable line per expected outcome, for reports: `400, then closed`,
// `any status, then canary 200, connection open`, `no response, closed`.

import { expandText } from '../case/expand.ts';
import { patternInWords } from './pattern-words.ts';
import type { Alternative, BodyCheck, HeaderCheck, PlaceholderValues, ResponseMatcher, StatusMatcher } from '../case/types.ts';

/** The outcome, followed by its grade and note when it is not a plain pass. */
export function describeAlternative(a: Alternative, values: PlaceholderValues): string {
  const outcome = describeOutcome(a, values);
  if (a.grade === 'pass') return outcome;
  return a.note ? `${outcome} [${a.grade}: ${a.note}]` : `${outcome} [${a.grade}]`;
}

export function describeOutcome(a: Alternative, values: PlaceholderValues): string {
  const parts: string[] = [];
  if (a.interim === '100') parts.push('100 Continue');
  if (a.interim === 'none') parts.push('no 1xx');
  if (a.interimResponses) parts.push(...a.interimResponses.map((m) => `interim ${describeMatcher(m, values)}`));
  parts.push(...a.responses.map((m) => describeMatcher(m, values)));
  let text = a.responses.length === 0 ? [...parts, 'no response'].join(', then ') : parts.join(', then ');
  if (a.connection === 'closed') text += a.responses.length === 0 ? ', closed' : ', then closed';
  if (a.connection === 'reset') text += a.responses.length === 0 ? ', reset' : ', then reset';
  if (a.connection === 'open') text += ', connection open';
  return text;
}

export function describeStatus(m: StatusMatcher): string {
  switch (m.kind) {
    case 'any':
      return 'any status';
    case 'exact':
      return orList(m.codes.map(String));
    case 'class':
      return orList(m.classes.map((c) => `${c}xx`));
    case 'mixed':
      return orList([...m.codes.map(String), ...m.classes.map((c) => `${c}xx`)]);
  }
}

function describeMatcher(m: ResponseMatcher, values: PlaceholderValues): string {
  if (m.canary) return 'canary 200';
  const details = [
    ...(m.version === undefined ? [] : [m.version]),
    ...(m.wellFormed ? ['well-formed'] : []),
    ...Object.entries(m.headers).flatMap(([name, checks]) => checks.map((c) => describeHeaderCheck(name, c, values))),
    ...m.body.map((c) => describeBodyCheck(c, values)),
  ];
  const status = describeStatus(m.status);
  return details.length > 0 ? `${status} (${details.join(', ')})` : status;
}

function describeHeaderCheck(name: string, c: HeaderCheck, values: PlaceholderValues): string {
  switch (c.kind) {
    case 'present':
      return `with ${name}`;
    case 'absent':
      return `without ${name}`;
    case 'equals':
      return `${name}: ${expandSafely(c.value, values)}`;
    case 'contains':
      return `${name} containing ${JSON.stringify(expandSafely(c.value, values))}`;
    case 'matches':
      return `${name}: ${patternInWords(c.pattern)}`;
    case 'count':
      return `${c.count} ${name} line${c.count === 1 ? '' : 's'}`;
    case 'date':
      return `${name} as an IMF-fixdate`;
    case 'within':
      return `${name} within ${c.seconds} s of the harness clock`;
    case 'not-after':
      return `${name} not after ${c.field}`;
  }
}

function describeBodyCheck(c: BodyCheck, values: PlaceholderValues): string {
  switch (c.kind) {
    case 'exact':
      return `body ${JSON.stringify(expandSafely(c.value, values))}`;
    case 'contains':
      return `body containing ${JSON.stringify(expandSafely(c.value, values))}`;
    case 'excludes':
      return `body without ${c.values.map((v) => JSON.stringify(expandSafely(v, values))).join(' or ')}`;
    case 'matches':
      return `body: ${patternInWords(c.pattern)}`;
    case 'length':
      return `${c.length}-byte body`;
    case 'empty':
      return 'empty body';
    case 'file':
      return `body of ${c.path}`;
  }
}

function orList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

// Reports are written for skipped cases too, where a placeholder may have no value.
function expandSafely(text: string, values: PlaceholderValues): string {
  try {
    return expandText(text, values);
  } catch {
    return text;
  }
}
