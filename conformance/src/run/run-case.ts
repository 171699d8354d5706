// Runs one case in one send mode against the target and turns what happened into a CaseResult.

import type { Capability, Case, PlaceholderValues } from '../case/types.ts';
import { formatSplitMode, missingPlaceholders, overBudget, planSideSteps, planSteps, type SplitMode } from '../case/plan.ts';
import { describeActual } from '../judge/describe-actual.ts';
import { describeAlternative, judge, settleFor, type JudgeContext } from '../judge/judge.ts';
import { boundResult } from '../report/result-bounds.ts';
import type { CaseResult, SideWire, WireEntry } from '../result/types.ts';
import { runExchange } from '../wire/client.ts';
import { escapeBytes } from '../wire/escape.ts';
import { openSideConnections, type SideConnections } from '../wire/side-connection.ts';
import { mountCase } from './mount.ts';
import type { TranscriptEvent } from '../wire/types.ts';

/** How much of each write and of the received bytes a report keeps, escaped. */
const REPORT_BYTES = 16 * 1024;

export type RunContext = {
  host: string;
  port: number;
  values: PlaceholderValues;
  capabilities: Record<Capability, boolean>;
  /** Why the probe found a capability absent (`keep-alive`: every response said close), for skips. */
  capabilityNotes?: Partial<Record<Capability, string>>;
  /** `--mount`: requests go under this path prefix (mount.ts); expectations are unchanged. */
  mount?: string;
  defaultTimeoutMs: number;
  /** Multiplies every case's bound; the timing re-run uses 2. */
  timeoutScale?: number;
  graceMs: number;
  maxBytes: number;
  judge: JudgeContext;
  /** The flags that select this target again, for the reproduction line. */
  reproduceFlags: string;
};

export async function runCase(c: Case, mode: SplitMode, ctx: RunContext): Promise<CaseResult> {
  return boundResult(await runCaseUnbounded(c, mode, ctx));
}

async function runCaseUnbounded(c: Case, mode: SplitMode, ctx: RunContext): Promise<CaseResult> {
  const started = Date.now();
  const base = baseResult(c, mode, ctx);
  const missing = c.needs.filter((n) => !ctx.capabilities[n]);
  if (missing.length > 0) {
    const why = [...new Set(missing.map((n) => ctx.capabilityNotes?.[n]).filter((n) => n !== undefined))];
    return { ...base, status: 'skip', missing, message: `target does not offer ${missing.join(', ')}${why.length > 0 ? `: ${why.join('; ')}` : ''}` };
  }
  const absent = missingPlaceholders(c, ctx.values);
  if (absent.length > 0) {
    return { ...base, status: 'skip', message: `target sent no value for {${absent.join('}, {')}} (GET /hello.txt had none)` };
  }
  const tooMuch = overBudget(c, ctx.values);
  if (tooMuch !== null) return { ...base, status: 'error', message: tooMuch };

  // A case's own `timeout` raises the bound for a case that needs longer; it never lowers
  // `--timeout`, which a user raises for a slow server (the larger of the two applies).
  const timeoutMs = Math.max(c.timeoutMs ?? 0, ctx.defaultTimeoutMs) * (ctx.timeoutScale ?? 1);
  // `before:` connections open first and stay as their steps leave them until this exchange ends.
  // What goes on the wire: under `--mount` the requests carry the prefix; the judge reads `c`.
  const sent = ctx.mount !== undefined ? mountCase(c, ctx.mount) : c;
  const sideSpecs = (sent.before ?? []).map((b) => ({ name: b.name, steps: planSideSteps(b.send, ctx.values), count: b.count }));
  const sides = await openSideConnections(ctx.host, ctx.port, sideSpecs, timeoutMs);
  if (sides.failure !== null) {
    await sides.close();
    return { ...base, status: 'error', message: sides.failure, durationMs: Date.now() - started, ...sideWires(sides) };
  }
  const { transcript, read } = await runExchange({
    host: ctx.host,
    port: ctx.port,
    steps: planSteps(sent, ctx.values, mode),
    timeoutMs,
    graceMs: ctx.graceMs,
    maxBytes: ctx.maxBytes,
    headResponses: new Set(c.headResponses),
    // Responses beyond the most any outcome lists are a desync; one more shows it, the rest end reading.
    maxFinals: Math.max(...c.expect.map((a) => a.responses.length)),
    settle: settleFor(c, ctx.judge),
    // One byte per write is about the write calls and TCP segments, not about sleeping between
    // them: a gap per byte would make a bytewise run many times slower than the others.
    ...(mode.kind === 'bytewise' ? { writeGapMs: 0 } : {}),
  }).finally(() => sides.close());
  const before = sideWires(sides);
  const wire = wireEntries(transcript.events);
  const received = escapeBytes(transcript.received, REPORT_BYTES);
  const durationMs = Date.now() - started;

  const harnessError = transcript.events.find((e) => e.kind === 'error' && transcript.received.length === 0 && isConnectError(e.code));
  if (harnessError && harnessError.kind === 'error') {
    return { ...base, status: 'error', message: `could not connect: ${harnessError.code}`, actual: harnessError.message, wire, received, durationMs, ...before };
  }
  // Not one step taken, nothing read: the connection was never made within the bound (a server
  // that stopped accepting, or a full listen queue, which the schedule re-runs alone). Nothing
  // was asked of the server, so no outcome is judged: silence would pass it, and "no response"
  // would misstate it.
  if (transcript.timedOut && transcript.events.every((e) => e.kind === 'end' || e.kind === 'error')) {
    return { ...base, status: 'timeout', matched: null, message: `no connection within ${timeoutMs} ms: the server never accepted it, so nothing was sent`, actual: describeActual(read, transcript), wire, received, durationMs, ...before };
  }
  const verdict = judge(c, read, transcript, { ...ctx.judge, timeoutMs });
  return { ...base, ...verdict, wire, received, durationMs, ...before };
}

