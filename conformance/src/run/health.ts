// The run's health: what the probes did to the server, its crashes and hangs, how the schedule
// adapted, whether it is slow, and one sentence saying so when these facts matter more than the
// score (a reporter prints it as one line).

import type { CaseResult, Health } from '../result/types.ts';
import type { Baseline, ProbeResult } from './probe.ts';
import type { RunStats } from './run-all.ts';
import { countNotRun } from './interrupt.ts';
import { CRASHED, HUNG } from '../result/verdict-prefixes.ts';

/** Why an alternative with no response proves nothing on this server (judge: silence gating). */
export function silenceNote(b: Baseline): string {
  return `this server answered no plain GET of /hello.txt correctly (it got ${b.got}), so saying nothing here is not a refusal`;
}

/** A verdict about the server's health rather than its HTTP. */
function unhealthy(r: CaseResult): boolean {
  return r.status === 'timeout' || r.status === 'error' || r.message.startsWith(CRASHED) || r.message.startsWith(HUNG);
}

export function buildHealth(o: { probe: ProbeResult; stats: RunStats; results: readonly CaseResult[]; timeoutScale: number }): Health {
  const { probe, stats, results } = o;
  const notRun = countNotRun(results);
  const slow = o.timeoutScale > 1 && probe.baseline.latencyMs !== null ? { latencyMs: probe.baseline.latencyMs, scale: o.timeoutScale } : undefined;
  const health: Health = {
    baseline: probe.baseline,
    probeFindings: probe.findings,
    crashes: stats.crashes,
    hangs: stats.hangs,
    restarts: stats.restarts + probe.restarts,
    timeoutsRerun: stats.timeoutsRerun,
    timeoutsPassedAlone: stats.timeoutsPassedAlone,
    timeoutsNotRerun: stats.timeoutsNotRerun,
    notRun,
    concurrency: stats.concurrency,
    stallMs: stats.stallMs,
    ...(slow ? { slow } : {}),
    sentence: null,
  };
  health.sentence = healthSentence(health, results);
  return health;
}

function healthSentence(h: Health, results: readonly CaseResult[]): string | null {
  const judged = results.filter((r) => r.status !== 'skip');
  const bad = judged.filter(unhealthy).length;
  const parts: string[] = [];
  if (judged.length > 0 && bad * 2 > judged.length) {
    parts.push(`most verdicts (${bad} of ${judged.length}) are crashes, hangs, timeouts or errors: the score says more about the server's health than about its HTTP`);
  }
  if (!h.baseline.correct) parts.push(`the plain GET of /hello.txt got ${h.baseline.got}, so no response earned nothing`);
  if (h.slow) parts.push(`the server is slow (a plain GET took ${h.slow.latencyMs} ms), so every time bound was multiplied by ${h.slow.scale}`);
  parts.push(...h.probeFindings);
  if (h.crashes > 0) parts.push(`it crashed ${times(h.crashes)}`);
  if (h.hangs.length > 0) {
    const more = h.hangs.length > 3 ? `, and ${h.hangs.length - 3} more` : '';
    parts.push(`it stopped answering ${times(h.hangs.length)} (${h.hangs.slice(0, 3).join(', ')}${more})`);
  }
  if (h.notRun > 0) parts.push(`${h.notRun} case${h.notRun === 1 ? ' was' : 's were'} not run`);
  const timedOut = h.timeoutsRerun > 0 || results.some((r) => r.status === 'timeout');
  if ((h.stallMs ?? 0) > 1000 && timedOut) parts.push(`the harness itself was held up to ${h.stallMs} ms at a time (a busy machine, or many targets at once), so its timeouts were run again where it could`);
  // The schedule's own facts only matter beside the others.
  if (parts.length > 0 && h.concurrency.lowest < h.concurrency.start) parts.push(`the schedule backed off to ${h.concurrency.lowest} case${h.concurrency.lowest === 1 ? '' : 's'} at once`);
  if (parts.length > 0 && h.timeoutsRerun > 0) parts.push(`${h.timeoutsRerun} timeout${h.timeoutsRerun === 1 ? ' was' : 's were'} run again (${h.timeoutsPassedAlone} then got another verdict)`);
  return parts.length === 0 ? null : parts.join('; ');
}

function times(n: number): string {
  return n === 1 ? 'once' : `${n} times`;
}
