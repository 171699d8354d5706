// How a process ended, in words: signals by name, including a shell's 128+N for a command it ran
// that a signal killed (141 is SIGPIPE, a C server writing to a client that went away).

import os from 'node:os';

const SIGNAL_NAMES = new Map<number, string>(Object.entries(os.constants.signals).map(([name, n]) => [n, name]));

export function describeExit(code: number | null, signal: string | null): string {
  if (signal) return `killed by ${signal}`;
  if (code === null) return 'status unknown: it had left the process the harness started';
  const viaShell = code > 128 ? SIGNAL_NAMES.get(code - 128) : undefined;
  if (viaShell) return `killed by ${viaShell}: exit code ${code} from the shell`;
  return `exit code ${code}`;
}
