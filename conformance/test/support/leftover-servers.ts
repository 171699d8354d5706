// Vitest global setup: once every test file has run, a server a test started and never stopped
// is killed and named. A harness run inside a test worker stops its servers itself, but a test
// that fails mid-run abandons the run, and a worker that ends is not given the time to stop them:
// such servers were found still listening an hour later. Every server the harness starts carries
// its token variable (process-tree.ts) and descends from this process through a test worker, or
// from init once that worker is gone; that is what is looked for, among processes started since
// the suite began (another suite running beside this one keeps its servers).

import { readdirSync, readFileSync } from 'node:fs';
import { TOKEN_VARIABLE } from '../../src/targets/process-tree.ts';
import { PROC_NET } from '../../src/targets/proc-net.ts';

type Proc = { pid: number; ppid: number; start: number; command: string };

function read(pid: number): Proc | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const command = readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').join(' ').trim();
    return { pid, ppid: Number(fields[1]), start: Number(fields[19]), command };
  } catch {
    return null;
  }
}

function carriesToken(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1').includes(`${TOKEN_VARIABLE}=`);
  } catch {
    return false;
  }
}

export default function setup(): (() => void) | undefined {
  const suite = PROC_NET ? read(process.pid) : null;
  if (suite === null) return undefined;
  return () => {
    const all = new Map<number, Proc>();
    for (const n of readdirSync('/proc')) {
      if (!/^\d+$/.test(n)) continue;
      const p = read(Number(n));
      if (p !== null) all.set(p.pid, p);
    }
    // Ours: below this process (a test worker's server, the workers not yet gone), or orphaned.
    const ours = (p: Proc): boolean => {
      for (let at: Proc | undefined = p, hops = 0; at !== undefined && hops < 64; at = all.get(at.ppid), hops++) {
        if (at.ppid === process.pid || at.ppid === 1) return true;
      }
      return false;
    };
    const left = [...all.values()].filter((p) => p.start >= suite.start && p.pid !== process.pid && carriesToken(p.pid) && ours(p));
    for (const p of left) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    if (left.length > 0) console.warn(`left running by the tests, now killed: ${left.map((p) => `pid ${p.pid} (${p.command.slice(0, 100)})`).join(', ')}`);
  };
}
