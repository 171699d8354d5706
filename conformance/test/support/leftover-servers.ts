// Vitest global setup: once every test file has run, a server a test started and never stopped
// is killed and named. A harness run inside a test worker stops its servers itself, but a test
// that fails mid-run abandons the run, and a worker that ends is not given the time to stop them:
// such servers were found still listening an hour later.
//
// Which processes are this suite's is told by a mark in the environment, set here before the
// workers start and inherited by everything they start (servers that setsid or fork twice keep
// it too). Ancestry cannot tell: a suite started in the background is itself an orphan, and a
// suite ending beside it took its servers for its own and killed them mid-test.

import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { TOKEN_VARIABLE } from '../../src/targets/process-tree.ts';
import { PROC_NET } from '../../src/targets/proc-net.ts';

export const SUITE_VARIABLE = 'CONFORMANCE_TEST_SUITE';

export type Leftover = { pid: number; command: string };

function environOf(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1');
  } catch {
    return null;
  }
}

/** Servers the harness started (they carry its token) under the suite mark `mark`. */
export function serversMarked(mark: string): Leftover[] {
  const found: Leftover[] = [];
  for (const n of readdirSync('/proc')) {
    if (!/^\d+$/.test(n) || Number(n) === process.pid) continue;
    const environ = environOf(Number(n));
    if (environ === null) continue;
    const entries = `\0${environ}`;
    if (!entries.includes(`\0${SUITE_VARIABLE}=${mark}\0`) || !entries.includes(`\0${TOKEN_VARIABLE}=`)) continue;
    let command = '';
    try {
      command = readFileSync(`/proc/${n}/cmdline`, 'latin1').split('\0').join(' ').trim();
    } catch {
      continue; // gone meanwhile
    }
    found.push({ pid: Number(n), command });
  }
  return found;
}

/** Kills what `serversMarked(mark)` finds; returns what it killed. */
export function killServersMarked(mark: string): Leftover[] {
  const left = serversMarked(mark);
  for (const p of left) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  return left;
}

export default function setup(): (() => void) | undefined {
  if (!PROC_NET) return undefined;
  const mark = `${process.pid}-${randomUUID()}`;
  process.env[SUITE_VARIABLE] = mark;
  return () => {
    const left = killServersMarked(mark);
    if (left.length > 0) console.warn(`left running by the tests, now killed: ${left.map((p) => `pid ${p.pid} (${p.command.slice(0, 100)})`).join(', ')}`);
  };
}
