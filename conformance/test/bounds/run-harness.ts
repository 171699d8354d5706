// Runs the harness CLI as a child process and measures it from inside: its own peak RSS
// (peak-rss.mjs, getrusage at exit), the wall time, what it printed and the longest line.
// Also starts the hostile Python servers of hostile-server.py.

import { execa } from 'execa';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { harnessNodeArgs } from '../support/harness-process.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '../../..');

export type HarnessRun = {
  code: number | null;
  stdout: string;
  stderr: string;
  peakBytes: number;
  wallMs: number;
  /** Longest line of stdout and stderr, in characters. */
  longestLine: number;
};

export const MB = 1000 * 1000;
/**
 * Issue 13's bound on the harness's own peak RSS, whatever it is sent. What a run starts with
 * swings by tens of MB with the machine's load (a starved process collects its garbage later:
 * 131 MB on a quiet machine, 211 MB beside the whole suite, for one parse of a 1 MB case file), so
 * a sharper check compares with a small run measured alongside.
 */
export const PEAK_LIMIT = 300 * MB;

export async function runHarness(argv: readonly string[], killAfterMs = 30_000): Promise<HarnessRun> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'conformance-peak-'));
  const peakFile = path.join(dir, 'peak');
  const started = Date.now();
  const child = execa(process.execPath, [...(await harnessNodeArgs(['--import', path.join(HERE, 'peak-rss.mjs')])), ...argv], {
    cwd: REPO,
    env: { CONFORMANCE_PEAK_FILE: peakFile, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    buffer: false,
    reject: false,
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const killer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  clearTimeout(killer);
  const wallMs = Date.now() - started;
  const peakBytes = Number(await readFile(peakFile, 'utf8').catch(() => '0'));
  await rm(dir, { recursive: true, force: true });
  const longestLine = Math.max(0, ...`${stdout}\n${stderr}`.split('\n').map((l) => l.length));
  return { code, stdout, stderr, peakBytes, wallMs, longestLine };
}

export type Hostile = { port: number; close(): Promise<void> };

/** Starts hostile-server.py in MODE on a free port. */
export async function hostile(mode: string): Promise<Hostile> {
  const child = execa('python3', [path.join(HERE, 'hostile-server.py'), mode], { stdio: ['ignore', 'pipe', 'inherit'], buffer: false, reject: false });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /port (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (c) => reject(new Error(`hostile-server.py ${mode} exited (${c}) before listening`)));
  });
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

export async function fileSize(file: string): Promise<number> {
  return (await stat(file)).size;
}
