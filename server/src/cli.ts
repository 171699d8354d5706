// `npm run serve -- --port 8080 --root DIR`: starts the reference server, prints one
// `listening on http://HOST:PORT` line once it accepts connections, and shuts down gracefully on
// SIGTERM/SIGINT. Bad flags get one error line and exit status 2.

import { parseArgs, usage } from './cli-flags.ts';
import { startServer } from './server.ts';

const EXIT_USAGE = 2;
const EXIT_FAILURE = 1;

function fail(message: string, code: number): never {
  process.stderr.write(`error: ${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  const parsed = parseArgs(process.argv.slice(2));
  if (!parsed.ok) fail(parsed.error, EXIT_USAGE);
  const options = parsed.options;
  if (options.help) {
    process.stdout.write(`${usage()}\n`);
    return;
  }

  let running;
  try {
    running = await startServer({
      host: options.host,
      port: options.port,
      root: options.root!,
      timeouts: options.timeouts,
      lenient: options.lenient,
      ...(options.maxConnections === undefined ? {} : { maxConnections: options.maxConnections }),
      limits: options.limits,
      ...(options.maxPipelined === undefined ? {} : { maxPipelined: options.maxPipelined }),
      ...(options.discardBodyBytes === undefined ? {} : { discardBodyBytes: options.discardBodyBytes }),
      quirks: new Set(options.quirks ?? []),
    });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT' || e.code === 'ENOTDIR' || e.message?.startsWith('not a directory')) {
      fail(`--root is not a directory: ${options.root}`, EXIT_USAGE);
    }
    if (e.code === 'EACCES' && e.syscall !== 'listen') fail(`--root cannot be read: ${options.root}`, EXIT_USAGE);
    fail(`cannot listen on ${options.host}:${options.port}: ${e.code ?? e.message}`, EXIT_FAILURE);
  }

  process.stdout.write(`listening on ${running.address}\n`);
  if (options.quirks) process.stdout.write(`deliberately broken (quirks): ${options.quirks.join(', ')}\n`);

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

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err), EXIT_FAILURE));
