// A server that does not start is reported in one line that says what happened, found without
// connecting to it: which port it listens on instead, an IPv6-only bind, its exit status with
// signals by name. Servers that only fail because of how they were started (stderr a socket, a
// relative path) start.

import { readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { commandTarget } from '../../src/targets/command-target.ts';
import { freePort } from '../../src/targets/free-port.ts';
import type { Target } from '../../src/targets/target.ts';
import { tryConnect } from '../../src/targets/wait-ready.ts';
import { scratchDir } from '../support/cli.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SERVERS = path.resolve(HERE, '../servers');
const DOCROOT = path.resolve(HERE, '../../../cases/fixtures/docroot');

const started: Target[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((t) => t.stop()));
});

async function start(command: string, readyTimeoutMs = 5000, cwd?: string): Promise<Target> {
  const t = await commandTarget({ command, docroot: DOCROOT, readyTimeoutMs, ...(cwd ? { cwd } : {}) });
  started.push(t);
  return t;
}

async function startError(command: string, readyTimeoutMs = 5000): Promise<string> {
  const e: unknown = await start(command, readyTimeoutMs).then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(Error);
  const message = (e as Error).message;
  expect(message).not.toContain('\n');
  return message;
}

describe('start failures say what happened', () => {
  it('a port hard-coded in the command: never listened on {port}, listens on the other one, printed it', async () => {
    const hardcoded = await freePort();
    const message = await startError(`python3 ${SERVERS}/hardcoded-port.py ${hardcoded} {docroot}`, 1500);
    expect(message).toMatch(new RegExp(`never listened on port \\d+ within 1500 ms \\(--ready-timeout\\); it listens on 127\\.0\\.0\\.1:${hardcoded} instead .*it printed port ${hardcoded}`));
    // The server it started is gone with the failure.
    expect(await tryConnect('127.0.0.1', hardcoded, 500)).toBe('ECONNREFUSED');
  });

  it('a server bound to ::1 only: listens on {port} where 127.0.0.1 does not reach', async () => {
    const message = await startError(`python3 ${SERVERS}/ipv6-only.py {port} {docroot}`);
    expect(message).toMatch(/listens on port (\d+) only on \[::1\]:\1 \(IPv6 loopback\), which a connection to 127\.0\.0\.1 does not reach/);
  });

  it('an early exit names its status and the output', async () => {
    const message = await startError(`python3 ${SERVERS}/exits-early.py {port} {docroot}`);
    expect(message).toMatch(/: exited early \(exit code 3\) before listening on port \d+; last output: ModuleNotFoundError: No module named 'flask'$/);
  });

  it('a death by SIGPIPE is named, also when a shell reports it as 141', async () => {
    expect(await startError(`sh -c 'kill -PIPE $$'; exit $?`)).toMatch(/exited early \(killed by SIGPIPE: exit code 141 from the shell\) before listening/);
    expect(await startError(`exec python3 -c 'import os, signal; os.kill(os.getpid(), signal.SIGSEGV)'`)).toMatch(/exited early \(killed by SIGSEGV\) before listening/);
  });

  it('a server that binds, then dies, did not start (it is not scored as errors)', async () => {
    // It dies at once: a server that lived 100 ms was, on a loaded machine, still up when the
    // harness looked again 150 ms later (it then counts as started, and its death as a crash).
    const message = await startError(`python3 -c 'import socket, sys; s = socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(); sys.exit("cannot open log")' {port}`);
    // Seen listening first, or dead before the next look at /proc.
    expect(message).toMatch(/(listened on port \d+, then stopped|exited early) \(exit code 1\)( before listening on port \d+)?; last output: cannot open log$/);
  });
});

describe('servers that start', () => {
  it('opens /dev/stderr (the stock nginx, Apache, lighttpd configs): its output goes to a real file', async () => {
    const t = await start(`python3 ${SERVERS}/opens-dev-stderr.py {port} {docroot}`);
    expect(await tryConnect(t.host, t.port, 1000)).toBeNull();
  });

  it('dies on an empty connection: readiness never connects, so it is still up', async () => {
    const t = await start(`python3 ${SERVERS}/dies-on-empty-connection.py {port} {docroot}`);
    expect(await t.checkCrashed(200)).toBeNull();
  });

  it('a relative path runs in the directory npm was started from', async () => {
    const t = await start(`python3 servers/opens-dev-stderr.py {port} {docroot}`, 5000, path.resolve(HERE, '..'));
    expect(await tryConnect(t.host, t.port, 1000)).toBeNull();
  });
});

describe('a port another program took first', () => {
  /**
   * A command that writes the port it was given to a file (the first time only), waits, and only
   * then binds it without SO_REUSEADDR: the moment in which the port can go to someone else.
   */
  async function slowBinder(): Promise<{ command: string; given: Promise<number> }> {
    const dir = await scratchDir('conformance-port-race-');
    const portFile = path.join(dir, 'port');
    const bind = `import socket, sys, time\ns = socket.socket()\ns.bind(("127.0.0.1", int(sys.argv[1])))\ns.listen()\ntime.sleep(30)`;
    const command = `test -e ${portFile} || echo {port} > ${portFile}; sleep 0.5; exec python3 -c '${bind}' {port}`;
    const given = (async () => {
      for (;;) {
        const text = await readFile(portFile, 'utf8').catch(() => '');
        if (text.trim() !== '') return Number(text.trim());
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    return { command, given };
  }

  /** The slow binder started while `take` takes the port it was given: it must come up on another. */
  async function expectAnotherPort(take: (port: number) => Promise<() => void>): Promise<void> {
    const { command, given } = await slowBinder();
    const taking = given.then(take);
    try {
      const t = await start(command);
      expect(t.port).not.toBe(await given);
      expect(await tryConnect('127.0.0.1', t.port, 1000)).toBeNull();
    } finally {
      (await taking)();
    }
  }

  it('a listener took it: the harness trouble, the server is started again on a fresh port, nothing reported against it', async () => {
    await expectAnotherPort(async (port) => {
      const other = net.createServer();
      await new Promise<void>((resolve) => other.listen(port, '127.0.0.1', resolve));
      return () => other.close();
    });
  });

  it('a connection took it as its own port (an outgoing connect picks from the same range): the same', async () => {
    const peer = net.createServer((s) => s.resume());
    await new Promise<void>((r) => peer.listen(0, '127.0.0.1', r));
    try {
      await expectAnotherPort(async (port) => {
        const client = net.connect({ host: '127.0.0.1', port: (peer.address() as net.AddressInfo).port, localAddress: '127.0.0.1', localPort: port });
        await new Promise<void>((resolve, reject) => {
          client.once('connect', resolve);
          client.once('error', reject);
        });
        return () => client.destroy();
      });
    } finally {
      peer.close();
    }
  });
});
