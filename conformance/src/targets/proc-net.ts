// What Linux says about TCP sockets, read from /proc without opening a connection: which sockets
// listen on a port (`/proc/net/tcp` and `tcp6`), and which process holds a socket (the inode in
// `/proc/PID/fd`). Watching a started server this way never touches it, so a server that dies
// when a client connects and closes is not killed by the harness deciding whether it is ready.

import { closeSync, existsSync, openSync, readdirSync, readFileSync, readlinkSync, readSync } from 'node:fs';

export const TCP_STATE = { established: '01', timeWait: '06', listen: '0A' } as const;

export type TcpSocket = {
  family: 4 | 6;
  /** `127.0.0.1`, `0.0.0.0`, `::`, `::1`, `::ffff:127.0.0.1`, ... */
  address: string;
  port: number;
  /** Two hex digits, as the kernel prints it (`0A` is LISTEN). */
  state: string;
  inode: number;
};

/**
 * The listening sockets only, of one family or of both. The kernel lists them first (the
 * listening hash, then the established one), so the read stops at the first other state: with
 * thousands of connections in TIME_WAIT the whole table takes a few hundred ms to generate, its
 * head almost nothing.
 */
export function listeningSockets(family?: 4 | 6): TcpSocket[] {
  const of = (f: 4 | 6): TcpSocket[] => parseTable(readTableHead(f), f).filter((s) => s.state === TCP_STATE.listen);
  return family === undefined ? [...of(4), ...of(6)] : of(family);
}

/** How many times each table was read since the process started (for the tests of who reads them). */
export const TABLE_READS: Record<4 | 6, number> = { 4: 0, 6: 0 };

function readTableHead(family: 4 | 6): string {
  TABLE_READS[family]++;
  return readHead(family === 4 ? '/proc/net/tcp' : '/proc/net/tcp6');
}

/**
 * The sockets listening on `port`, IPv4 read first: when one there is reachable from 127.0.0.1
 * the IPv6 table is not read. Reading a table to its end walks the kernel's whole established
 * hash (262,144 buckets here), even when it holds no socket of that family: about 5 ms of system
 * time for an empty tcp6, against 0.1 ms for the head of a busy tcp.
 */
export function listenersOn(port: number, o: { ipv6: boolean } = { ipv6: true }): TcpSocket[] {
  const onPort = (text: string, family: 4 | 6): TcpSocket[] => parseTable(text, family).filter((s) => s.state === TCP_STATE.listen && s.port === port);
  const v4 = onPort(readTableHead(4), 4);
  if (!o.ipv6 || v4.some((s) => reachableFromIpv4Loopback(s.address))) return v4;
  return [...v4, ...onPort(readTableHead(6), 6)];
}

/** The sockets listening on `port` where a connection to 127.0.0.1 arrives. */
export function reachableListenersOn(port: number, o: { ipv6: boolean } = { ipv6: true }): TcpSocket[] {
  return listenersOn(port, o).filter((s) => reachableFromIpv4Loopback(s.address));
}

/** The table up to the first line in a state other than LISTEN (complete lines only). */
function readHead(file: string): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return '';
  }
  try {
    const chunk = Buffer.alloc(16 * 1024);
    let text = '';
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) return text;
      text += chunk.toString('latin1', 0, n);
      const lines = text.split('\n');
      // The last piece may be a partial line; every complete line after the header is checked.
      for (let i = 1; i < lines.length - 1; i++) {
        const state = lines[i]!.trim().split(/\s+/)[3];
        if (state !== undefined && state !== TCP_STATE.listen) return lines.slice(0, i).join('\n');
      }
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether any TCP socket, in any state (listening, connected, TIME_WAIT), has `port` as its local
 * port. Both tables are read whole: tens of ms on a busy machine, for rare paths only.
 */
