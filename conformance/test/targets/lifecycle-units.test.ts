// The small pieces of a started server's life cycle: reading /proc/net/tcp{,6}, naming how a
// process ended, spotting a hard-coded port in a server's output, the directory commands run in,
// and telling a second Ctrl-C from npm's echo of the first.

import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { handleInterrupts, interruptExitCode, type Interrupts } from '../../src/cli/interrupts.ts';
import { printedPortsText, serverCwd } from '../../src/targets/command-target.ts';
import { describeExit } from '../../src/targets/exit-status.ts';
import { descendantsOf, listeningSockets, ownersOf, parseTable, PROC_NET, reachableFromIpv4Loopback } from '../../src/targets/proc-net.ts';
import { commandLine, PROC_READS, ProcessFamily } from '../../src/targets/process-tree.ts';
import { adoptOwners } from '../../src/targets/wait-ready.ts';
import { scratchDir } from '../support/cli.ts';
import { harnessNodeArgs } from '../support/harness-process.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('/proc/net/tcp and tcp6', () => {
  it('decodes addresses, ports, states and inodes', () => {
    const v4 = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0000000000000000 100 0 0 10 0
   1: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 17 1 0000000000000000 100 0 0 10 0
   2: 0100007F:1F90 0100007F:D431 06 00000000:00000000 03:00000E6A 00000000     0        0 0 3 0000000000000000`;
    expect(parseTable(v4, 4).map((s) => [s.address, s.port, s.state, s.inode])).toEqual([
      ['127.0.0.1', 8080, '0A', 4242],
      ['0.0.0.0', 80, '0A', 17],
      ['127.0.0.1', 8080, '06', 0],
    ]);
    const v6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000001000000:5BA0 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 99 1 0000000000000000 100 0 0 10 0
   1: 00000000000000000000000000000000:0050 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 98 1 0000000000000000 100 0 0 10 0
   2: 0000000000000000FFFF00000100007F:0050 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 97 1 0000000000000000 100 0 0 10 0`;
    expect(parseTable(v6, 6).map((s) => [s.address, s.port])).toEqual([
      ['::1', 23456],
      ['::', 80],
      ['::ffff:127.0.0.1', 80],
    ]);
    expect(['0.0.0.0', '127.0.0.1', '::', '::ffff:127.0.0.1'].every(reachableFromIpv4Loopback)).toBe(true);
    expect(['::1', '10.0.0.5'].some(reachableFromIpv4Loopback)).toBe(false);
  });

  it('finds a socket this process listens on, and this process as its owner', async () => {
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    try {
      const port = (srv.address() as net.AddressInfo).port;
      const mine = listeningSockets().filter((s) => s.port === port);
      expect(mine.map((s) => s.address)).toEqual(['127.0.0.1']);
      expect(ownersOf(new Set(mine.map((s) => s.inode)))).toContain(process.pid);
    } finally {
      srv.close();
    }
  });
});

describe.runIf(PROC_NET)('whose listener is on the port', () => {
  it("a listener that was running before the command started is another program's, not the server", async () => {
    // The test process listens first (as another test's server could, on the port the OS hands
    // out again a moment after it was picked); then the command starts.
    const other = net.createServer();
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    const port = (other.address() as net.AddressInfo).port;
    const child = execa('sleep', ['5'], { reject: false });
    try {
      const family = new ProcessFamily(child.pid!, 'no-such-token');
      const sockets = listeningSockets().filter((s) => s.port === port);
      expect(sockets.length).toBeGreaterThan(0);
      expect(adoptOwners(family, sockets)).toBe('foreign');
      // Neither adopted nor remembered: stopping the server will not signal the other program.
      expect(family.scan()).not.toContain(process.pid);
      for (const s of sockets) expect(family.knowsSocket(s.inode)).toBe(false);
    } finally {
      child.kill('SIGKILL');
      await child;
      other.close();
    }
  });

  it("a listener of a process the command started is the server's, found outside the tree too", async () => {
    const root = execa('sleep', ['5'], { reject: false });
    // Started after the root, outside its tree and without its token: a daemon that wiped its environment.
    const daemon = execa('python3', ['-c', 'import socket, time\ns = socket.socket()\ns.bind(("127.0.0.1", 0))\ns.listen()\nprint(s.getsockname()[1], flush=True)\ntime.sleep(5)'], { reject: false, buffer: false });
    try {
      const port = await new Promise<number>((resolve) => daemon.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
      const family = new ProcessFamily(root.pid!, 'no-such-token');
      const sockets = listeningSockets().filter((s) => s.port === port);
      expect(adoptOwners(family, sockets)).toEqual([daemon.pid]);
      for (const s of sockets) expect(family.knowsSocket(s.inode)).toBe(true);
    } finally {
      root.kill('SIGKILL');
      daemon.kill('SIGKILL');
      await Promise.all([root, daemon]);
    }
  });
});

describe.runIf(PROC_NET)('the started tree, from the kernel\'s child lists', () => {
  it('is the process and every descendant, children of children too; nothing for a pid that is gone', async () => {
    const root = execa('sh', ['-c', 'sleep 5 & (sleep 5 & wait) & wait'], { reject: false });
    try {
      // sh, its first sleep, the subshell and the subshell's sleep (once both have exec'd sleep).
      const sleeps = (): number => (descendantsOf(root.pid!) ?? []).filter((pid) => /^sleep\b/.test(commandLine(pid))).length;
      await expect.poll(sleeps, { timeout: 5000, interval: 10 }).toBe(2);
      const tree = descendantsOf(root.pid!)!;
      expect(tree[0]).toBe(root.pid);
      expect(tree).toHaveLength(4);
    } finally {
      root.kill('SIGKILL');
      await root;
    }
    expect(descendantsOf(root.pid!)).toEqual([]);
  });
});

describe.runIf(PROC_NET)('watching started servers', () => {
  it('every watched family is brought up to date by one look at /proc a second, not one each', async () => {
    const roots = [0, 1].map(() => execa('sh', ['-c', 'sleep 30 & wait'], { reject: false }));
    const families = roots.map((r) => new ProcessFamily(r.pid!, 'no-such-token'));
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      // Each shell has forked its sleep, which its family has not seen yet.
      const sleepOf = (r: (typeof roots)[number]): number | undefined => (descendantsOf(r.pid!) ?? []).find((pid) => /^sleep\b/.test(commandLine(pid)));
      await expect.poll(() => roots.every((r) => sleepOf(r) !== undefined), { timeout: 5000, interval: 10 }).toBe(true);
      for (const f of families) f.watch();
      const before = PROC_READS.count;
      vi.advanceTimersByTime(1000);
      expect(PROC_READS.count - before).toBe(1);
      roots.forEach((r, i) => expect(families[i]!.alive()).toContain(sleepOf(r)));
      // Once none is watched, nothing looks any more.
      for (const f of families) f.unwatch();
      vi.advanceTimersByTime(3000);
      expect(PROC_READS.count - before).toBe(1);
    } finally {
      vi.useRealTimers();
      for (const f of families) f.signal('SIGKILL');
      await Promise.all(roots);
    }
  });
});

