// One allowed outcome against what was observed. Every difference is listed, in the order a
// reader wants them (count, each response, interim, garbage, connection): the first one explains
// a mismatch and the number of them picks the closest outcome.

import type { Alternative, ResponseMatcher } from '../case/types.ts';
import { responseProblem } from './match-response.ts';
import type { Observed } from './observed.ts';
import { plural, quote, statusText } from './show.ts';
import type { JudgeContext } from './types.ts';

export function alternativeProblems(a: Alternative, o: Observed, ctx: JudgeContext): string[] {
  const problems: string[] = [];
  if (o.incomplete) {
    problems.push(`response ${o.finals.length + 1} (${statusText(o.incomplete)}) is incomplete: the connection ended or the case timed out inside it`);
  }
  const want = a.responses.length;
  const got = o.finals.length;
  if (want === 0 && ctx.silenceProvesNothing !== undefined) problems.push(ctx.silenceProvesNothing);
  if (want !== got) {
    const list = got === 0 ? 'none' : `${got} (${o.finals.map(statusText).join(', ')})`;
    problems.push(want === 0 ? `expected no response, got ${list}` : `expected ${plural(want, 'response')}, got ${list}`);
  }
  for (let i = 0; i < Math.min(want, got); i++) {
    const problem = responseProblem(a.responses[i]!, o.finals[i]!, ctx);
    if (problem !== null) problems.push(want > 1 ? `${responseName(a.responses[i]!, i)}: ${problem}` : problem);
  }
  const interim = interimProblem(a, o, ctx);
  if (interim !== null) problems.push(interim);
  if (o.garbage.length > 0) problems.push(`unexpected bytes after the responses: ${quote(o.garbage)}`);
  const connection = connectionProblem(a, o);
  if (connection !== null) problems.push(connection);
  return problems;
}

/**
 * Which request a response answered, so a verdict names the request that produced it: the 500
 * that answered the canary must not read as the first request's.
 */
export function responseName(m: ResponseMatcher, i: number): string {
  if (m.canary) return `response ${i + 1} (to the canary, the GET /canary.txt sent after the case's request)`;
  return i === 0 ? 'response 1 (to the first request)' : `response ${i + 1}`;
}

export function interimProblem(a: Alternative, o: Observed, ctx: JudgeContext): string | null {
  if (a.interimResponses) return interimListProblem(a.interimResponses, o, ctx);
  if (a.interim === 'none' && o.interim.length > 0) return `expected no interim response, got ${statusText(o.interim[0]!)}`;
  if (a.interim === '100' && !o.interim.some((r) => r.status === 100)) {
    const got = o.interim.length > 0 ? o.interim.map(statusText).join(', ') : 'none';
    return `expected a 100 Continue before the final response, got ${got}`;
  }
  return null;
}

/** The 1xx responses against the matchers written for them: the same count, each matching. */
function interimListProblem(list: ResponseMatcher[], o: Observed, ctx: JudgeContext): string | null {
  if (list.length !== o.interim.length) {
    const got = o.interim.length === 0 ? 'none' : `${o.interim.length} (${o.interim.map(statusText).join(', ')})`;
    return `expected ${plural(list.length, 'interim response')}, got ${got}`;
  }
  for (let i = 0; i < list.length; i++) {
    const problem = responseProblem(list[i]!, o.interim[i]!, ctx);
    if (problem !== null) return `interim response ${i + 1}: ${problem}`;
  }
  return null;
}

// `closed` accepts a reset too: either way the server ended the connection.
function connectionProblem(a: Alternative, o: Observed): string | null {
  if (a.connection === 'closed' && o.end === 'open') return 'expected connection closed, still open';
  if (a.connection === 'reset' && o.end !== 'reset') return `expected connection reset, ${o.end === 'open' ? 'still open' : 'closed by server'}`;
  if (a.connection === 'open' && o.end !== 'open') return `expected connection open, ${o.end === 'reset' ? 'reset' : 'closed'} by server`;
  return null;
}
