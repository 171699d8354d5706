// Every process a started server command became, whatever it did to its process group or
// session. A server that calls setsid() or double-forks leaves the harness's process group and,
// once its parent exits, is no longer anyone's descendant; signalling the group misses it. So the
// family is found three ways, each cheap to read from /proc:
//   - descendants of the started command (parent pids from /proc/PID/stat),
//   - processes whose environment carries the token the command was started with (inherited
//     across fork, exec, setsid and double forks, unless a program wipes its environment),
//   - the owner of the listening socket (added by the caller, see proc-net.ts), and its children.
// Members are remembered with their start time, so a pid reused by an unrelated process is never
// signalled.

import { readFileSync } from 'node:fs';
import { allPids, PROC_NET, socketInodes } from './proc-net.ts';

export const TOKEN_VARIABLE = 'CONFORMANCE_SERVER_TOKEN';

export type ProcStat = { pid: number; ppid: number; pgrp: number; state: string; startTime: number; comm: string };

export function readStat(pid: number): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return null;
  }
  // `pid (comm) state ppid pgrp ...`: comm may hold spaces and parentheses, so split after the last `)`.
  const close = text.lastIndexOf(')');
  const f = text.slice(close + 2).split(' ');
  return { pid, comm: text.slice(text.indexOf('(') + 1, close), state: f[0]!, ppid: Number(f[1]), pgrp: Number(f[2]), startTime: Number(f[19]) };
}

/** Whether this very process (same start time) still runs; a zombie has finished. */
export function isAlive(pid: number, startTime: number): boolean {
  const s = readStat(pid);
  return s !== null && s.startTime === startTime && s.state !== 'Z' && s.state !== 'X';
}

/** The command line of a process, for messages (`python3 server.py 8080`). */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').filter(Boolean).join(' ');
  } catch {
    return '';
  }
}

/** How many times every process's stat was read since the process started (for the tests). */
export const PROC_READS = { count: 0 };

/** Every process's stat, zombies left out: one read of /proc. */
function liveStats(): Map<number, ProcStat> {
  PROC_READS.count++;
  const stats = new Map<number, ProcStat>();
  for (const pid of allPids()) {
    const s = readStat(pid);
    if (s && s.state !== 'Z' && s.state !== 'X') stats.set(s.pid, s);
  }
  return stats;
}

// The watched families share one look at /proc a second: reading every process's stat costs some
// 27 us a process (14 ms a second on a desktop with 500 processes), which a class of servers
// compared side by side would otherwise pay once per server.
const WATCH_MS = 1000;
const watched = new Set<ProcessFamily>();
let watchTimer: NodeJS.Timeout | undefined;

export class ProcessFamily {
  /** pid -> start time, for every member seen alive. */
  private readonly members = new Map<number, number>();
  /** `pid:starttime` -> whether its environment has the token (an environment never changes after exec). */
  private readonly tokenCache = new Map<string, boolean>();

  constructor(
    readonly rootPid: number,
    private readonly token: string,
  ) {
    const s = readStat(rootPid);
    if (s) this.members.set(rootPid, s.startTime);
  }

  /** Looks at /proc now; returns the members alive at this moment. */
  scan(): number[] {
    return this.scanWith(liveStats());
  }

