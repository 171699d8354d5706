// Runs a set of cases against one target from start to finish: start or reach it, probe it,
// run every case, stop it, and return the report. The CLI's run and `compare` both use it.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SplitMode } from '../case/plan.ts';
import { CAPABILITIES, type Capability, type Case, type PlaceholderValues } from '../case/types.ts';
import { docrootReader } from '../cli/docroot-reader.ts';
import { REPO } from '../checkout.ts';
import { UsageError } from '../errors.ts';
import type { Fixtures } from '../fixtures/ensure-fixtures.ts';
import type { CaseResult, Report } from '../result/types.ts';
import { addressTarget } from '../targets/address-target.ts';
import { commandTarget, shellQuote } from '../targets/command-target.ts';
import { referenceTarget } from '../targets/reference-target.ts';
import type { Target } from '../targets/target.ts';
import { buildHealth, silenceNote } from './health.ts';
import { answersGet, latencyScale, livenessBoundMs, probeTarget } from './probe.ts';
import { newRunStats } from './run-all.ts';
import type { Liveness } from './watch.ts';
import { countNotRun, runInterruptibly } from './interrupt.ts';
import { summarize } from './summary.ts';

const VERSION = (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
/** How long to keep reading after the expected responses, for a late close or stray bytes. */
const GRACE_MS = 50;
const MAX_RECEIVED_BYTES = 16 * 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 2000;
// Most of a case is waiting on the network (and a grace period after the last response), so a
// target that serves connections concurrently is given many at once.
export const DEFAULT_CONCURRENCY = 16;

/** Where the cases go: exactly one of a running address, a start command, or the reference. */
export type TargetSpec = { kind: 'address'; address: string } | { kind: 'command'; command: string; cwd?: string } | { kind: 'reference'; extraArgs?: string[] };

export type SuiteOptions = {
  cases: readonly Case[];
  modes: readonly SplitMode[];
  target: TargetSpec;
  fixtures: Fixtures;
  timeoutMs?: number;
  /** Fixed concurrency; when absent, 16, or 1 for a target that serves one connection at a time. */
  concurrency?: number;
  /** `--rerun-budget`: time for lone re-runs of timeouts (run-all.ts); absent, the default. */
  rerunBudgetMs?: number;
  /** `--capabilities` as given; when absent, everything is assumed but echo, which is probed. */
  capabilities?: string;
  /** Recorded in the report as given. */
  options?: Record<string, unknown>;
  /** `--mount`: the path prefix the target serves the docroot under (run/mount.ts). */
  mount?: string;
  /** Flags beside the target's that a reproduce line needs to give the same verdict (`--timeout`, `--cases`...). */
  rerunFlags?: string;
  onStart?: (info: { total: number; target: string; oneAtATime: boolean }) => void;
  onResult?: (r: CaseResult, done: number, total: number) => void;
  /** Aborted by an interrupt: the run ends early, cases without a verdict are reported not run. */
  signal?: AbortSignal;
  /** How long a started server may take to listen (`--ready-timeout`). */
  readyTimeoutMs?: number;
  /** One line the user should see that is not a case's verdict (a server still listening after the stop). */
  onNotice?: (line: string) => void;
};

export async function runSuite(o: SuiteOptions): Promise<Report> {
  const startedAt = new Date();
  let target: Target | undefined;
  try {
    target = await startTarget(o.target, o.fixtures, o);
    const live = target;
    const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const readDocrootFile = docrootReader(o.fixtures.docroot);
    const hostHeader = o.target.kind === 'address' ? o.target.address : target.address;
    const probe = await probeTarget(target, { hostHeader, timeoutMs, readDocrootFile, ...(o.mount !== undefined ? { mount: o.mount } : {}) });
    // A slow server gets every bound scaled by its measured latency (health.ts says so).
    const timeoutScale = latencyScale(probe.baseline.latencyMs, timeoutMs);
    const stats = newRunStats();
    // A started server brought back on a fresh port: every case reads the port (and the Host
    // value that names it) when it starts.
    if (target.canRestart) followPort(probe.values, target);
    const capabilities = resolveCapabilities(o.capabilities, probe.echo);
    // Features the probe saw missing (no persistence, no validators) are absent unless declared.
    const absent = o.capabilities === undefined ? probe.absent : {};
    for (const c of Object.keys(absent) as Capability[]) capabilities[c] = false;
    const concurrency = o.concurrency ?? (probe.oneAtATime ? 1 : DEFAULT_CONCURRENCY);
    o.onStart?.({ total: o.cases.length * o.modes.length, target: describeTarget(target), oneAtATime: probe.oneAtATime });
    const results = await runInterruptibly({
      cases: o.cases,
      modes: o.modes,
      concurrency,
      // An explicit --concurrency is kept; otherwise the schedule backs off when the server queues.
      adaptive: o.concurrency === undefined,
      ...(o.rerunBudgetMs !== undefined ? { rerunBudgetMs: o.rerunBudgetMs } : {}),
      liveness: probe.baseline.answered ? livenessOf(live, hostHeader, livenessBoundMs(probe.baseline.latencyMs, timeoutMs), o.mount ?? '') : null,
      dead: probe.dead,
      stats,
      target,
      context: {
        host: target.host,
        get port() {
          return live.port;
        },
        values: probe.values,
        capabilities,
        capabilityNotes: absent,
        ...(o.mount !== undefined ? { mount: o.mount } : {}),
        defaultTimeoutMs: timeoutMs,
        ...(timeoutScale === 1 ? {} : { timeoutScale }),
        graceMs: GRACE_MS,
        maxBytes: MAX_RECEIVED_BYTES,
        judge: {
          values: probe.values,
          readDocrootFile,
          timeoutMs,
          ...(probe.baseline.correct ? {} : { silenceProvesNothing: silenceNote(probe.baseline) }),
          ...(probe.canaryFails === null ? {} : { canaryFails: probe.canaryFails }),
          ...(probe.canaryUnanswered === null ? {} : { canaryUnanswered: probe.canaryUnanswered }),
        },
        reproduceFlags: [target.reproduceFlags, o.rerunFlags ?? ''].filter((f) => f !== '').join(' '),
      },
      ...(o.onResult ? { onResult: o.onResult } : {}),
    }, o.signal);
    return {
      tool: { name: 'http11-conformance', version: VERSION },
      target: { kind: target.kind, address: target.address, ...(target.kind === 'command' && target.command ? { command: target.command } : {}) },
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      options: { timeoutMs, concurrency, ...o.options },
      capabilities,
      summary: summarize(results),
      ...(o.signal?.aborted ? { interrupted: true, notRun: countNotRun(results) } : {}),
      health: buildHealth({ probe, stats, results, timeoutScale }),
      cases: results,
    };
  } finally {
    const left = await target?.stop();
    if (left) o.onNotice?.(left);
  }
}

function livenessOf(target: Target, hostHeader: string, boundMs: number, mount: string): Liveness {
  // A started server brought back on a fresh port is named by its current address.
  return { boundMs, answers: () => answersGet(target, target.kind === 'address' ? hostHeader : target.address, boundMs, mount) };
}

function followPort(values: PlaceholderValues, target: Target): void {
  Object.defineProperties(values, {
    host: { get: () => target.address, enumerable: true, configurable: true },
    port: { get: () => String(target.port), enumerable: true, configurable: true },
  });
}

export function startTarget(spec: TargetSpec, fixtures: Fixtures, o: Pick<SuiteOptions, 'readyTimeoutMs' | 'signal'> = {}): Promise<Target> {
  const lifecycle = { ...(o.readyTimeoutMs !== undefined ? { readyTimeoutMs: o.readyTimeoutMs } : {}), ...(o.signal ? { signal: o.signal } : {}) };
  switch (spec.kind) {
    case 'address':
      return addressTarget(spec.address);
    case 'command':
      // A command run in a folder of its own (compare --submissions): its rerun line goes there first.
      return commandTarget({
        command: spec.command,
        docroot: fixtures.docroot,
        ...(spec.cwd !== undefined ? { cwd: spec.cwd, reproduceFlags: `--server ${shellQuote(`cd ${shellQuote(spec.cwd)} && ${spec.command}`)}` } : {}),
        ...lifecycle,
      });
    case 'reference':
      return referenceTarget(fixtures.docroot, spec.extraArgs ?? [], lifecycle);
  }
}

export function resolveCapabilities(declared: string | undefined, echoDetected: boolean): Record<Capability, boolean> {
  const caps = Object.fromEntries(CAPABILITIES.map((c) => [c, true])) as Record<Capability, boolean>;
  if (declared === undefined) {
    caps.echo = echoDetected;
    return caps;
  }
  const named = declared.split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of named) {
    if (!(CAPABILITIES as readonly string[]).includes(n)) throw new UsageError(`--capabilities ${declared}: unknown capability "${n}" (one of: ${CAPABILITIES.join(', ')})`);
  }
  for (const c of CAPABILITIES) caps[c] = named.includes(c);
  return caps;
}

function describeTarget(t: Target): string {
  if (t.kind === 'reference') return `the reference server at ${t.address}`;
  if (t.kind === 'command') return `"${t.command}" at ${t.address}`;
  return t.address;
}
