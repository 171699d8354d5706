// A reference server in a child process, for tests that must watch it from outside: a crash is
// an exit instead of a dead test worker, and its memory and file descriptors are its own.
// Started as `node --expose-gc BUNDLE OPTIONS_JSON` (a bundle of this file); prints the
// `listening on` line, answers `stats` on stdin with one JSON line, exits 0 on SIGTERM.

import { readdirSync } from 'node:fs';
import readline from 'node:readline';

import { startServer } from '../../src/server.ts';
import type { ServerOptions } from '../../src/server.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as ServerOptions;
const running = await startServer(options);
process.stdout.write(`listening on ${running.address}\n`);

const gc = (globalThis as { gc?: () => void }).gc;
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() !== 'stats') return;
  gc?.();
  const mem = process.memoryUsage();
  const fds = readdirSync('/proc/self/fd').length;
  process.stdout.write(`stats ${JSON.stringify({ heapUsed: mem.heapUsed, rss: mem.rss, external: mem.external, fds, connections: running.connectionCount() })}\n`);
});

process.on('SIGTERM', () => {
  void running.close().then(() => process.exit(0));
});
