// A case's outcome is a value. Failures carry what was expected and what came back; harness
// errors, timeouts and skips are separate statuses so they are never counted as a server's
// failure by accident.

import type { Area, Capability, Level } from '../case/types.ts';

export const STATUSES = ['pass', 'warn', 'fail', 'timeout', 'skip', 'error'] as const;
export type Status = (typeof STATUSES)[number];

export type WireEntry =
  | { kind: 'write'; atMs: number; text: string }
  | { kind: 'pause'; atMs: number; ms: number }
  | { kind: 'await-head'; atMs: number; maxMs: number; waitedMs: number; arrived: boolean }
  | { kind: 'close'; atMs: number; how: 'fin' | 'reset' }
  | { kind: 'read'; atMs: number; text: string }
  | { kind: 'end'; atMs: number; how: string }
  | { kind: 'error'; atMs: number; code: string; message: string };

/**
 * A connection the case opened before its own (`before:` in the case file), left as its steps
 * left it while the case's connection ran. Its times count from its own start.
 */
export type SideWire = {
  name: string;
  wire: WireEntry[];
  /** Every byte it received; the reads in `wire` show only the first ones. */
  receivedBytes: number;
  /**
   * A flood (`count` above 1 in the case): `wire` is the first connection's, `receivedBytes`
   * counts them all; `refused` says which one the server did not take, if one.
   */
  flood?: { count: number; opened: number; refused: string | null };
};

export type CaseResult = {
  id: string;
  title: string;
  area: Area;
  level: Level;
  rfc: string;
  quote: string;
  status: Status;
  /** One line: why this status (the matched alternative, or the first mismatch). */
  message: string;
  /** One readable line per allowed alternative. */
  expected: string[];
  /** One readable line of what came back, e.g. `400 (Content-Length: 11) then closed`. */
  actual: string;
  /** Index of the alternative that matched, if any. */
  matched: number | null;
  /** Capabilities the case needed that the target lacks (only for `skip`). */
  missing?: Capability[];
  durationMs: number;
  /** Send mode and seed the case ran under. */
  mode: string;
  /** Every write (escaped text), pause and close we made, and everything read, in order. */
  wire: WireEntry[];
  /** All bytes received, escaped. */
  received: string;
  /** The `before:` connections in the order they were opened; absent when the case has none. */
  before?: SideWire[];
  /** The one-line command that re-runs exactly this case against the same target. */
  reproduce: string;
  /**
   * Set when the case first failed by running out of time and a re-run with twice the bound
   * gave another verdict: the verdict shown is the re-run's, and the first one is in `message`.
   */
  timingSensitive?: boolean;
  /**
   * Set when the case ran out of time beside other cases and the time for re-runs
   * (`--rerun-budget`) was spent before it could run alone: the verdict may be the schedule's
   * rather than the server's.
   */
  unconfirmed?: boolean;
};

export type Summary = {
  total: number;
  passed: number;
  warned: number;
  failed: number;
  timedOut: number;
  skipped: number;
  errored: number;
  /** 0..100: passes count 1, warns 0.5, over the cases that were graded (not skipped/errored). */
  score: number;
};

/**
 * How the run went for the server as a whole, apart from its HTTP: what the probes did to it,
 * how often it crashed or stopped answering, how the schedule adapted to it. `sentence` is the
 * one line a reporter prints when these facts matter more than the score.
 */
export type Health = {
  /** The plain GET of /hello.txt the run starts with: the yardstick for silence and speed. */
  baseline: { answered: boolean; correct: boolean; latencyMs: number | null; got: string };
  /** A probe that crashed or hung the server, one line each (the capability counts as absent). */
  probeFindings: string[];
  /** Crashes of a started server during the cases (each blamed on the case that caused it). */
  crashes: number;
  /** Times the server stopped answering everything: `hung by case X`, one entry each. */
  hangs: string[];
  /** Times the harness started the server again (after crashes, hangs and probes). */
  restarts: number;
  /**
   * Cases that ran out of time and were run again (alone, or with twice the bound); how many then
   * got another verdict (that verdict is the one reported, marked timing-sensitive).
   */
  timeoutsRerun: number;
  timeoutsPassedAlone: number;
  /** Timeouts left as they were because the re-run time budget was spent. */
  timeoutsNotRerun: number;
  notRun: number;
  /** The longest the harness's own event loop was held during the cases, in ms. */
  stallMs?: number;
  /** Cases at once: where the schedule started, the lowest it backed off to, where it ended. */
  concurrency: { start: number; lowest: number; end: number };
  /** Set for a slow server: its latency on the baseline GET and the factor every bound got. */
  slow?: { latencyMs: number; scale: number };
  /** One line for the terminal when something above matters, else null. */
  sentence: string | null;
};

export type Report = {
  tool: { name: string; version: string };
  target: { kind: 'reference' | 'address' | 'command'; address: string; command?: string };
  startedAt: string;
  durationMs: number;
  options: Record<string, unknown>;
  capabilities: Partial<Record<Capability, boolean>>;
  summary: Summary;
  /** Set when SIGINT, SIGTERM or SIGHUP ended the run early; `notRun` cases have no verdict. */
  interrupted?: boolean;
  notRun?: number;
  /** Absent in reports written before the harness recorded it. */
  health?: Health;
  cases: CaseResult[];
};
