import net from 'node:net';
import { descendantsOf, listeningSockets, ownersOf, PROC_NET, reachableFromIpv4Loopback, socketInodes, type TcpSocket } from './proc-net.ts';
import type { ProcessFamily } from './process-tree.ts';

/** One connection attempt: resolves with null on success or the error code on failure. */
export function tryConnect(host: string, port: number, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => finish('ETIMEDOUT'), timeoutMs);
    function finish(code: string | null): void {
      clearTimeout(timer);
      socket.destroy();
      resolve(code);
    }
    socket.once('connect', () => finish(null));
    socket.once('error', (e: NodeJS.ErrnoException) => finish(e.code ?? 'ECONNREFUSED'));
  });
}

export type Readiness =
  | { kind: 'listening'; sockets: TcpSocket[] }
  /** Every process of the started command ended before anything listened on the port. */
  | { kind: 'exited' }
  /** It listens on the port, but not where a connection to 127.0.0.1 arrives (`::1` only, say). */
  | { kind: 'unreachable'; sockets: TcpSocket[] }
  /** The deadline passed; `elsewhere` are the sockets the command's processes listen on instead. */
  | { kind: 'timeout'; elsewhere: TcpSocket[] }
  /** An interrupt ended the wait. */
  | { kind: 'aborted' };

export type WaitOptions = {
  port: number;
  family: ProcessFamily;
  deadlineMs: number;
  /** Whether the started command itself (the shell) has exited. */
  rootExited: () => boolean;
  /** Whether it exited with status 0 (what a command that daemonized does). */
  rootExitedCleanly: () => boolean;
  /** How long the port is still watched after a clean exit left no process behind. */
  daemonGraceMs?: number;
  /** How long a listener only on an unreachable address gets to add a reachable one. */
  unreachableGraceMs?: number;
  pollMs?: number;
  signal?: AbortSignal;
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until the started command's processes listen on the port, without connecting: the socket
 * appears in /proc/net/tcp or tcp6 in the LISTEN state, and its inode is among the open files of
 * the started process or one of its descendants. A server that left the process tree (setsid, a
 * double fork) is still found: any process listening on the port the harness picked for it is
 * taken as the server, and tracked from then on.
 */
export async function waitUntilListening(o: WaitOptions): Promise<Readiness> {
  if (!PROC_NET) return waitUntilAccepting(o);
  const end = Date.now() + o.deadlineMs;
  // Often at first (most servers listen within a few hundred ms), then less: a look may read the
  // kernel's socket tables (below), which costs kernel time when they hold few sockets.
  const startedAt = Date.now();
  const pollMs = (): number => o.pollMs ?? (Date.now() - startedAt < 500 ? 25 : Date.now() - startedAt < 2000 ? 50 : 100);
  let unreachableSince: number | null = null;
  let looks = 0;
  let exitedAt: number | null = null;
  let outsideReads = 0;
  let unexplainedLooks = 0;
  for (;;) {
    // The socket tables are read only while a process of the started tree holds a socket (before
    // that, nothing of it listens: an interpreter still starting, say), and on every eighth look
    // whatever the tree holds, for a server that left it (setsid, a double fork). IPv4 first: the
    // head of its table costs next to nothing. The IPv6 table is read only when it can hold the
    // server's socket: the tree holds a socket that is none of IPv4's listeners (one on `::`, one
    // not listening yet, or a Unix socket: then on the first such look and every fourth after),
    // or, for a server outside the tree, on every fourth look (not the first: at the first look
    // nothing has started yet).
    // Reading it walks the kernel's whole established hash when it holds no IPv6 connection:
    // 5.5 ms of system time here, where the head of the IPv4 table takes 0.05 ms.
    const tree = descendantsOf(o.family.rootPid);
    const held = tree === null ? null : new Set(tree.flatMap((pid) => [...socketInodes(pid)]));
    const worthReading = held === null || held.size > 0 || looks++ % 8 === 0;
    let onPort: TcpSocket[] = [];
    if (worthReading) {
      const v4 = listeningSockets(4);
      onPort = v4.filter((s) => s.port === o.port);
      const v4Inodes = new Set(v4.map((s) => s.inode));
      const inTree = held !== null && held.size > 0;
      const readIpv6 = inTree ? [...held].some((inode) => !v4Inodes.has(inode)) && unexplainedLooks++ % 4 === 0 : ++outsideReads % 4 === 0;
      if (!onPort.some((s) => reachableFromIpv4Loopback(s.address)) && readIpv6) onPort = [...onPort, ...listeningSockets(6).filter((s) => s.port === o.port)];
    }
    // Another program's listener on the port is not the server listening (it will fail to bind).
    if (onPort.length > 0 && adoptOwners(o.family, onPort) !== 'foreign') {
      const reachable = onPort.filter((s) => reachableFromIpv4Loopback(s.address));
      if (reachable.length > 0) return { kind: 'listening', sockets: reachable };
      unreachableSince ??= Date.now();
      if (Date.now() - unreachableSince >= (o.unreachableGraceMs ?? 1000)) return { kind: 'unreachable', sockets: onPort };
    } else if (o.rootExited() && o.family.scan().length === 0) {
      // A daemon that wiped its environment is invisible until it listens: after a clean exit of
      // the command, its port is watched a little longer.
      exitedAt ??= Date.now();
      if (!o.rootExitedCleanly() || Date.now() - exitedAt >= (o.daemonGraceMs ?? 2000)) return { kind: 'exited' };
    }
    if (Date.now() >= end) return { kind: 'timeout', elsewhere: familyListeners(o.family) };
    if (o.signal?.aborted) return { kind: 'aborted' };
    await sleep(pollMs());
  }
}

/**
 * The owners of these sockets join the family, and the sockets are remembered as the server's:
 * from the tree when they are in it, else from all of /proc. Outside the tree and without the
 * token (a daemon that wiped its environment) only a process started since the command can be
 * ours: when every owner is older, the sockets are another program's ('foreign'), one that took
 * the port in the moment between its pick and the server's bind.
 */
export function adoptOwners(family: ProcessFamily, sockets: readonly TcpSocket[]): number[] | 'foreign' {
  const inodes = new Set(sockets.map((s) => s.inode));
  const members = family.scan();
  const owners = ownersOf(inodes, members);
  if (owners.length > 0) {
    family.rememberSockets(sockets);
    return owners;
  }
  const anywhere = ownersOf(inodes);
  const ours = anywhere.filter((pid) => family.startedSinceRoot(pid));
  if (anywhere.length > 0 && ours.length === 0) return 'foreign';
  family.rememberSockets(sockets);
  family.adopt(ours);
  if (ours.length > 0) family.scan();
  return ours;
}

/** Every socket the family's processes listen on, whatever the port. */
export function familyListeners(family: ProcessFamily): TcpSocket[] {
  const inodes = new Set(family.scan().flatMap((pid) => [...socketInodes(pid)]));
  return listeningSockets().filter((s) => inodes.has(s.inode));
}

/** Without /proc (macOS): a connection attempt now and then, as the harness always did there. */
async function waitUntilAccepting(o: WaitOptions): Promise<Readiness> {
  const end = Date.now() + o.deadlineMs;
  for (;;) {
    if (o.signal?.aborted) return { kind: 'aborted' };
    if (o.rootExited()) return { kind: 'exited' };
    if ((await tryConnect('127.0.0.1', o.port, Math.min(1000, Math.max(50, end - Date.now())))) === null) return { kind: 'listening', sockets: [] };
    if (Date.now() >= end) return { kind: 'timeout', elsewhere: [] };
    await sleep(50);
  }
}
