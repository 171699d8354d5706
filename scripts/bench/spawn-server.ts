// Starts one benchmark server in a process of its own (node with the tsx loader, no npx in
// between, so the PID we watch is the server's) and waits for its `listening on` line.

import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
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
const ESBUILD = path.resolve(HERE, '../../node_modules/.bin/esbuild');
const ENTRY: Record<ServerKind, string> = {
  reference: path.join(HERE, 'servers/reference.ts'),
  'node:http': path.join(HERE, 'servers/node-http.ts'),
};
const START_TIMEOUT_MS = 20_000;
const STOP_GRACE_MS = 10_000;

export class BenchError extends Error {
  override name = 'BenchError';
}

/**
 * Bundles a server entry into one plain JavaScript file in `dir` (esbuild comes with tsx), so it
 * runs without the tsx loader, whose module-hooks thread alone holds some 35 MB of RSS.
 */
export function bundleServer(kind: ServerKind, dir: string): Promise<string> {
  if (!existsSync(ESBUILD)) return Promise.reject(new BenchError(`--bundle needs esbuild, which tsx installs: ${ESBUILD} is missing`));
  const out = path.join(dir, `${kind === 'reference' ? 'reference' : 'node-http'}.mjs`);
  const args = [ENTRY[kind], '--bundle', '--platform=node', '--format=esm', `--outfile=${out}`, '--log-level=error'];
  return new Promise((resolve, reject) => {
    execFile(ESBUILD, args, (err, _stdout, stderr) => {
      if (err) reject(new BenchError(`esbuild failed: ${(stderr || err.message).trim().split('\n')[0]}`));
      else resolve(out);
    });
  });
}

/**
 * `nodeArgs` go before the script (e.g. `--cpu-prof`); `bundled` is a file from bundleServer(),
 * run with plain node instead of the TypeScript entry under tsx.
 */
export function startBenchServer(kind: ServerKind, root: string, nodeArgs: string[] = [], bundled: string | null = null): Promise<BenchServer> {
  const script = bundled === null ? ['--import', 'tsx', ENTRY[kind]] : [bundled];
  const child = spawn(process.execPath, [...nodeArgs, ...script, root], {
    stdio: ['ignore', 'pipe', 'pipe'],
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

function stopChild(child: ChildProcess): Promise<void> {
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
