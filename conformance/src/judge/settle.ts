// When the wire client may stop reading. Stopping early keeps runs fast; stopping too early
// would miss a close or a smuggled extra response, so the rules follow the alternatives.

import { isSilence, needsEnd } from '../case/alternative.ts';
import type { Case } from '../case/types.ts';
import type { ConnectionEnd, ReadResponse, ReadResult, Settle } from '../wire/types.ts';
import { interimProblem } from './match-alternative.ts';
import { responseProblem } from './match-response.ts';
import { observe } from './observed.ts';
import { responseField } from './response-field.ts';
import type { JudgeContext } from './types.ts';

export function settleFor(c: Case, ctx: JudgeContext): Settle {
  const most = Math.max(...c.expect.map((a) => a.responses.length));
  // Silence (no response, the connection left open) is shown by waiting, not by a moment of it:
  // after a grace period alone, a server that answers 60 ms after the request would be read as
  // one that waits for more (a warn on some cases, and a report that says it never answered). A
  // case whose steps end with a pause has waited, for as long as its author chose; any other
  // shows silence only when its time bound runs out.
  const silenceWaited = c.send.at(-1)?.kind === 'pause';
  return (read: ReadResult, end: ConnectionEnd) => {
    if (end !== 'open') return 'done';
    const o = observe(read, end);
    // Half a response: the rest is on its way.
    if (o.incomplete) return 'more';
    const n = o.finals.length;
    if (n > most) return 'done';

    // A passing outcome matches now, whatever happens to the connection next. Warn- and
    // fail-graded outcomes do not stop the wait while a passing one could still come true (a
    // late close turns "400 but kept open" into "400, then closed").
    let satisfied = false;
    let waiting = false; // a passing or warned outcome needs a close, or more responses, to match
    for (const a of c.expect) {
      if (a.responses.length < n) continue;
      const prefixHolds = o.finals.every((r, i) => responseProblem(a.responses[i]!, r, ctx) === null);
      if (!prefixHolds) continue;
      if (a.responses.length > n) waiting ||= a.grade !== 'fail';
      else if (interimProblem(a, o, ctx) !== null) continue;
      else if (needsEnd(a)) waiting ||= a.grade !== 'fail';
      else if (isSilence(a) && !silenceWaited) waiting = true;
      else satisfied ||= a.grade === 'pass';
    }
    if (waiting) return satisfied ? 'linger' : 'more';
    // The last response announced the close (`Connection: close`, or HTTP/1.0 without
    // keep-alive): its FIN is on its way, so the connection's end is read, not guessed after a
    // grace period that a loaded machine can outrun. The case's time bound still applies.
    const last = o.finals.at(-1);
    if (last !== undefined && announcesClose(last)) return 'more';
    // Nothing can match any more, or a passing outcome already did; a grace period still
    // catches a close or stray bytes, so the report shows the whole story.
    return 'linger';
  };
}

/** Whether a response tells the client that the server will close the connection after it. */
export function announcesClose(r: ReadResponse): boolean {
  const tokens = (responseField(r, 'connection').value ?? '').toLowerCase().split(',').map((t) => t.trim());
  if (tokens.includes('close')) return true;
  return r.version === 'HTTP/1.0' && !tokens.includes('keep-alive');
}
