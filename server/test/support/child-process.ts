// The parent side of child-server.ts: start it, ask for its stats, count its descriptors from
// /proc, stop it. Every wait is bounded.

import { execa, type ResultPromise } from 'execa';
import { readdirSync } from 'node:fs';

import { bundled } from '../../../conformance/src/targets/bundle.ts';
import { BUNDLED_ENTRIES } from '../../../conformance/test/support/bundled-entries.ts';
import type { ServerOptions } from '../../src/server.ts';

const ENTRY = BUNDLED_ENTRIES.childServer;

export type ChildStats = { heapUsed: number; rss: number; external: number; fds: number; connections: number };

export type ChildServer = {
  port: number;
  pid: number;
  child: ResultPromise;
  /** Everything it wrote to stderr so far (a crash leaves its stack here). */
  stderr(): string;
  /** Heap after a full GC, RSS and open descriptors, as the child sees them. */
  stats(timeoutMs?: number): Promise<ChildStats>;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<number | null>;
};

/** Descriptors the process holds open, counted from outside. */
export function openFds(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

export async function startChildServer(options: ServerOptions, timeoutMs = 20_000): Promise<ChildServer> {
  const child = execa(process.execPath, ['--expose-gc', await bundled(ENTRY), JSON.stringify(options)], {
    stdio: ['pipe', 'pipe', 'pipe'],
    buffer: false,
    reject: false,
    // The test sends its own signals and waits for the server's own way out.
    forceKillAfterDelay: false,
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-20_000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let out = '';
  const waiters: Array<(line: string) => boolean> = [];
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    let nl: number;
    while ((nl = out.indexOf('\n')) >= 0) {
      const line = out.slice(0, nl);
      out = out.slice(nl + 1);
      const i = waiters.findIndex((w) => w(line));
      if (i >= 0) waiters.splice(i, 1);
    }
  });
  const waitLine = (match: RegExp, ms: number, what: string): Promise<RegExpExecArray> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`child server: no ${what} within ${ms} ms; stderr: ${stderr.slice(-500)}`)), ms);
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`child server exited (${code}) while waiting for ${what}; stderr: ${stderr.slice(-2000)}`));
      });
      waiters.push((line) => {
        const m = match.exec(line);
        if (m === null) return false;
        clearTimeout(timer);
        resolve(m);
        return true;
      });
    });

  return waitLine(/^listening on http:\/\/[^:]+:(\d+)$/, timeoutMs, 'listening line').then((m) => ({
    port: Number(m[1]),
    pid: child.pid!,
    child,
    stderr: () => stderr,
    exited,
    async stats(ms = 5000) {
      const pending = waitLine(/^stats (\{.*\})$/, ms, 'stats');
      child.stdin!.write('stats\n');
      return JSON.parse((await pending)[1]!) as ChildStats;
    },
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      child.kill('SIGTERM');
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  }));
}
