import { execa } from 'execa';
import { randomUUID } from 'node:crypto';
import { ServerStartError } from '../errors.ts';
import { throughPollPhase } from '../event-loop.ts';
import { describeExit } from './exit-status.ts';
import { freePort } from './free-port.ts';
import { OutputFile } from './output-file.ts';
import { portInUse, PROC_NET, reachableListenersOn, type TcpSocket } from './proc-net.ts';
import { ProcessFamily, TOKEN_VARIABLE } from './process-tree.ts';
import { register } from './started-servers.ts';
import { stopFamily } from './stop-tree.ts';
import type { CrashInfo, Target } from './target.ts';
import { waitUntilListening } from './wait-ready.ts';

export { describeExit } from './exit-status.ts';

export type CommandTargetOptions = {
  /** The command line, with `{port}` and `{docroot}` placeholders. */
  command: string;
  docroot: string;
  kind?: 'reference' | 'command';
  /** How long a server may take to listen on its port (`--ready-timeout`). */
  readyTimeoutMs?: number;
  /** Flags that reproduce this target in a one-line command. */
  reproduceFlags?: string;
  /** Where the command runs: by default the directory `npm run` was started from. */
  cwd?: string;
  /** How long a server gets between SIGTERM and SIGKILL. */
  stopGraceMs?: number;
  /** An interrupt: stop waiting for the server to listen. */
  signal?: AbortSignal;
};

const HOST = '127.0.0.1';
export const DEFAULT_READY_TIMEOUT_MS = 15_000;
/** Starts on a fresh port when another program took the picked one first. */
const PORT_ATTEMPTS = 3;
/** After the port listens, how long the server must stay up to count as started. */
const SETTLE_MS = 150;

type Exit = { code: number | null; signal: string | null };

/** The directory a `--server` command runs in: npm's INIT_CWD (where the user typed `npm run`). */
export function serverCwd(env: NodeJS.ProcessEnv = process.env): string {
  return env.INIT_CWD || process.cwd();
}

/**
 * `--server CMD`: start a server, wait until it listens on its port (seen in /proc, without
 * connecting), restart it when it dies, stop every process it became when done.
 */
export async function commandTarget(options: CommandTargetOptions): Promise<Target> {
  const server = new StartedServer(options);
  try {
    await server.start(await freePort());
  } catch (e) {
    // Nothing is left running after a failed start; this also removes the output file.
    await server.stop();
    throw e;
  }
  return server.target();
}

class StartedServer {
  private port = 0;
  private family: ProcessFamily | null = null;
  private exit: Exit | null = null;
  private exitSeen: Promise<void> = Promise.resolve();
  private stopped = false;
  /** The started command exited while its port kept listening: the server daemonized. */
  private leftTree = false;
  private unregister: (() => void) | null = null;
  private trimTimer: NodeJS.Timeout | undefined;
  private readonly output = new OutputFile();
  private readonly readyTimeoutMs: number;
  private readonly cwd: string;

  constructor(private readonly o: CommandTargetOptions) {
    this.readyTimeoutMs = o.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
    this.cwd = o.cwd ?? serverCwd();
  }

  target(): Target {
    const self = this;
    return {
      kind: this.o.kind ?? 'command',
      host: HOST,
      get port() {
        return self.port;
      },
      get address() {
        return `${HOST}:${self.port}`;
      },
      command: this.o.command,
      reproduceFlags: this.o.reproduceFlags ?? `--server ${shellQuote(this.o.command)}`,
      canRestart: true,
      checkCrashed: (waitMs) => this.checkCrashed(waitMs),
      restart: (reason) => this.restart(reason),
      stop: () => this.stop(),
    };
  }

