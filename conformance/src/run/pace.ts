// How many cases run at once, adapted to what the server can take. A server with a small
// thread pool and a short listen queue makes the kernel drop or refuse connections once its
// workers are busy: a connect that takes hundreds of milliseconds (a dropped SYN is resent after
// a second) or is refused is the harness's schedule showing, not the server's HTTP. Such a sign
// halves the number of cases at once (at most once a second); a run of clean cases adds one back.

import type { CaseResult } from '../result/types.ts';
import { endedByTimeout } from './watch.ts';

/** A connect slower than this, on a server that answers a plain GET at once, is queueing. */
const SLOW_CONNECT_MS = 300;
const CUT_EVERY_MS = 1000;

export class Pace {
  limit: number;
  lowest: number;
  private active = 0;
  private cleanRun = 0;
  private lastCut = 0;
  private readonly waiters: Array<() => void> = [];

  /** `adaptive` false: always `max` at once (an explicit --concurrency, or a silent server). */
  constructor(
    readonly max: number,
    private readonly adaptive: boolean,
  ) {
    this.limit = max;
    this.lowest = max;
  }

  /** Resolves when one more case may run; pair with release(). */
  async acquire(): Promise<void> {
    while (this.active >= this.limit) await new Promise<void>((resolve) => this.waiters.push(resolve));
    this.active++;
  }

  release(): void {
    this.active--;
    this.wake();
  }

  /** Reads a finished case for signs of queueing. */
  observe(r: CaseResult): void {
    if (!this.adaptive) return;
    if (queued(r)) {
      const now = Date.now();
      this.cleanRun = 0;
      if (now - this.lastCut < CUT_EVERY_MS || this.limit === 1) return;
      this.lastCut = now;
      this.limit = Math.max(1, Math.floor(this.limit / 2));
      this.lowest = Math.min(this.lowest, this.limit);
      return;
    }
    if (this.limit < this.max && ++this.cleanRun >= this.limit) {
      this.cleanRun = 0;
      this.limit++;
      this.wake();
    }
  }

  /** Every waiter checks the limit again; those that do not fit wait once more. */
  private wake(): void {
    for (const next of this.waiters.splice(0)) next();
  }
}

/**
 * The connection was refused or never made, or made only after a long wait and then the case
 * ran out of time. A slow connect that still left the server time to answer did no harm: a
 * server whose accept queue is merely short is not slowed down for it.
 */
export function queued(r: CaseResult): boolean {
  if (couldNotConnect(r)) return true;
  const first = r.wire[0];
  if (first === undefined) return false;
  if (first.kind === 'end' || first.kind === 'error') return r.wire.every((w) => w.kind !== 'write') && r.status !== 'skip';
  return first.kind === 'write' && first.atMs > SLOW_CONNECT_MS && endedByTimeout(r);
}

/** The case's connection could not be made (refused, or no answer to the SYN). */
export function couldNotConnect(r: CaseResult): boolean {
  return r.status === 'error' && r.message.startsWith('could not connect');
}
