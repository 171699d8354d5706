// SIGINT, SIGTERM and SIGHUP end a run cleanly: the first one aborts the run (no new case starts,
// cases in flight are abandoned), every started server is stopped, the reports for the cases
// judged so far are written, and the harness exits 128 + the signal's number (130, 143, 129). A
// second one stops at once, still killing every started server on the way out.

import os from 'node:os';
import { killAllNow } from '../targets/started-servers.ts';

export const INTERRUPT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type InterruptSignal = (typeof INTERRUPT_SIGNALS)[number];

/** `npm run` forwards the terminal's Ctrl-C that already reached us: one signal, seen twice. */
const ECHO_MS = 500;

export function interruptExitCode(sig: InterruptSignal): number {
  return 128 + os.constants.signals[sig];
}

/** The signal an aborted run was interrupted by (the abort reason), or null. */
export function interruptedBy(signal: AbortSignal | undefined): InterruptSignal | null {
  if (!signal?.aborted) return null;
  const reason: unknown = signal.reason;
  return (INTERRUPT_SIGNALS as readonly unknown[]).includes(reason) ? (reason as InterruptSignal) : 'SIGINT';
}

export type Interrupts = { signal: AbortSignal; dispose(): void };

/** Installs the handlers for the process; `say` prints one line on stderr. */
export function handleInterrupts(say: (line: string) => void, exit: (code: number) => never = process.exit, now: () => number = Date.now): Interrupts {
  const controller = new AbortController();
  let first: { sig: InterruptSignal; at: number } | null = null;
  const handlers = INTERRUPT_SIGNALS.map((sig) => {
    const handler = (): void => {
      if (first === null) {
        first = { sig, at: now() };
        say(`\ninterrupted by ${sig}: stopping the servers and writing the reports for the cases judged so far (${sig === 'SIGINT' ? 'Ctrl-C' : sig} again to stop at once)`);
        controller.abort(sig);
        return;
      }
      if (first.sig === sig && now() - first.at < ECHO_MS) return;
      say(`${sig} again: stopping at once (started servers are killed, reports not written)`);
      killAllNow();
      exit(interruptExitCode(first.sig));
    };
    process.on(sig, handler);
    return [sig, handler] as const;
  });
  return {
    signal: controller.signal,
    dispose: () => {
      for (const [sig, handler] of handlers) process.off(sig, handler);
    },
  };
}
