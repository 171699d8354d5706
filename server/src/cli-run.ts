// The server's command line, runnable with a hook: parse the flags (one error line, exit 2),
// start the server, print one `listening on http://HOST:PORT` line once it accepts connections,
// and shut down gracefully on SIGTERM/SIGINT. server/src/cli.ts runs it as is;
// server/variants/cli.ts runs it with a hook that composes a variant from the same options.

import { parseArgs, usage } from './cli-flags.ts';
import { startServer } from './server.ts';
import type { RunningServer, ServerOptions } from './server.ts';

const EXIT_USAGE = 2;
const EXIT_FAILURE = 1;

function fail(message: string, code: number): never {
  process.stderr.write(`error: ${message}\n`);
  process.exit(code);
}

export type CliHooks = {
  /** Extra usage text, after the server's own. */
  usage?: string;
  /** The options the server starts with, from those the flags gave. */
  compose?: (options: ServerOptions) => ServerOptions;
  /** A line printed after the listening line. */
  banner?: string;
};

export async function runCli(argv: readonly string[], hooks: CliHooks = {}): Promise<void> {
  const parsed = parseArgs(argv);
  if (!parsed.ok) fail(parsed.error, EXIT_USAGE);
  const options = parsed.options;
  if (options.help) {
    process.stdout.write(`${usage()}\n${hooks.usage ?? ''}`);
    return;
  }

  const base: ServerOptions = {
    host: options.host,
    port: options.port,
    root: options.root!,
    timeouts: options.timeouts,
    lenient: options.lenient,
    ...(options.maxConnections === undefined ? {} : { maxConnections: options.maxConnections }),
    limits: options.limits,
    ...(options.maxPipelined === undefined ? {} : { maxPipelined: options.maxPipelined }),
    ...(options.discardBodyBytes === undefined ? {} : { discardBodyBytes: options.discardBodyBytes }),
  };
  let running: RunningServer;
  try {
    running = await startServer(hooks.compose ? hooks.compose(base) : base);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT' || e.code === 'ENOTDIR' || e.message?.startsWith('not a directory')) {
      fail(`--root is not a directory: ${options.root}`, EXIT_USAGE);
    }
    if (e.code === 'EACCES' && e.syscall !== 'listen') fail(`--root cannot be read: ${options.root}`, EXIT_USAGE);
    fail(`cannot listen on ${options.host}:${options.port}: ${e.code ?? e.message}`, EXIT_FAILURE);
  }

  process.stdout.write(`listening on ${running.address}\n`);
  if (hooks.banner !== undefined) process.stdout.write(`${hooks.banner}\n`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    running.close().then(
      () => process.exit(0),
      () => process.exit(EXIT_FAILURE),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** For a caller's own setup errors: one line, exit status 2. */
export function usageError(message: string): never {
  fail(message, EXIT_USAGE);
}

export function runFailed(err: unknown): never {
  fail(err instanceof Error ? err.message : String(err), EXIT_FAILURE);
}