function isConnectError(code: string): boolean {
  return ['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ECONNECT_TIMEOUT', 'ETIMEDOUT'].includes(code);
}

/** A result with everything but the outcome filled in (status `skip` until decided). */
export function baseResult(c: Case, mode: SplitMode, ctx: RunContext): CaseResult {
  const modeText = formatSplitMode(mode);
  const splitFlag = modeText === 'as-written' ? '' : ` --split ${modeText}`;
  const targetFlags = ctx.reproduceFlags ? ` ${ctx.reproduceFlags}` : '';
  return {
    id: c.id,
    title: c.title,
    area: c.area,
    level: c.level,
    rfc: c.rfc,
    quote: c.quote,
    status: 'skip',
    message: '',
    expected: c.expect.map((a) => describeAlternative(a, ctx.values)),
    actual: '',
    matched: null,
    durationMs: 0,
    mode: modeText,
    wire: [],
    received: '',
    reproduce: `npm run conformance --${targetFlags} --id ${c.id}${splitFlag}`,
  };
}

/** `{ before }` once the side connections are closed, or nothing when the case has none. */
function sideWires(sides: SideConnections): { before?: SideWire[] } {
  const transcripts = sides.transcripts();
  if (transcripts.length === 0) return {};
  return {
    before: transcripts.map((t) => ({ name: t.name, wire: wireEntries(t.events), receivedBytes: t.receivedBytes, ...(t.flood ? { flood: t.flood } : {}) })),
  };
}

function wireEntries(events: readonly TranscriptEvent[]): WireEntry[] {
  // One budget for the whole transcript: a 10 MiB download keeps its first bytes and then only
  // the sizes of the reads, so reports stay small enough to open.
  let budget = REPORT_BYTES * 2;
  // `dropped` bytes were counted but never kept (side connections): they are never shown.
  const show = (bytes: Buffer, dropped = 0): string => {
    const size = bytes.length + dropped;
    const shown = Math.max(0, Math.min(bytes.length, budget));
    budget -= shown;
    if (shown === 0) return `(${size} bytes not shown)`;
    const text = escapeBytes(bytes.subarray(0, shown));
    return shown === size ? text : `${text}... (${size - shown} more bytes)`;
  };
  return events.map((e): WireEntry => {
    switch (e.kind) {
      case 'write':
        return { kind: 'write', atMs: e.atMs, text: show(e.bytes, e.dropped) };
      case 'read':
        return { kind: 'read', atMs: e.atMs, text: show(e.bytes, e.dropped) };
      default:
        return e;
    }
  });
}
