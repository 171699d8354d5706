// Finds which case crashed a started server, or hung it (left it answering nothing at all).
//
// Crash: the target reports the exit after a case. Hang: after a case whose connection ran out
// of time, a fresh connection's GET of a fixture file decides whether the server still answers
// anyone; when it does not, the server is started again (or, for a server the harness did not
// start, the remaining cases are not run). When the server dies or hangs while several cases run
// at once, every one of them is a suspect: new cases are held back, and each suspect runs again
// alone on the restarted server. The one that kills or hangs it again is blamed; the others keep
// the verdict of their lone run. A case that ran alone and after which the server answered no
// one is blamed for the hang at once.

import type { CaseResult } from '../result/types.ts';
import { CRASHED, HUNG, NOT_RUN } from '../result/verdict-prefixes.ts';
import { describeExit } from '../targets/command-target.ts';
import type { CrashInfo, Target } from '../targets/target.ts';
import { oneLine, unanswered, type Alive } from './probe.ts';

/** After a case: a crash, or what the fresh GET found when the server was blamed for a hang. */
type Late = { hung: string | null; crash: CrashInfo | null };
const NOTHING: Late = { hung: null, crash: null };

export type Ticket = { generation: number; overlapped: boolean; id: string };

export type WatchStats = { crashes: number; hangs: string[]; restarts: number };

export type Liveness = {
  /** Whether a fresh GET is answered within the bound, met with silence, or refused. */
  answers: () => Promise<Alive>;
  boundMs: number;
};

/** What `end` decided: `settled` when a crash or hang decided the verdict (no timing re-run). */
export type Watched = { result: CaseResult; settled: boolean };

export class Watch {
  dead: string | null = null;
  /** The case whose check found the server gone for good, and how. */
  private deadBy: { id: string; hung: boolean } | null = null;
  private generation = 0;
  private readonly active = new Set<Ticket>();
  private suspects = 0;
  private alone: Promise<unknown> = Promise.resolve();
  /**
   * The crash check or hang check under way, if any: one at a time, because either may restart
   * the server, and a check that read the server's state during another's restart would misread it.
   */
  private checking: Promise<unknown> | null = null;
  private wakers: Array<() => void> = [];

  /** `liveness` null: no hang detection (the server never answered a plain GET to compare with). */
  constructor(
    private readonly target: Target,
    private readonly liveness: Liveness | null,
    readonly stats: WatchStats,
  ) {}

  /** Resolves when a new case may start (not while suspects are being re-run). */
  async mayStart(): Promise<void> {
    while (this.suspects > 0) await new Promise<void>((resolve) => this.wakers.push(resolve));
  }

  begin(id: string): Ticket {
    const ticket: Ticket = { generation: this.generation, overlapped: this.active.size > 0, id };
    for (const t of this.active) t.overlapped = true;
    this.active.add(ticket);
    return ticket;
  }

  async end(ticket: Ticket, result: CaseResult, rerun: () => Promise<CaseResult>): Promise<Watched> {
    this.active.delete(ticket);
    const first = await this.check(crashSettleMs(result), ticket.id);
    const late = first === null && ticket.generation === this.generation ? await this.checkHang(ticket.id, result) : NOTHING;
    const crash = first ?? late.crash;
    const hung = late.hung;
    if (crash === null && hung === null && ticket.generation === this.generation) return { result, settled: false };
    if (this.dead !== null) return { result: this.blameDead(result, ticket), settled: true };
    // A hang found right after this case, which ran alone: nothing else can have done it. (A
    // crash may show only after the next case began, so a crash is always tried again alone.)
    if (!ticket.overlapped && hung !== null) return { result: this.blameHang(result, hung), settled: true };
    // The server died or hung while this case ran beside others (this one or another did it).
    this.suspects++;
    try {
      return await this.runAlone(async () => {
        await this.drained();
        const lone = this.begin(ticket.id);
        const again = await rerun();
        this.active.delete(lone);
        const checked = await this.check(crashSettleMs(again), ticket.id);
        const lateAgain = checked === null ? await this.checkHang(ticket.id, again) : NOTHING;
        const second = checked ?? lateAgain.crash;
        const hungAgain = lateAgain.hung;
        if (this.dead !== null) return { result: this.blameDead(again, lone), settled: true };
        if (second) return { result: blameCrash(again, second), settled: true };
        if (hungAgain !== null) return { result: this.blameHang(again, hungAgain), settled: true };
        // Seen dying after this case, but not again when it ran alone: say so, blame nobody.
        const note = crash
          ? ` (the server crashed once around this case, ${describeExit(crash.exitCode, crash.signal)}, but not when it ran alone)`
          : hung
            ? ' (the server stopped answering once while this case ran beside others, but not when it ran alone)'
            : '';
        return { result: note ? { ...again, message: `${again.message}${note}` } : again, settled: true };
      });
    } finally {
      if (--this.suspects === 0) for (const wake of this.wakers.splice(0)) wake();
    }
  }

  /**
   * The server is gone for good. The case whose check found it so is blamed; a case that only
   * ran beside it keeps its verdict, with a note.
   */
  private blameDead(result: CaseResult, ticket: Ticket): CaseResult {
    const why = (this.dead ?? '').replace(/^not run: /, '');
    if (this.deadBy?.id !== ticket.id) return { ...result, message: `${result.message} (meanwhile ${why})` };
    // Beside other cases, and with no restart to try it alone, this one cannot be singled out:
    // whichever of them did it, the crash or hang is said once (the rest are not run) and
    // charged to none.
    if (ticket.overlapped) return { ...result, message: `${result.message}; then ${why} (it ran beside other cases)` };
    if (this.deadBy.hung) {
      this.stats.hangs.push(`hung by case ${ticket.id}`);
      return { ...result, status: 'fail', message: `${HUNG}: ${why}` };
    }
    return { ...result, status: 'fail', message: `${CRASHED} during this case; ${why}` };
  }

