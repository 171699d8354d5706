// Stopping a started server stops every process it became, whatever it did to its process group
// or session, and frees its port: a server that calls setsid, one that double-forks (and wipes
// its environment), one that ignores SIGTERM.

import { execa } from 'execa';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { commandTarget } from '../../src/targets/command-target.ts';
import { listeningSockets, ownersOf } from '../../src/targets/proc-net.ts';
import { readStat } from '../../src/targets/process-tree.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SERVERS = path.resolve(HERE, '../servers');
const DOCROOT = path.resolve(HERE, '../../../cases/fixtures/docroot');

/** The processes listening on a port (seen through /proc, as the harness sees them). */
export function listenersOf(port: number): number[] {
  const inodes = new Set(listeningSockets().filter((s) => s.port === port).map((s) => s.inode));
  return ownersOf(inodes);
}

describe('stopping a started server', () => {
  it.each([
    ['calls setsid (a new session, outside the process tree)', `${SERVERS}/setsid-server.sh {port} {docroot}`],
    ['double-forks and wipes its environment', `python3 ${SERVERS}/double-fork.py {port} {docroot}`],
    ['ignores SIGTERM (KILL after the grace period)', `python3 ${SERVERS}/ignores-sigterm.py {port} {docroot}`],
  ])('a server that %s: no process left, the port free', async (_, command) => {
    const t = await commandTarget({ command, docroot: DOCROOT, stopGraceMs: 1000 });
    const owners = listenersOf(t.port);
    expect(owners.length).toBeGreaterThan(0);
    const started = owners.map((pid) => ({ pid, sid: readStat(pid)?.startTime }));
    expect(await t.checkCrashed(50)).toBeNull();
    expect(await t.stop()).toBeNull();
    for (const { pid, sid } of started) {
      const now = readStat(pid);
      expect(now === null || now.startTime !== sid || now.state === 'Z', `pid ${pid} still runs`).toBe(true);
    }
    expect(listenersOf(t.port)).toEqual([]);
    expect(listeningSockets().filter((s) => s.port === t.port)).toEqual([]);
  });

  it('a server that left the tree is not taken for crashed while its port listens', async () => {
    const t = await commandTarget({ command: `python3 ${SERVERS}/double-fork.py {port} {docroot}`, docroot: DOCROOT });
    try {
      const port = t.port;
      expect(await t.checkCrashed(100)).toBeNull();
      expect(t.port).toBe(port);
      // Killed behind the harness's back: now it is a crash, and it comes back.
      const daemon = listenersOf(port);
      expect(daemon.length).toBeGreaterThan(0);
      for (const pid of daemon) process.kill(pid, 'SIGKILL');
      // SIGKILL is delivered, not done: the socket closes when the process has exited.
      await vi.waitFor(() => expect(listenersOf(port)).toEqual([]));
      const crash = await t.checkCrashed(1000);
      expect(crash).not.toBeNull();
      expect(listenersOf(t.port).length).toBeGreaterThan(0);
    } finally {
      await t.stop();
    }
  });
});

describe('a port the server let go', () => {
  it('is not the server any more: a process that took it since is left alone by the stop', async () => {
    const t = await commandTarget({ command: `python3 ${SERVERS}/double-fork.py {port} {docroot}`, docroot: DOCROOT, stopGraceMs: 500 });
    const port = t.port;
    // The server dies behind the harness's back and no case notices before the stop.
    for (const pid of listenersOf(port)) process.kill(pid, 'SIGKILL');
    await vi.waitFor(() => expect(listenersOf(port)).toEqual([]));
    // Someone else binds the freed port (another test worker's server, a user's process).
    const code = `import socket,time\ns=socket.socket()\ns.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\ns.bind(("127.0.0.1",${port}))\ns.listen(1)\nprint("up",flush=True)\ntime.sleep(30)`;
    const other = execa('python3', ['-c', code], { stdio: ['ignore', 'pipe', 'ignore'], buffer: false, reject: false });
    try {
      await new Promise<void>((resolve) => other.stdout.once('data', () => resolve()));
      await t.stop();
      expect(other.exitCode).toBeNull();
      expect(other.signalCode).toBeNull();
      expect(listenersOf(port)).toEqual([other.pid]);
    } finally {
      other.kill('SIGKILL');
    }
  });
});