  async start(port: number, attempt = 1): Promise<void> {
    // Stopped meanwhile (an interrupt during a restart): nothing may be started after the stop.
    if (this.stopped) throw this.startError('stopped before it could be started again');
    this.port = port;
    this.exit = null;
    this.leftTree = false;
    this.output.clear();
    const token = randomUUID();
    const command = this.o.command.replaceAll('{port}', String(port)).replaceAll('{docroot}', shellQuote(this.o.docroot));
    // A process group of its own, so a terminal's Ctrl-C reaches the harness alone: the harness
    // decides how its servers stop. Output goes to a file (see output-file.ts).
    // execa's own clean-up and rejection are off: the harness stops the whole process family
    // itself (stop-tree.ts) and reads the exit below. The output file is the child's stdout and
    // stderr themselves, not a pipe (execa's types take only literal descriptor numbers).
    const out = this.output.fd as 3;
    const child = execa('/bin/sh', ['-c', command], {
      cwd: this.cwd,
      detached: true,
      stdin: 'ignore',
      stdout: out,
      stderr: out,
      env: { [TOKEN_VARIABLE]: token },
      cleanup: false,
      reject: false,
    });
    let spawnError: Error | null = null;
    this.exitSeen = new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve();
      });
      child.once('error', (e) => {
        spawnError = e;
        this.exit ??= { code: null, signal: null };
        resolve();
      });
    });
    if (child.pid === undefined) {
      await this.exitSeen;
      throw this.startError(`cannot be started in ${this.cwd} (${(spawnError as Error | null)?.message ?? 'spawn failed'})`);
    }
    const family = new ProcessFamily(child.pid, token);
    this.family = family;
    this.unregister ??= register({
      stop: () => this.stop(),
      killNow: () => {
        this.family?.signal('SIGKILL');
        this.output.close();
      },
    });

    const ready = await waitUntilListening({ port, family, deadlineMs: this.readyTimeoutMs, rootExited: () => this.exit !== null, rootExitedCleanly: () => this.exit?.code === 0, ...(this.o.signal ? { signal: this.o.signal } : {}) });
    let failure: string | null = null;
    if (this.stopped) {
      failure = 'stopped while it was starting';
    } else if (ready.kind === 'aborted') {
      failure = `interrupted (${typeof this.o.signal?.reason === 'string' ? this.o.signal.reason : 'abort'}) before it listened on port ${port}`;
    } else if (ready.kind === 'exited') {
      await this.exitSeen;
      // Another program took the port between its pick and the server's bind: the harness's
      // trouble, so another port. A listener (the OS hands a just-freed port to the next
      // listen(0)) or a connection (an outgoing connect takes its port from the same range).
      if (attempt < PORT_ATTEMPTS && PROC_NET && portInUse(port)) {
        await this.stopTree();
        return this.start(await freePort(), attempt + 1);
      }
      failure = `exited early (${this.exitText()}) before listening on port ${port}`;
    } else if (ready.kind === 'unreachable') {
      failure = `listens on port ${port} only on ${ready.sockets.map(addressText).join(', ')}${ready.sockets.some((s) => s.address === '::1') ? ' (IPv6 loopback)' : ''}, which a connection to 127.0.0.1 does not reach: bind 127.0.0.1, 0.0.0.0 or ::`;
    } else if (ready.kind === 'timeout') {
      failure = `never listened on port ${port} within ${this.readyTimeoutMs} ms (--ready-timeout)${elsewhereText(ready.elsewhere)}${printedPortsText(this.output.text(50), port)}`;
    } else {
      // Listening is not enough: a server that binds and then dies on its log file did not start.
      await sleep(SETTLE_MS);
      if (PROC_NET ? !this.listening() : this.exit !== null) {
        if (this.exit === null) await Promise.race([this.exitSeen, sleep(200)]);
        failure = `listened on port ${port}, then stopped${this.exit ? ` (${this.exitText()})` : ''}`;
      }
    }
    if (failure !== null) {
      await this.stopTree();
      throw this.startError(failure);
    }
    family.watch();
    this.trimTimer ??= setInterval(() => this.output.trim(), 5000).unref();
  }

  private async checkCrashed(waitMs = 0): Promise<CrashInfo | null> {
    if (this.stopped) return null;
    if (this.exit === null && waitMs > 0) {
      await Promise.race([this.exitSeen, sleep(waitMs)]);
      // A starved loop runs the wait's expired timer before it reads an exit reported meanwhile.
      if (this.exit === null) await throughPollPhase();
    }
    if (this.exit === null) return null;
    // The command has exited; a server that daemonized (setsid, double fork) lives on as long as
    // its port listens. (A process's sockets are closed before its exit is reported, so one look
    // is enough: no polling.)
    if (this.family?.holdsKnownSocket() || this.listening()) {
      this.leftTree = true;
      return null;
    }
    if (this.stopped) return null;
    const exit = this.exit;
    const crash: CrashInfo = this.leftTree ? { exitCode: null, signal: null, outputTail: this.output.text(10) } : { exitCode: exit.code, signal: exit.signal, outputTail: this.output.text(10) };
    await this.restart('it crashed');
    return crash;
  }

  /**
   * Stops every process of the server, then starts it again on a fresh port: its old one may still
   * have connections in TIME_WAIT, which a server without SO_REUSEADDR cannot bind past.
   */
  async restart(reason: string): Promise<void> {
    if (this.stopped) return;
    await this.stopTree();
    if (this.stopped) return;
    try {
      await this.start(await freePort());
    } catch (e) {
      if (e instanceof ServerStartError) throw new ServerStartError(`could not start it again after ${reason}: ${e.message}`);
      throw e;
    }
  }

  async stop(): Promise<string | null> {
    if (this.stopped) return null;
    this.stopped = true;
    clearInterval(this.trimTimer);
    const leftover = await this.stopTree();
    this.unregister?.();
    this.output.close();
    return leftover;
  }

  /**
   * Whether the port still listens where 127.0.0.1 reaches it (asked once the server was seen
   * listening). IPv6 is looked at only for a server seen listening there: its table costs a walk
   * of the kernel's whole established hash, and a server that crashed listens nowhere.
   */
  private listening(): boolean {
    return reachableListenersOn(this.port, { ipv6: this.family?.knowsIpv6Socket() ?? true }).length > 0;
  }

  private async stopTree(): Promise<string | null> {
    if (this.family === null) return null;
    const family = this.family;
    family.unwatch();
    return stopFamily({ family, port: this.port, graceMs: this.o.stopGraceMs ?? 2000, rootExit: this.exitSeen });
  }

  private exitText(): string {
    return this.exit ? describeExit(this.exit.code, this.exit.signal) : 'still running';
  }

  private startError(why: string): ServerStartError {
    const out = this.output.text(5).replaceAll('\n', ' | ');
    return new ServerStartError(`--server "${this.o.command}": ${why}${out ? `; last output: ${out}` : '; it printed nothing'}`);
  }
}

function addressText(s: TcpSocket): string {
  return s.family === 6 ? `[${s.address}]:${s.port}` : `${s.address}:${s.port}`;
}

function elsewhereText(sockets: readonly TcpSocket[]): string {
  if (sockets.length === 0) return '; it listens on no port at all';
  return `; it listens on ${[...new Set(sockets.map(addressText))].join(', ')} instead (a hard-coded port? use {port})`;
}

/** Port numbers the server mentioned (`port 23456`, `:23456`), which hint at a hard-coded port. */
export function printedPortsText(output: string, port: number): string {
  const ports = new Set<number>();
  for (const m of output.matchAll(/(?:\bport\b\D{0,3}|:)(\d{2,5})\b/gi)) {
    const n = Number(m[1]);
    if (n > 0 && n < 65536) ports.add(n);
  }
  if (ports.size === 0) return '';
  const listed = [...ports].slice(0, 5).join(', ');
  return ports.has(port) && ports.size === 1 ? `; it printed port ${port} but did not listen on it` : `; it printed port${ports.size === 1 ? '' : 's'} ${listed}`;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`;
}