  private blameHang(result: CaseResult, found: string): CaseResult {
    this.stats.hangs.push(`hung by case ${result.id}`);
    return {
      ...result,
      status: 'fail',
      message: `${HUNG}: after this case${sides(result)} ${found}; the server was started again (${result.message})`,
    };
  }

  private runAlone<T>(fn: () => Promise<T>): Promise<T> {
    const turn = this.alone.then(fn, fn);
    this.alone = turn.catch(() => undefined);
    return turn;
  }

  /** Waits until no case other than the suspects' lone re-runs is on the wire. */
  private async drained(): Promise<void> {
    while (this.active.size > 0) await new Promise((r) => setTimeout(r, 10));
  }

  /** One crash check at a time; a restart happens inside it. */
  private async check(waitMs: number, id: string): Promise<CrashInfo | null> {
    if (this.checking) {
      await this.checking.catch(() => null);
      return null;
    }
    const checking = this.crashed(waitMs, id);
    this.checking = checking;
    try {
      return await checking;
    } finally {
      this.checking = null;
    }
  }

  /**
   * The target's crash check (which restarts the server), counted: null when it did not crash,
   * or when it could not be started again (then `dead` is set).
   */
  private async crashed(waitMs: number, id: string): Promise<CrashInfo | null> {
    try {
      const crash = await this.target.checkCrashed(waitMs);
      if (crash) {
        this.generation++;
        this.stats.crashes++;
        this.stats.restarts++;
      }
      return crash;
    } catch (e) {
      this.generation++;
      this.stats.crashes++;
      this.dead = `${NOT_RUN} the server crashed and could not be started again (${oneLine(e)})`;
      this.deadBy = { id, hung: false };
      return null;
    }
  }

  /**
   * After a case that ran out of time: does the server still answer a fresh GET? When it does
   * not, it is started again (true), or the run ends for it when it cannot be. One check at a
   * time; a case that waited on another's check sees the restart through the generation.
   */
  private async checkHang(id: string, result: CaseResult): Promise<Late> {
    if (this.liveness === null || this.dead !== null || !endedByTimeout(result)) return NOTHING;
    if (this.checking) {
      await this.checking.catch(() => null);
      return NOTHING;
    }
    const liveness = this.liveness;
    const checking = (async (): Promise<Late> => {
      const alive = await liveness.answers();
      if (alive === 'answered') return NOTHING;
      // A server that died is a crash, however late its exit shows. Refused: nothing listens any
      // more. Dropped: a server dying slowly took the fresh GET into its backlog, then reset it.
      // Silent: most likely alive and hung, but looked at briefly all the same.
      if (alive === 'refused' || this.target.canRestart) {
        const crash = await this.crashed(alive === 'silent' ? 100 : 1000, id);
        if (crash) return { hung: null, crash };
        if (this.dead !== null) return NOTHING;
      }
      this.generation++;
      if (!this.target.canRestart && alive === 'refused') {
        // Nothing accepts connections any more: the server exited or crashed, it did not hang.
        this.stats.crashes++;
        this.deadBy = { id, hung: false };
        this.dead = `${NOT_RUN} the server stopped accepting connections after case ${id} (it exited or crashed), and a server the harness did not start cannot be restarted`;
        return NOTHING;
      }
      this.deadBy = { id, hung: true };
      const found = unanswered(alive, liveness.boundMs);
      if (!this.target.canRestart) {
        this.dead = `${NOT_RUN} the server stopped answering after case ${id} (${found}), and a server the harness did not start cannot be restarted`;
        return { hung: found, crash: null };
      }
      try {
        await this.target.restart(`hung by case ${id}`);
        this.stats.restarts++;
      } catch (e) {
        this.dead = `${NOT_RUN} the server stopped answering after case ${id} and could not be started again (${oneLine(e)})`;
      }
      return { hung: found, crash: null };
    })();
    this.checking = checking;
    try {
      return await checking;
    } finally {
      this.checking = null;
    }
  }
}

/** The case's own connection was still open when its bound ran out. */
export function endedByTimeout(r: CaseResult): boolean {
  return r.wire.some((w) => w.kind === 'end' && w.how === 'timeout');
}

/**
 * How long to wait for a started server's exit to be reported after a case. A dying server's
 * sockets close a moment before its exit shows (longer on a loaded machine), so a case that saw
 * the connection end without any answer waits longest; a passing case not at all.
 */
function crashSettleMs(r: CaseResult): number {
  if (r.status === 'pass') return 0;
  const answered = r.wire.some((w) => w.kind === 'read');
  const ended = r.status === 'error' || r.wire.some((w) => w.kind === 'end' && (w.how === 'closed' || w.how === 'reset'));
  return !answered && ended ? 300 : 30;
}

function blameCrash(result: CaseResult, crash: CrashInfo): CaseResult {
  const how = describeExit(crash.exitCode, crash.signal);
  const out = crash.outputTail ? `; last output: ${crash.outputTail.replaceAll('\n', ' | ')}` : '';
  return { ...result, status: 'fail', message: `${CRASHED} (${how}) during this case${sides(result)} and was restarted${out}` };
}

/**
 * The case's own request was not the only one: its `before:` connections were open too, and
 * either may have done it (the report shows each, labelled).
 */
function sides(result: CaseResult): string {
  const names = (result.before ?? []).map((b) => b.name);
  if (names.length === 0) return '';
  return ` (its request, or its before connection${names.length === 1 ? '' : 's'} ${names.map((n) => `"${n}"`).join(', ')})`;
}
