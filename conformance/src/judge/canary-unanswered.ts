// A server that never answers a request pipelined behind another leaves every case's canary (and
// any other request sent behind the first) unanswered. The probe finds that once
// (run/probe-features.ts); a case is then judged on the responses that did come: when they are
// the start of an outcome the case allows, and the connection is still open, the rest is taken
// to be that one behaviour, not failed again in every case that pipelines. Only outcomes the case
// allows are matched this way: a fail outcome's evidence is usually what came later (the canary
// answered where it must not be), so without it nothing is proven, and the case is judged as
// usual on what did arrive.

import type { Case } from '../case/types.ts';
import { describeOutcome } from './describe-expected.ts';
import { responseProblem } from './match-response.ts';
import type { Observed } from './observed.ts';
import type { JudgeContext, Verdict } from './types.ts';

type Judged = Pick<Verdict, 'status' | 'message' | 'matched'>;

export function judgeBeforeCanary(c: Case, o: Observed, ctx: JudgeContext): Judged | null {
  const reason = ctx.canaryUnanswered;
  const n = o.finals.length;
  if (reason === undefined || n === 0 || o.end !== 'open' || o.incomplete !== null || o.garbage.length > 0) return null;
  // Only requests pipelined behind another: a case that waits for an answer before it sends more
  // asks for keep-alive, which this server may well offer, and is judged as usual.
  if (c.send.some((s) => s.kind === 'await-head')) return null;
  for (let i = 0; i < c.expect.length; i++) {
    const a = c.expect[i]!;
    if (a.grade === 'fail' || a.responses.length <= n) continue;
    const start = a.responses.slice(0, n);
    if (!start.every((m, k) => responseProblem(m, o.finals[k]!, ctx) === null)) continue;
    const upTo = describeOutcome({ ...a, responses: start, connection: 'any' }, ctx.values);
    const whole = describeOutcome(a, ctx.values);
    const message = `the start of "${whole}" (${upTo}); the rest went unanswered, as the probe found: ${reason}`;
    return { status: 'warn', message, matched: i };
  }
  return null;
}
