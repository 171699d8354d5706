// `npm run bench:harness`: how fast the harness runs the corpus against the reference server, in
// one run printed side by side: the default send mode, every send mode (`--split all`), and the
// published figure of Http11Probe (146 cases in 35 s) for comparison per case.
//
// Wall time includes starting the reference server and probing it, as a user sees it.

import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { main } from '../conformance/src/cli/main.ts';

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const PROBE_MS_PER_CASE = 35_000 / 146;

type Run = { wallMs: number; cases: number; failed: number };

async function once(extra: string[]): Promise<Run> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-harness-'));
  const started = performance.now();
  await main(['--out', dir, '--reporter', 'json', ...extra], { write: () => {} }, process.stderr, process.env);
  const wallMs = performance.now() - started;
  const report = JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8'));
  return { wallMs, cases: report.summary.total, failed: report.summary.failed + report.summary.timedOut + report.summary.errored };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const defaults: Run[] = [];
const alls: Run[] = [];
for (let i = 0; i < ROUNDS; i++) {
  defaults.push(await once([]));
  alls.push(await once(['--split', 'all']));
}
const d = median(defaults.map((r) => r.wallMs));
const a = median(alls.map((r) => r.wallMs));
const dCases = defaults[0]!.cases;
const aCases = alls[0]!.cases;
const row = (name: string, cases: number, ms: number, failed: number): string =>
  `${name.padEnd(22)} ${String(cases).padStart(6)} ${(ms / 1000).toFixed(2).padStart(8)} s ${((cases * 1000) / ms).toFixed(0).padStart(8)} ${(ms / cases).toFixed(1).padStart(8)} ms ${(PROBE_MS_PER_CASE / (ms / cases)).toFixed(1).padStart(9)}x ${String(failed).padStart(7)}`;
console.log(`median of ${ROUNDS} rounds on ${os.cpus().length} cores (load average ${os.loadavg()[0]!.toFixed(1)})`);
console.log(`${'run'.padEnd(22)} ${'cases'.padStart(6)} ${'wall'.padStart(10)} ${'cases/s'.padStart(8)} ${'per case'.padStart(11)} ${'vs Probe'.padStart(10)} ${'not ok'.padStart(7)}`);
console.log(row('default (as-written)', dCases, d, defaults[0]!.failed));
console.log(row('--split all', aCases, a, alls[0]!.failed));
console.log(row('Http11Probe (published)', 146, 35_000, 0));
console.log(`--split all / default: ${(a / d).toFixed(2)}x the wall time for ${(aCases / dCases).toFixed(0)}x the cases`);
