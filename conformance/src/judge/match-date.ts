// The header checks on dates: `date` (an IMF-fixdate), `within` (near the harness clock) and
// `notAfter` (no later than another field's date), RFC 9110 §5.6.7.

import type { HeaderCheck } from '../case/types.ts';
import type { ReadResponse } from '../wire/types.ts';
import { formatImfFixdate, imfFixdateProblem, parseHttpDate } from './http-date.ts';
import { responseField } from './response-field.ts';
import { quote } from './show.ts';
import type { JudgeContext } from './types.ts';

export type DateCheck = Extract<HeaderCheck, { kind: 'date' | 'within' | 'not-after' }>;

/** Why the field value fails the check, or null when it holds. */
export function dateProblem(check: DateCheck, value: string | null, r: ReadResponse, ctx: JudgeContext): string | null {
  const now = ctx.now?.() ?? Date.now();
  if (value === null) return check.kind === 'date' ? 'expected an IMF-fixdate, absent' : 'expected an HTTP-date, absent';
  if (check.kind === 'date') {
    const problem = imfFixdateProblem(value, now);
    return problem === null ? null : `${quote(value)} is ${problem}`;
  }
  // Recipients accept the obsolete formats too; whether the sender may use them is `date`'s question.
  const date = parseHttpDate(value, now);
  if (date === null) return `${quote(value)} is not an HTTP-date`;
  if (check.kind === 'within') return withinProblem(value, date.ms, check.seconds, ctx.arrivalOf?.(r) ?? now);

  const other = responseField(r, check.field).value;
  if (other === null) return `cannot compare with ${check.field}: absent`;
  const bound = parseHttpDate(other, now);
  if (bound === null) return `cannot compare with ${check.field}: ${quote(other)} is not an HTTP-date`;
  return date.ms <= bound.ms ? null : `${quote(value)} is later than ${check.field} ${quote(other)}`;
}

function withinProblem(value: string, dateMs: number, seconds: number, arrivedMs: number): string | null {
  // The date has one-second resolution: it names the second the response was made in, which
  // began at dateMs and ended before the response arrived.
  const ahead = dateMs > arrivedMs;
  const off = ahead ? dateMs - arrivedMs : Math.max(0, arrivedMs - (dateMs + 1000));
  if (off <= seconds * 1000) return null;
  const side = ahead ? 'ahead of' : 'behind';
  return `${quote(value)} is ${Math.round(off / 1000)} s ${side} the harness clock (${formatImfFixdate(arrivedMs)}), more than ${seconds} s`;
}
