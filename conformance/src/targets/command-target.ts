import { execa, type ResultPromise } from 'execa';
import { ServerStartError } from '../errors.ts';
import { freePort } from './free-port.ts';
import { OutputTail } from './output-tail.ts';
import type { CrashInfo, Target } from './target.ts';
import { waitUntilAccepting } from './wait-ready.ts';

export type CommandTargetOptions = {
  /** The command line, with `{port}` and `{docroot}` placeholders. */
  command: string;
  docroot: string;
  kind?: 'reference' | 'command';
  /** How long a server may take to accept its first connection. */
  readyTimeoutMs?: number;
  /** Flags that reproduce this target in a one-line command. */
  reproduceFlags?: string;
};

const HOST = '127.0.0.1';

/** `--server CMD`: start a server, wait until it accepts connections, restart it when it dies. */
export async function commandTarget(options: CommandTargetOptions): Promise<Target> {
  const port = await freePort();
  const shellCommand = options.command.replaceAll('{port}', String(port)).replaceAll('{docroot}', shellQuote(options.docroot));
  const tail = new OutputTail();
  const readyTimeoutMs = options.readyTimeoutMs ?? 15_000;
  let child: ResultPromise | null = null;
  // Held in an object: the exit handler sets it from a callback, which narrowing cannot see.
  type Exit = { code: number | null; signal: string | null };
  const state: { exit: Exit | null } = { exit: null };
  let signalExit: () => void = () => {};
  let exitSeen = new Promise<void>((resolve) => (signalExit = resolve));
  let stopping = false;

  async function start(): Promise<void> {
    state.exit = null;
    exitSeen = new Promise<void>((resolve) => (signalExit = resolve));
    tail.clear();
    // A process group of its own, so that stopping a shell also stops the server it started.
    const proc = execa(shellCommand, { shell: true, detached: true, reject: false, buffer: false, stdin: 'ignore', all: true });
    child = proc;
    proc.all?.on('data', (chunk: Buffer) => tail.push(chunk));
    proc.on('exit', (code, signal) => {
      state.exit = { code, signal };
      signalExit();
    });
    proc.on('error', () => {
      state.exit ??= { code: null, signal: null };
      signalExit();
    });
    const failure = await waitUntilAccepting(HOST, port, readyTimeoutMs, () => state.exit !== null);
    if (failure) {
      await killGroup(proc);
      const exited = state.exit as Exit | null;
      const why = exited
        ? `exited early (${describeExit(exited.code, exited.signal)})`
        : `did not accept connections on port ${port} within ${readyTimeoutMs} ms`;
      const out = tail.text(5).replaceAll('\n', ' | ');
      throw new ServerStartError(`--server "${options.command}": ${why}${out ? `; last output: ${out}` : '; it printed nothing'}`);
    }
  }

  await start();
  return {
    kind: options.kind ?? 'command',
    host: HOST,
    port,
    address: `${HOST}:${port}`,
    command: options.command,
    reproduceFlags: options.reproduceFlags ?? `--server ${shellQuote(options.command)}`,
    async checkCrashed(waitMs = 0): Promise<CrashInfo | null> {
      if (state.exit === null && waitMs > 0 && !stopping) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([exitSeen, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
        clearTimeout(timer);
      }
      const exited = state.exit as Exit | null;
      if (stopping || exited === null) return null;
      const crash: CrashInfo = { exitCode: exited.code, signal: exited.signal, outputTail: tail.text(10) };
      await start();
      return crash;
    },
    async stop(): Promise<void> {
      stopping = true;
      if (child) await killGroup(child);
    },
  };
}

async function killGroup(proc: ResultPromise): Promise<void> {
  if (proc.pid === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
  const pid = proc.pid;
  const signalGroup = (sig: NodeJS.Signals): void => {
    try {
      process.kill(-pid, sig);
    } catch {
      // already gone
    }
  };
  signalGroup('SIGTERM');
  const exited = await Promise.race([proc.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 3000))]);
  if (!exited) {
    signalGroup('SIGKILL');
    await proc;
  }
}

export function describeExit(code: number | null, signal: string | null): string {
  return signal ? `killed by ${signal}` : `exit code ${code ?? 'unknown'}`;
}

export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`;
}