export function portInUse(port: number): boolean {
  const local = new RegExp(`^\\s*\\d+: [0-9A-F]+:${port.toString(16).toUpperCase().padStart(4, '0')} `, 'm');
  return ['/proc/net/tcp', '/proc/net/tcp6'].some((file) => {
    try {
      return local.test(readFileSync(file, 'latin1'));
    } catch {
      return false;
    }
  });
}

export function parseTable(text: string, family: 4 | 6): TcpSocket[] {
  const sockets: TcpSocket[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const [addrHex, portHex] = f[1]!.split(':');
    if (addrHex === undefined || portHex === undefined) continue;
    sockets.push({ family, address: family === 4 ? ipv4(addrHex) : ipv6(addrHex), port: parseInt(portHex, 16), state: f[3]!, inode: Number(f[9]) });
  }
  return sockets;
}

/** The kernel prints each 32-bit word in host byte order (little-endian here). */
function word(hex: string): number[] {
  const b = [0, 2, 4, 6].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return [b[3]!, b[2]!, b[1]!, b[0]!];
}

function ipv4(hex: string): string {
  return word(hex).join('.');
}

function ipv6(hex: string): string {
  const bytes = [0, 8, 16, 24].flatMap((i) => word(hex.slice(i, i + 8)));
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) return `::ffff:${bytes.slice(12).join('.')}`;
  const groups = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i]! << 8) | bytes[2 * i + 1]!).toString(16));
  // The longest run of zero groups becomes `::` (enough for `::`, `::1` and ordinary addresses).
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best.len) best = { at: i, len: j - i };
    i = j === i ? i + 1 : j;
  }
  if (best.len < 2) return groups.join(':');
  return `${groups.slice(0, best.at).join(':')}::${groups.slice(best.at + best.len).join(':')}`;
}

/** Whether a connection to 127.0.0.1 reaches a socket listening on this address. */
export function reachableFromIpv4Loopback(address: string): boolean {
  return address === '0.0.0.0' || address === '127.0.0.1' || address === '::' || address === '::ffff:127.0.0.1' || address === '::ffff:0.0.0.0';
}

/** The socket inodes a process holds open (empty when it is gone or not ours to read). */
export function socketInodes(pid: number): Set<number> {
  const inodes = new Set<number>();
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return inodes;
  }
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(Number(m[1]));
    } catch {
      // closed meanwhile
    }
  }
  return inodes;
}

/** Every process (that we may look into) holding one of these socket inodes. */
export function ownersOf(inodes: ReadonlySet<number>, pids: readonly number[] = allPids()): number[] {
  if (inodes.size === 0) return [];
  return pids.filter((pid) => [...socketInodes(pid)].some((i) => inodes.has(i)));
}

/**
 * `pid` and its descendants, from the kernel's per-thread child lists (/proc/PID/task/TID/children)
 * rather than a walk of every process's stat; null where the kernel keeps no such list.
 */
export function descendantsOf(pid: number): number[] | null {
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const at = queue.pop()!;
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${at}/task`);
    } catch {
      continue; // gone meanwhile
    }
    found.push(at);
    for (const tid of tasks) {
      let list: string;
      try {
        list = readFileSync(`/proc/${at}/task/${tid}/children`, 'latin1');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT' && existsSync(`/proc/${at}/task/${tid}`)) return null;
        continue;
      }
      for (const child of list.split(' ')) if (child.trim() !== '') queue.push(Number(child));
    }
  }
  return found;
}

export function allPids(): number[] {
  try {
    return readdirSync('/proc')
      .filter((n) => /^\d+$/.test(n))
      .map(Number);
  } catch {
    return [];
  }
}

/**
 * Whether the kernel's socket tables can be read (Linux). Elsewhere (macOS) the harness falls back
 * to what it can see without /proc: readiness by connecting, the process group for the stop.
 * CONFORMANCE_NO_PROC=1 forces the fallback (its test runs on Linux).
 */
export const PROC_NET = existsSync('/proc/net/tcp') && !process.env.CONFORMANCE_NO_PROC;
