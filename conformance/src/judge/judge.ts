// The verdict for one case: which allowed outcome the server's behaviour matches, if any
// (cases/README.md, expect). The first matching alternative wins and its grade is the verdict.
// Without a match, a desynchronised connection is always a failure; otherwise the grading policy
// (grading-policy.ts: MUST, or security/robustness naming its harm) decides between fail and warn.

import { canaryMatcher } from '../case/canary.ts';
import type { Case } from '../case/types.ts';
import type { ReadResult, Transcript } from '../wire/types.ts';
import { arrivalFrom } from './arrival.ts';
import { describeActual } from './describe-actual.ts';
import { describeAlternative, describeOutcome } from './describe-expected.ts';
import { mayFail } from './grading-policy.ts';
import { judgeBeforeCanary } from './canary-unanswered.ts';
import { answersH2Preface } from './h2-answer.ts';
import { refusedThenClosed } from './refused-then-closed.ts';
import { alternativeProblems } from './match-alternative.ts';
import { responseProblem } from './match-response.ts';
import { observe, type Observed } from './observed.ts';
import { statusText } from './show.ts';
import type { JudgeContext, Verdict } from './types.ts';

export { describeActual } from './describe-actual.ts';
export { describeAlternative } from './describe-expected.ts';
export { settleFor } from './settle.ts';
export type { JudgeContext, Verdict } from './types.ts';

export const DESYNC = 'desynchronised (request smuggling)';

export function judge(c: Case, read: ReadResult, transcript: Transcript, context: JudgeContext): Verdict {
  const ctx: JudgeContext = { arrivalOf: arrivalFrom(transcript, context.now?.() ?? Date.now()), ...context };
  const o = observe(read, transcript.end);
  const base = {
    expected: c.expect.map((a) => describeAlternative(a, ctx.values)),
    actual: describeActual(read, transcript),
  };
  const results = c.expect.map((a) => alternativeProblems(a, o, ctx));

  const matched = results.findIndex((problems) => problems.length === 0);
  if (matched >= 0) {
    const a = c.expect[matched]!;
    const outcome = describeOutcome(a, ctx.values);
    const why = a.note ?? outcome;
    if (a.grade === 'pass') return { ...base, status: 'pass', message: a.note ? `${outcome} (${a.note})` : outcome, matched };
    if (a.grade === 'warn') return { ...base, status: 'warn', message: `allowed but discouraged: ${why}`, matched };
    return { ...base, status: 'fail', message: `known bad behaviour: ${why}`, matched };
  }

  if (answersH2Preface(c, read)) {
    return { ...base, status: 'pass', message: 'answered with an HTTP/2 SETTINGS frame: the server speaks HTTP/2 with prior knowledge (h2c, RFC 9113 §3.3)', matched: null };
  }

  const canary = usesCanary(c);
  const refused = canary ? refusedThenClosed(o) : null;
  if (refused !== null) {
    const message = `answered, then refused what followed (${refused}) and closed: nothing after the request was processed, so nothing desynchronised, but the request itself earned no refusal before the answer`;
    return { ...base, status: 'warn', message, matched: null };
  }

  const beforeCanary = canary ? judgeBeforeCanary(c, o, ctx) : null;
  if (beforeCanary !== null) return { ...base, ...beforeCanary };

  const desync = desyncProblem(c, canary, o, ctx);
  if (desync !== null) return { ...base, status: 'fail', message: `${DESYNC}: ${desync}`, matched: null };

  if (o.finals.length === 0 && transcript.timedOut) {
    // The bound the runner applied: the larger of the case's `timeout` and `--timeout`.
    const ms = Math.max(c.timeoutMs ?? 0, ctx.timeoutMs ?? 0) || endTime(transcript);
    const what = o.incomplete ? 'no complete response' : 'no response';
    return { ...base, status: 'timeout', message: `${what} within ${ms} ms`, matched: null };
  }

  // The closest outcome is the one with fewest differences among those a server may give.
  // (The loader guarantees one exists; a hand-built case without one falls back to the first.)
  let best = 0;
  let bestCount = Infinity;
  for (let i = 0; i < c.expect.length; i++) {
    if (c.expect[i]!.grade === 'fail' || results[i]!.length >= bestCount) continue;
    best = i;
    bestCount = results[i]!.length;
  }
  const closest = c.expect[best]!;
  const safe = closedBeforeCanary(c, canary, o) ? '; nothing desynchronised: the server closed the connection without answering the bytes after the request' : '';
  const message = `closest allowed outcome "${describeOutcome(closest, ctx.values)}": ${results[best]![0]}${safe}`;
  // Nothing at all from a server that answers no plain GET is no behaviour to half-credit.
  const silent = ctx.silenceProvesNothing !== undefined && o.finals.length === 0;
  return { ...base, status: mayFail(c) || silent ? 'fail' : 'warn', message, matched: null };
}

/**
 * A response where the canary's answer belongs that is not the canary's answer, or more
 * responses than any outcome allows: the server read the request bytes differently from how
 * they were framed, which is what request smuggling exploits (RFC 9112 §11.2).
 */
function desyncProblem(c: Case, canary: boolean, o: Observed, ctx: JudgeContext): string | null {
  // A server that answers the canary wrongly even after a plain GET has a keep-alive bug; its
  // wrong canary answers are judged as that (the closest outcome names the canary), not as smuggling.
  if (canary && ctx.canaryFails === undefined) {
    const matcher = canaryMatcher();
    for (const i of canaryPositions(c)) {
      const r = o.finals[i];
      if (r && responseProblem(matcher, r, ctx) !== null) {
        return `response ${i + 1} should answer the canary request (200 with canary.txt), got ${statusText(r)}`;
      }
    }
  }
  const most = Math.max(...c.expect.map((a) => a.responses.length));
  if (o.finals.length > most) {
    return `${o.finals.length} responses (${o.finals.map(statusText).join(', ')}), at most ${most} expected`;
  }
  return null;
}

/**
 * The server closed before anything answered the canary's position, and sent nothing unreadable:
 * whatever else is wrong, the bytes after the request were never read as a request.
 */
function closedBeforeCanary(c: Case, canary: boolean, o: Observed): boolean {
  if (!canary || o.end === 'open' || o.garbage.length > 0 || o.incomplete) return false;
  const positions = canaryPositions(c);
  return o.finals.length <= (positions.length > 0 ? positions[0]! : 1);
}

/** Where the outcomes put the canary's answer, in order and once each. */
function canaryPositions(c: Case): number[] {
  const positions = new Set(c.expect.flatMap((a) => a.responses.flatMap((m, i) => (m.canary ? [i] : []))));
  return [...positions].sort((a, b) => a - b);
}

function usesCanary(c: Case): boolean {
  const written = c.send.some((s) => s.kind === 'write' && s.parts.some((p) => p.text.includes('{canary}')));
  return written || c.expect.some((a) => a.responses.some((m) => m.canary));
}

function endTime(t: Transcript): number {
  const end = t.events.findLast((e) => e.kind === 'end');
  return Math.round(end?.atMs ?? t.events.at(-1)?.atMs ?? 0);
}
