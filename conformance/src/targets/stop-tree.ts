// Stopping a started server: every process of its family gets SIGTERM, then SIGKILL after a
// grace period; the harness waits until they are gone and checks that the port no longer
// listens. A process that still listens is named in one line, so a run never leaves a server
// behind without saying so.

import { commandLine } from './process-tree.ts';
import type { ProcessFamily } from './process-tree.ts';
import { listenersOn, PROC_NET, type TcpSocket } from './proc-net.ts';
import { adoptOwners } from './wait-ready.ts';

export type StopOptions = {
  family: ProcessFamily;
  port: number;
  graceMs: number;
  /** Resolves when the started command itself has exited and been reaped. */
  rootExit: Promise<void>;
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Resolves with null when everything is gone and the port is free, else one line naming what is left. */
export async function stopFamily(o: StopOptions): Promise<string | null> {
  const { family, port } = o;
  if (!PROC_NET) return stopGroup(o);
  // The sockets on the port seen as the server's (at readiness) lead to it even if it left the
  // tree unseen. Any other listener took the port after our server let it go (another test's or
  // user's process): it is not ours to stop.
  // tcp6 only when one of them was there: reading it walks the kernel's established hash (proc-net.ts).
  const ours = (): TcpSocket[] => listenersOn(port, { ipv6: family.knowsIpv6Socket() }).filter((s) => family.knowsSocket(s.inode));
  const onPort = ours();
  if (onPort.length > 0) adoptOwners(family, onPort);
  family.scan();
  family.signal('SIGTERM');
  if (!(await allGone(family, o.graceMs, 'SIGTERM'))) {
    family.scan();
    family.signal('SIGKILL');
    await allGone(family, 2000, 'SIGKILL');
  }
  await Promise.race([o.rootExit, sleep(1000)]);
  const left = ours();
  const alive = family.alive();
  if (left.length === 0 && alive.length === 0) return null;
  const adopted = left.length > 0 ? adoptOwners(family, left) : alive;
  const owners = adopted === 'foreign' ? [] : adopted;
  const named = owners.map((pid) => `pid ${pid} (${commandLine(pid).slice(0, 80) || 'unknown'})`).join(', ');
  return left.length > 0
    ? `port ${port} still listens after the server was stopped${named ? `: ${named}` : ' (its owner is not visible to the harness)'}`
    : `still running after the server was stopped: ${named}`;
}

/** Polls until no member is alive (rescanning now and then: a dying parent may fork once more). */
async function allGone(family: ProcessFamily, withinMs: number, sig: NodeJS.Signals): Promise<boolean> {
  const end = Date.now() + withinMs;
  let lastScan = Date.now();
  for (;;) {
    if (family.alive().length === 0) return true;
    if (Date.now() >= end) return false;
    if (Date.now() - lastScan > 250) {
      lastScan = Date.now();
      family.scan();
      family.signal(sig);
    }
    await sleep(20);
  }
}

/** Without /proc (macOS): the started command's process group, TERM then KILL, as before. */
async function stopGroup(o: StopOptions): Promise<null> {
  const exited = (ms: number): Promise<boolean> => Promise.race([o.rootExit.then(() => true), sleep(ms).then(() => false)]);
  o.family.signal('SIGTERM');
  if (!(await exited(o.graceMs))) {
    o.family.signal('SIGKILL');
    await exited(2000);
  }
  return null;
}