  /** The members alive in `stats`, a reading of every process's stat (liveStats). */
  private scanWith(stats: ReadonlyMap<number, ProcStat>): number[] {
    // Forget the processes that are gone: the cache would otherwise hold every process the
    // machine ran while the server did (this scan runs every second).
    for (const key of this.tokenCache.keys()) {
      const [pid, start] = key.split(':').map(Number);
      if (stats.get(pid!)?.startTime !== start) this.tokenCache.delete(key);
    }
    const live = new Set<number>();
    for (const [pid, start] of this.members) if (stats.get(pid)?.startTime === start) live.add(pid);
    for (const s of stats.values()) if (s.pid !== process.pid && this.hasToken(s)) live.add(s.pid);
    // Descendants of any member, to a fixed point (a child can be listed before its parent).
    const children = new Map<number, number[]>();
    for (const s of stats.values()) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s.pid]);
    const queue = [...live];
    while (queue.length > 0) {
      for (const c of children.get(queue.pop()!) ?? []) {
        if (!live.has(c) && c !== process.pid) {
          live.add(c);
          queue.push(c);
        }
      }
    }
    for (const pid of live) this.members.set(pid, stats.get(pid)!.startTime);
    return [...live];
  }

  /** Inodes of the listening sockets seen as this server's (at readiness, or owned by a member). */
  private readonly sockets = new Set<number>();

  /** Whether one of them is in tcp6: only then is that table worth reading for this server. */
  private ipv6 = false;

  rememberSockets(sockets: Iterable<{ inode: number; family: 4 | 6 }>): void {
    for (const s of sockets) {
      this.sockets.add(s.inode);
      if (s.family === 6) this.ipv6 = true;
    }
  }

  knowsIpv6Socket(): boolean {
    return this.ipv6;
  }

  /**
   * Whether a live member still holds a listening socket seen as the server's: then the server
   * listens, whatever became of the command that started it. Read from the members' open files,
   * not from the kernel's socket tables (see proc-net.ts on what those cost).
   */
  holdsKnownSocket(): boolean {
    if (this.sockets.size === 0) return false;
    return this.alive().some((pid) => [...socketInodes(pid)].some((inode) => this.sockets.has(inode)));
  }

  /** Whether this listening socket was seen as the server's: a port freed by a dead server may since belong to anyone. */
  knowsSocket(inode: number): boolean {
    return this.sockets.has(inode);
  }

  /**
   * Whether `pid` started no earlier than the started command: only such a process can be one
   * the command became. (A process that was running before, such as another test's server that
   * the OS gave the same port a moment after it was picked for this one, is not ours.)
   */
  startedSinceRoot(pid: number): boolean {
    const root = this.members.get(this.rootPid);
    const s = readStat(pid);
    return root !== undefined && s !== null && s.startTime >= root;
  }

  /** Adds processes found another way (the owner of the listening socket). */
  adopt(pids: readonly number[]): void {
    for (const pid of pids) {
      const s = readStat(pid);
      if (s && pid !== process.pid) this.members.set(pid, s.startTime);
    }
  }

  /** Members that still run, without a full scan. */
  alive(): number[] {
    return [...this.members].filter(([pid, start]) => isAlive(pid, start)).map(([pid]) => pid);
  }

  /** Sends a signal to the started command's process group and to every live member. */
  signal(sig: NodeJS.Signals): void {
    // Without /proc (macOS) nothing can be verified: the process group is all there is.
    if (!PROC_NET) return trySignal(-this.rootPid, sig);
    const live = this.alive();
    // The group catches a child forked since the last scan; only while the group is still ours.
    if (live.some((pid) => readStat(pid)?.pgrp === this.rootPid)) trySignal(-this.rootPid, sig);
    for (const pid of live) trySignal(pid, sig);
  }

  /** Keeps the family up to date while the server runs (its children come and go). */
  watch(): void {
    watched.add(this);
    watchTimer ??= setInterval(() => {
      const stats = liveStats();
      for (const family of watched) family.scanWith(stats);
    }, WATCH_MS).unref();
  }

  unwatch(): void {
    watched.delete(this);
    if (watched.size > 0) return;
    clearInterval(watchTimer);
    watchTimer = undefined;
  }

  private hasToken(s: ProcStat): boolean {
    const key = `${s.pid}:${s.startTime}`;
    let has = this.tokenCache.get(key);
    if (has === undefined) {
      try {
        has = readFileSync(`/proc/${s.pid}/environ`).includes(`${TOKEN_VARIABLE}=${this.token}\0`);
      } catch {
        has = false;
      }
      this.tokenCache.set(key, has);
    }
    return has;
  }
}

function trySignal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // gone already, or not ours
  }
}
