// What one target made of one request, read from outside: its final responses (status, whether
// it was the canary's answer, whether it said it would close, the body where it matters), how the
// connection ended, whether the time bound ran out first, and whether the process died.

import { inferHeadResponses } from '../case/infer-head.ts';
import { observe as sortResponses } from '../judge/observed.ts';
import { announcesClose } from '../judge/settle.ts';
import type { Target } from '../targets/target.ts';
import { runExchange } from '../wire/client.ts';
import type { ConnectionEnd, ReadResponse, ReadResult, Settle } from '../wire/types.ts';
import { expandTemplate, type Template } from './template.ts';

export type SeenResponse = {
  status: number | null;
  canary: boolean;
  /** The response said no more requests will be read: `Connection: close`, or HTTP/1.0 without keep-alive. */
  closes: boolean;
  /** The body, latin1, up to BODY_KEEP octets; kept for 2xx responses only. */
  body?: string;
};

export type Seen = {
  finals: SeenResponse[];
  /** A final response was cut short (the connection ended or time ran out inside it). */
  incomplete: boolean;
  end: ConnectionEnd;
  timedOut: boolean;
  crashed: boolean;
};

export type ObservedTarget = {
  name: string;
  target: Target;
  /** Whether `POST /echo` answers with the body (probed). */
  echo: boolean;
  /** How long to wait after an answer for another one or a close (paceGraceMs). */
  graceMs: number;
  /** The target's checkCrashed, one call at a time (a crash restarts the server once). */
  checkCrashed(waitMs: number): Promise<boolean>;
};

/** Wraps a target so that concurrent exchanges never restart a crashed server twice. */
export function observedTarget(name: string, target: Target, echo: boolean, graceMs: number): ObservedTarget {
  let chain: Promise<unknown> = Promise.resolve();
  return {
    name,
    target,
    echo,
    graceMs,
    checkCrashed(waitMs) {
      const next = chain.then(() => target.checkCrashed(waitMs)).then((c) => c !== null);
      chain = next.catch(() => undefined);
      return next;
    },
  };
}

export type ObserveOptions = {
  timeoutMs: number;
  canaryBody: string;
};

/** How long to keep reading after the last complete response when no canary ended the request. */
export const GRACE_MS = 100;

/**
 * The grace period for a target whose answer took `answerMs`: a target that takes 300 ms over an
 * answer takes as long over the next one (a 400 after a 200, say), which a fixed 100 ms would
 * read as no answer at all. At most the time bound.
 */
export function paceGraceMs(answerMs: number, timeoutMs: number): number {
  return Math.min(timeoutMs, Math.max(GRACE_MS, Math.round(2 * answerMs)));
}

const MAX_RECEIVED = 1 << 20;
const BODY_KEEP = 4096;
/** A server that closed on us may be dying: how long to wait for its exit to show. */
const CRASH_WAIT_MS = 150;

export async function observeTarget(t: ObservedTarget, template: Template, o: ObserveOptions): Promise<Seen> {
  const host = `${t.target.host.includes(':') ? `[${t.target.host}]` : t.target.host}:${t.target.port}`;
  const bytes = expandTemplate(template, host);
  const head = inferHeadResponses([{ kind: 'write', parts: [{ kind: 'text', text: template }] }]);
  const { transcript, read } = await runExchange({
    host: t.target.host,
    port: t.target.port,
    steps: [{ kind: 'write', bytes }],
    timeoutMs: o.timeoutMs,
    graceMs: t.graceMs,
    maxBytes: MAX_RECEIVED,
    headResponses: new Set(head),
    settle: settleFor(template, o.canaryBody),
    connectTimeoutMs: Math.min(o.timeoutMs, 3000),
  });
  const seen = interpret(read, transcript.end, transcript.timedOut, o.canaryBody);
  const suspicious = transcript.end !== 'open' && seen.finals.length === 0;
  const crashed = await t.checkCrashed(suspicious ? CRASH_WAIT_MS : 0);
  return { ...seen, crashed };
}

/**
 * When to stop reading one target's answer to `template`. Every canary answered, the last response
 * among them: nothing more is coming. A last response that announced the close: its FIN is read,
 * not guessed (a loaded machine can hold it past a grace period, and the reading would then say
 * "open" where it said "closed" alone). Otherwise a short grace period catches a late response or
 * a close.
 */
export function settleFor(template: Template, canaryBody: string): Settle {
  const canaries = template.endsWith('{canary}') ? template.split('{canary}').length - 1 : 0;
  return (read, end) => {
    if (end !== 'open') return 'done';
    const s = sortResponses(read, end);
    if (s.incomplete || s.finals.length === 0) return 'more';
    const answered = s.finals.filter((r) => isCanary(r, canaryBody)).length;
    const last = s.finals.at(-1)!;
    if (canaries > 0 && answered >= canaries && isCanary(last, canaryBody)) return 'done';
    if (announcesClose(last)) return 'more';
    return 'linger';
  };
}

export function interpret(read: ReadResult, end: ConnectionEnd, timedOut: boolean, canaryBody: string): Omit<Seen, 'crashed'> {
  const s = sortResponses(read, end);
  return {
    finals: s.finals.map((r) => seenResponse(r, canaryBody)),
    incomplete: s.incomplete !== null,
    end,
    timedOut,
  };
}

function seenResponse(r: ReadResponse, canaryBody: string): SeenResponse {
  const canary = isCanary(r, canaryBody);
  const out: SeenResponse = { status: r.status, canary, closes: announcesClose(r) };
  if (!canary && r.status !== null && r.status >= 200 && r.status < 300) out.body = r.body.subarray(0, BODY_KEEP).toString('latin1');
  return out;
}

function isCanary(r: ReadResponse, canaryBody: string): boolean {
  return r.status === 200 && r.body.toString('latin1') === canaryBody;
}
