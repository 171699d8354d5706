// One run of the harness against one hostile-server.py mode, with every bound of issue 13
// asserted: the harness's own peak RSS, its wall time, report.json's size, the longest line it
// printed, and the length of each case's `actual` and message. Half the smoke cases (two rounds at
// the default concurrency, 16), so that each run takes seconds.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { MAX_TERMINAL_LINE } from '../../src/report/result-bounds.ts';
import { fileSize, hostile, MB, PEAK_LIMIT, runHarness, type Hostile } from './run-harness.ts';

const REPORT_LIMIT = 20 * MB;
/** At 1 s bounds; a longer per-case bound adds its difference for each of the two rounds. */
const WALL_LIMIT_MS = 15_000;
const ROUNDS = 2;

const servers: Hostile[] = [];
const dirs: string[] = [];
/** Stops every server `against` started and removes its reports (call from afterEach). */
export async function cleanUp(): Promise<void> {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

export type Case = { id: string; actual: string; message: string };

/**
 * `timeoutMs`: the per-case bound. A run that must reach a byte cap gets more on a loaded machine,
 * and then no lone re-runs of its timeouts (each would take the longer bound again, past the wall limit).
 */
export async function against(mode: string, timeoutMs = 1000): Promise<{ cases: Case[]; reportBytes: number }> {
  const reruns = timeoutMs > 1000 ? ['--rerun-budget', '0'] : [];
  const server = await hostile(mode);
  servers.push(server);
  const out = await mkdtemp(path.join(os.tmpdir(), `conformance-bounds-${mode}-`));
  dirs.push(out);
  const run = await runHarness(['--target', `127.0.0.1:${server.port}`, '--tag', 'smoke', '--shard', '1/2', '--timeout', String(timeoutMs), ...reruns, '--out', out]);
  expect(run.code, run.stderr).toBe(1);
  expect(run.peakBytes).toBeGreaterThan(0);
  expect(run.peakBytes).toBeLessThan(PEAK_LIMIT);
  // The longer bound is given because a loaded machine is slow to reach the cap: the same load
  // slows the rest of the run (17 s seen at 4 s bounds, the suite at ten files at once).
  expect(run.wallMs).toBeLessThan(WALL_LIMIT_MS + ROUNDS * Math.max(0, timeoutMs - 1000));
  expect(run.longestLine).toBeLessThanOrEqual(MAX_TERMINAL_LINE);
  const file = path.join(out, 'report.json');
  const reportBytes = await fileSize(file);
  expect(reportBytes).toBeLessThan(REPORT_LIMIT);
  const report = JSON.parse(await readFile(file, 'utf8')) as { cases: Case[] };
  for (const c of report.cases) expect(c.actual.length + c.message.length).toBeLessThan(5000);
  return { cases: report.cases, reportBytes };
}

export const said = (cases: Case[], text: string): number => cases.filter((c) => c.actual.includes(text)).length;

