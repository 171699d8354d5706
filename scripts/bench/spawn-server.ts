// Starts one benchmark server in a process of its own (node itself, no npm or npx in between, so
// the PID we watch is the server's) and waits for its `listening on` line. By default each runs
// from an esbuild bundle, as `npm run serve` runs the reference server; `tsx` mode runs the
// TypeScript entries under the tsx loader instead.

import { execa, type ResultPromise } from 'execa';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SERVER_KINDS = ['reference', 'node:http'] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

export type BenchServer = {
  kind: ServerKind;
  pid: number;
  port: number;
  /** SIGTERM, then SIGKILL if the process is still there after a grace period. */
  stop(): Promise<void>;
};

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');
const ESBUILD = path.join(REPO, 'node_modules/.bin/esbuild');
const ENTRY: Record<ServerKind, string> = {
  reference: path.join(REPO, 'server/src/cli.ts'),
  'node:http': path.join(HERE, 'servers/node-http.ts'),
};
/** Where `npm run build` puts the bundle that `npm run serve` runs. */
const REFERENCE_BUNDLE = path.join(REPO, 'server/dist/cli.mjs');
// A body sent to a static path is read to its end and dropped rather than answered early with
// the connection closed (the 1 GiB upload scenario); node:http's yardstick does the same.
const DISCARD_BODY_BYTES = 4 * 1024 ** 3;

function serverArgs(kind: ServerKind, root: string): string[] {
  return kind === 'reference' ? ['--port', '0', '--root', root, '--discard-body-bytes', String(DISCARD_BODY_BYTES)] : [root];
}
const START_TIMEOUT_MS = 20_000;
const STOP_GRACE_MS = 10_000;

export class BenchError extends Error {
  override name = 'BenchError';
}

async function run(file: string, args: string[], what: string): Promise<void> {
  const r = await execa(file, args, { cwd: REPO, reject: false });
  if (!r.failed) return;
  const why = r.stderr.split('\n').find((l) => l.trim() !== '' && !l.startsWith('npm warn')) ?? r.shortMessage ?? '';
  throw new BenchError(`${what} failed: ${why.trim()}`);
}

/**
 * One plain JavaScript file per server, run without the tsx loader (whose module-hooks thread
 * alone holds some 30 MB of RSS): the reference server's is the one `npm run build` makes for
 * `npm run serve`; node:http's goes to `dir`.
 */
export async function bundleServers(dir: string): Promise<Record<ServerKind, string>> {
  if (!existsSync(ESBUILD)) throw new BenchError(`esbuild is missing (${ESBUILD}): run npm install`);
  await run('npm', ['run', '--silent', 'build'], 'npm run build');
  const nodeHttp = path.join(dir, 'node-http.mjs');
  await run(ESBUILD, [ENTRY['node:http'], '--bundle', '--platform=node', '--format=esm', `--outfile=${nodeHttp}`, '--log-level=error'], 'esbuild');
  return { reference: REFERENCE_BUNDLE, 'node:http': nodeHttp };
}

/**
 * `nodeArgs` go before the script (e.g. `--cpu-prof`); `bundled` is a file from bundleServers(),
 * null to run the TypeScript entry under tsx.
 */
export function startBenchServer(kind: ServerKind, root: string, nodeArgs: string[] = [], bundled: string | null = null): Promise<BenchServer> {
  const script = bundled === null ? ['--import', 'tsx', ENTRY[kind]] : [bundled];
  const child = execa(process.execPath, [...nodeArgs, ...script, ...serverArgs(kind, root)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    buffer: false,
    reject: false,
    // stopChild gives the server its grace, then kills it itself.
    forceKillAfterDelay: false,
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-2000);
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new BenchError(`${kind} server did not print its listening line within ${START_TIMEOUT_MS} ms`));
    }, START_TIMEOUT_MS);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new BenchError(`${kind} server exited early (status ${code}): ${stderr.trim().split('\n').pop() ?? ''}`));
    });
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on http:\/\/[^:]+:(\d+)/.exec(out);
      if (m === null) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.stdout!.removeAllListeners('data');
      child.stdout!.resume();
      resolve({ kind, pid: child.pid!, port: Number(m[1]), stop: () => stopChild(child) });
    });
  });
}

function stopChild(child: ResultPromise): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