describe('how a process ended, in words', () => {
  it('names signals, also a shell 128+N', () => {
    expect(describeExit(3, null)).toBe('exit code 3');
    expect(describeExit(null, 'SIGPIPE')).toBe('killed by SIGPIPE');
    expect(describeExit(141, null)).toBe('killed by SIGPIPE: exit code 141 from the shell');
    expect(describeExit(137, null)).toBe('killed by SIGKILL: exit code 137 from the shell');
  });

  it('quotes the ports a server printed', () => {
    expect(printedPortsText('Serving HTTP on 0.0.0.0 port 8000 (http://0.0.0.0:8000/) ...', 41000)).toBe('; it printed port 8000');
    expect(printedPortsText('listening on 41000', 41000)).toBe('');
    expect(printedPortsText('started on port 41000', 41000)).toBe('; it printed port 41000 but did not listen on it');
  });
});

describe('where --server commands run', () => {
  it("npm's INIT_CWD (the directory `npm run` was typed in), else the current directory", () => {
    expect(serverCwd({ INIT_CWD: '/home/student/project' })).toBe('/home/student/project');
    expect(serverCwd({})).toBe(process.cwd());
  });

  it('a relative path in --server resolves where npm was started', { timeout: 30_000 }, async () => {
    const out = await scratchDir('conformance-init-cwd-');
    const r = await execa('npm', ['run', '--silent', 'conformance', '--', '--server', 'python3 servers/opens-dev-stderr.py {port} {docroot}', '--id', 'rl-get-origin-form', '--out', out, '--capabilities', 'keep-alive'], {
      cwd: path.join(REPO, 'conformance/test'),
      reject: false,
      env: { NO_COLOR: '1' },
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^1 cases, 1 passed/m);
  });
});

describe('without /proc (macOS)', () => {
  it('readiness falls back to connecting, the stop to the process group', { timeout: 30_000 }, async () => {
    const out = await scratchDir('conformance-no-proc-');
    const server = `python3 ${path.join(REPO, 'conformance/test/servers/opens-dev-stderr.py')} {port} {docroot}`;
    const r = await execa(process.execPath, [...(await harnessNodeArgs()), '--server', server, '--id', 'rl-get-origin-form', '--out', out, '--capabilities', 'keep-alive'], {
      cwd: REPO,
      reject: false,
      env: { NO_COLOR: '1', CONFORMANCE_NO_PROC: '1' },
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^1 cases, 1 passed/m);
    const port = Number(/ at 127\.0\.0\.1:(\d+) /.exec(r.stdout)![1]);
    expect(listeningSockets().some((s) => s.port === port)).toBe(false);
  });
});

describe('signals', () => {
  let interrupts: Interrupts | undefined;
  afterEach(() => interrupts?.dispose());

  it('the first aborts the run; npm echoing it is ignored; a later second one exits at once', () => {
    const said: string[] = [];
    const exits: number[] = [];
    let clock = 1000;
    interrupts = handleInterrupts(
      (line) => said.push(line),
      (code) => {
        exits.push(code);
        return undefined as never;
      },
      () => clock,
    );
    process.emit('SIGINT', 'SIGINT');
    expect(interrupts.signal.aborted).toBe(true);
    expect(interrupts.signal.reason).toBe('SIGINT');
    process.emit('SIGINT', 'SIGINT');
    expect(exits).toEqual([]);
    clock += 600;
    process.emit('SIGINT', 'SIGINT');
    expect(exits).toEqual([130]);
    expect(said).toHaveLength(2);
    expect(interruptExitCode('SIGTERM')).toBe(143);
    expect(interruptExitCode('SIGHUP')).toBe(129);
  });
});
