// What a run left behind, seen as the harness sees it: sockets listening on a port, and
// processes whose command line names the port (every test server takes its port as an argument).

import { readdirSync, readFileSync } from 'node:fs';
import { listeningSockets } from '../../src/targets/proc-net.ts';
import { readStat } from '../../src/targets/process-tree.ts';

export function listensOn(port: number): boolean {
  return listeningSockets().some((s) => s.port === port);
}

/** Live processes (not zombies) with this word (a port, a path) in their command line. */
export function processesNaming(word: number | string): string[] {
  const found: string[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${name}/cmdline`, 'latin1').split('\0');
    } catch {
      continue;
    }
    const state = readStat(Number(name))?.state;
    if (state === undefined || state === 'Z') continue;
    const line = args.join(' ').trim();
    if (line.split(/\s+/).includes(String(word))) found.push(`${name}: ${line}`);
  }
  return found;
}

export function portOf(address: string): number {
  return Number(address.slice(address.lastIndexOf(':') + 1));
}
