// `npm run bench`: the reference server against node:http doing the same work, each in a
// process of its own, driven by the same load generator, alternating rounds. Prints one table per
// scenario with medians over the rounds and the ratio reference/node:http, then whether each goal
// holds. Progress goes to stderr, the tables to stdout.
//
//   npm run bench -- [--rounds N] [--duration SEC] [--only ID,...] [--tool wrk|autocannon]
//                    [--tsx] [--cpu-prof DIR]
//
// Both servers run from an esbuild bundle, the reference server from the very file `npm run
// serve` runs; --tsx runs both TypeScript entries under the tsx loader instead.

import { copyFile, mkdtemp, open, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs as tokenize } from 'node:util';

import { ensureFixtures } from '../../conformance/src/fixtures/ensure-fixtures.ts';
import { tokenizerError } from '../../server/src/cli-flags.ts';
import { autocannon, autocannonAvailable } from './autocannon.ts';
import { download, upload } from './big-transfer.ts';
import type { LoadGenerator } from './load-types.ts';
import { cpuMicros, peakRssBytes, resetPeakRss, rssBytes } from './proc-stats.ts';
import { BIG_FILE, GIB, SCENARIOS, SMALL_FILE } from './scenarios.ts';
import type { Scenario, ThroughputScenario, TransferScenario } from './scenarios.ts';
import { BenchError, bundleServers, startBenchServer } from './spawn-server.ts';
import type { BenchServer, ServerKind } from './spawn-server.ts';
import { fmt, median, medianRatio, renderTable } from './table.ts';
import type { Row } from './table.ts';
import { wrk, wrkAvailable } from './wrk.ts';

type Options = {
  rounds: number;
  durationSec: number;
  only: string[] | null;
  tool: 'wrk' | 'autocannon' | null;
  cpuProfDir: string | null;
  tsx: boolean;
};

const WARMUP_SEC = 2;
const TRANSFER_ROUNDS_MAX = 3;

// The flags, tokenized by node:util's parseArgs as the server's are (server/src/cli-flags.ts).
const FLAGS = {
  rounds: { type: 'string' },
  duration: { type: 'string' },
  only: { type: 'string' },
  tool: { type: 'string' },
  'cpu-prof': { type: 'string' },
  tsx: { type: 'boolean' },
} as const;

function parseArgs(argv: readonly string[]): Options {
  let values;
  try {
    values = tokenize({ args: [...argv], options: FLAGS, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new BenchError(tokenizerError(err, Object.entries(FLAGS).map(([name, o]) => (o.type === 'string' ? { name: `--${name}`, value: 'VALUE' } : { name: `--${name}` }))));
  }
  const count = (flag: string, v: string | undefined, fallback: number, min: number, max: number): number => {
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!/^\d+$/.test(v) || n < min || n > max) throw new BenchError(`${flag} must be an integer ${min}-${max}, got "${v}"`);
    return n;
  };
  const o: Options = {
    rounds: count('--rounds', values.rounds, 5, 1, 50),
    durationSec: count('--duration', values.duration, 5, 1, 120),
    only: values.only === undefined ? null : values.only.split(','),
    tool: null,
    cpuProfDir: values['cpu-prof'] === undefined ? null : path.resolve(values['cpu-prof']),
    tsx: values.tsx ?? false,
  };
  const unknown = o.only?.find((id) => !SCENARIOS.some((s) => s.id === id));
  if (unknown !== undefined) throw new BenchError(`--only: unknown scenario "${unknown}" (${SCENARIOS.map((s) => s.id).join(', ')})`);
  if (values.tool !== undefined) {
    if (values.tool !== 'wrk' && values.tool !== 'autocannon') throw new BenchError(`--tool must be wrk or autocannon, got "${values.tool}"`);
    o.tool = values.tool;
  }
  return o;
}

async function pickGenerator(tool: Options['tool']): Promise<LoadGenerator> {
  if (tool !== 'autocannon' && (await wrkAvailable())) return wrk;
  if (tool === 'wrk') throw new BenchError('wrk is not installed (apt-get install wrk)');
  if (await autocannonAvailable()) return autocannon;
  throw new BenchError('no load generator: install wrk (apt-get install wrk) or autocannon (npm install --no-save autocannon)');
}

const progress = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/** The bundled server files, null under --tsx. */
let bundles: Record<ServerKind, string> | null = null;

async function startPair(root: string, o: Options): Promise<Record<ServerKind, BenchServer>> {
  const profile = o.cpuProfDir === null ? [] : ['--cpu-prof', `--cpu-prof-dir=${o.cpuProfDir}`];
  const reference = await startBenchServer('reference', root, profile, bundles?.reference ?? null);
  const node = await startBenchServer('node:http', root, [], bundles?.['node:http'] ?? null).catch(async (err: unknown) => {
    await reference.stop();
    throw err;
  });
  return { reference, 'node:http': node };
}

/** Alternates the order each round, so neither server always runs on a warmer machine. */
function orderFor(round: number): ServerKind[] {
  return round % 2 === 0 ? ['reference', 'node:http'] : ['node:http', 'reference'];
}

async function runThroughput(s: ThroughputScenario, root: string, gen: LoadGenerator, o: Options): Promise<boolean> {
  const servers = await startPair(root, o);
  type Samples = { rps: number[]; p99: number[]; cpu: number[]; errors: number };
  const samples: Record<ServerKind, Samples> = {
    reference: { rps: [], p99: [], cpu: [], errors: 0 },
    'node:http': { rps: [], p99: [], cpu: [], errors: 0 },
  };
  const peak: Record<ServerKind, number> = { reference: 0, 'node:http': 0 };
  try {
    for (const kind of orderFor(0)) {
      await gen.run({ port: servers[kind].port, request: s.request, connections: s.connections, durationSec: WARMUP_SEC });
      resetPeakRss(servers[kind].pid);
    }
    for (let round = 0; round < o.rounds; round++) {
      for (const kind of orderFor(round)) {
        const server = servers[kind];
        const before = cpuMicros(server.pid);
        const r = await gen.run({ port: server.port, request: s.request, connections: s.connections, durationSec: o.durationSec });
        const cpu = cpuMicros(server.pid) - before;
        const rps = r.requests / r.durationSec;
        samples[kind].rps.push(rps);
        samples[kind].p99.push(r.p99Us);
        samples[kind].cpu.push(r.requests > 0 ? cpu / r.requests : NaN);
        samples[kind].errors += r.errors;
        peak[kind] = Math.max(peak[kind], peakRssBytes(server.pid));
        progress(`  ${s.id} round ${round + 1}/${o.rounds} ${kind}: ${fmt.perSecond(rps)}, p99 ${fmt.micros(r.p99Us)}, ${r.errors} errors`);
      }
    }
  } finally {
    await servers.reference.stop();
    await servers['node:http'].stop();
  }
  const ref = samples.reference;
  const node = samples['node:http'];
  // Medians over the rounds; the ratio is the median of the per-round ratios, because the two
  // runs of a round are back to back and so see the same machine (it is shared and noisy).
  const rpsRatio = medianRatio(ref.rps, node.rps);
  const cpuRatio = medianRatio(ref.cpu, node.cpu);
  const rows: Row[] = [
    { label: 'requests/s', reference: median(ref.rps), node: median(node.rps), format: fmt.perSecond, ratio: rpsRatio },
    { label: 'p99 latency', reference: median(ref.p99), node: median(node.p99), format: fmt.micros, ratio: medianRatio(ref.p99, node.p99) },
    { label: 'CPU time per request', reference: median(ref.cpu), node: median(node.cpu), format: fmt.micros, ratio: cpuRatio },
    { label: 'peak RSS', reference: peak.reference, node: peak['node:http'], format: fmt.megabytes },
  ];
  const ratio = rpsRatio;
  const cpuOk = !s.cpuNoWorse || cpuRatio <= 1;
  const met = ratio >= s.minRatio && cpuOk && ref.errors === 0;
  const goal = `goal: requests/s >= ${s.minRatio}x node:http${s.cpuNoWorse ? ' and no more CPU per request' : ''}`;
  const per = `per round, requests/s: reference ${ref.rps.map((v) => Math.round(v)).join(' ')}; node:http ${node.rps.map((v) => Math.round(v)).join(' ')}`;
  const errors = ref.errors + node.errors > 0 ? `\nerrors (socket, timeout, non-2xx): reference ${ref.errors}, node:http ${node.errors}` : '';
  print(s, `${gen.name}, 1 thread, ${s.connections} connections, ${o.rounds} rounds x ${o.durationSec} s per server`, rows, `${per}${errors}`, goal, met);
  return met;
}

async function runTransfer(s: TransferScenario, root: string, o: Options): Promise<boolean> {
  const rounds = Math.min(o.rounds, TRANSFER_ROUNDS_MAX);
  const servers = await startPair(root, o);
  type Samples = { rate: number[]; cpu: number[]; peak: number };
  const samples: Record<ServerKind, Samples> = {
    reference: { rate: [], cpu: [], peak: 0 },
    'node:http': { rate: [], cpu: [], peak: 0 },
  };
  const idle: Record<ServerKind, number> = { reference: 0, 'node:http': 0 };
  try {
    // What each process holds before any transfer: the runtime, the loader, the server's code.
    await new Promise((r) => setTimeout(r, 500));
    for (const kind of orderFor(0)) idle[kind] = rssBytes(servers[kind].pid);
    for (let round = 0; round < rounds; round++) {
      for (const kind of orderFor(round)) {
        const server = servers[kind];
        resetPeakRss(server.pid);
        const before = cpuMicros(server.pid);
        const r = s.direction === 'upload' ? await upload(server.port, s.path, GIB) : await download(server.port, s.path);
        const cpu = cpuMicros(server.pid) - before;
        const expected = s.direction === 'upload' ? 405 : 200;
        if (r.status !== expected || r.bytes !== GIB) {
          throw new BenchError(`${kind}: ${s.id} got status ${r.status} after ${r.bytes} octets (expected ${expected} after ${GIB})`);
        }
        samples[kind].rate.push(r.bytes / r.seconds);
        samples[kind].cpu.push(cpu / 1e6);
        samples[kind].peak = Math.max(samples[kind].peak, peakRssBytes(server.pid));
        progress(`  ${s.id} round ${round + 1}/${rounds} ${kind}: ${fmt.mbPerSecond(r.bytes / r.seconds)}, peak RSS ${fmt.megabytes(peakRssBytes(server.pid))}`);
      }
    }
  } finally {
    await servers.reference.stop();
    await servers['node:http'].stop();
  }
  const ref = samples.reference;
  const node = samples['node:http'];
  const rows: Row[] = [
    { label: 'throughput', reference: median(ref.rate), node: median(node.rate), format: fmt.mbPerSecond, ratio: medianRatio(ref.rate, node.rate) },
    { label: 'CPU time per GiB', reference: median(ref.cpu), node: median(node.cpu), format: fmt.seconds, ratio: medianRatio(ref.cpu, node.cpu) },
    { label: 'RSS before the first transfer', reference: idle.reference, node: idle['node:http'], format: fmt.megabytes },
    { label: 'peak RSS (max over rounds)', reference: ref.peak, node: node.peak, format: fmt.megabytes },
    { label: 'peak RSS growth', reference: ref.peak - idle.reference, node: node.peak - idle['node:http'], format: fmt.megabytes },
  ];
  const met = ref.peak < s.maxPeakRss;
  print(s, `raw-socket client, 1 connection, ${rounds} rounds per server`, rows, '', `goal: reference peak RSS under ${fmt.megabytes(s.maxPeakRss)}`, met);
  return met;
}

function print(s: Scenario, how: string, rows: Row[], extra: string, goal: string, met: boolean): void {
  const lines = [`== ${s.title}`, `   (${how}; medians over the rounds, ref/node = median of the per-round ratios)`, renderTable(rows)];
  if (extra !== '') lines.push(extra);
  lines.push(`${goal}: ${met ? 'MET' : 'NOT MET'}`, '');
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** A docroot with the small file and a sparse 1 GiB file (no disk blocks, no repository bytes). */
async function bigDocroot(fixtureDocroot: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-docroot-'));
  await copyFile(path.join(fixtureDocroot, SMALL_FILE.slice(1)), path.join(dir, SMALL_FILE.slice(1)));
  const handle = await open(path.join(dir, BIG_FILE), 'w+');
  await handle.truncate(GIB);
  // One read through it first, so the first round does not pay for filling the page cache.
  const buf = Buffer.allocUnsafe(1024 * 1024);
  for (let pos = 0; pos < GIB; pos += buf.length) await handle.read(buf, 0, buf.length, pos);
  await handle.close();
  return dir;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const selected = SCENARIOS.filter((s) => o.only === null || o.only.includes(s.id));
  const gen = selected.some((s) => s.kind === 'throughput') ? await pickGenerator(o.tool) : wrk;
  const { docroot } = await ensureFixtures();
  let big: string | null = null;
  let bundleDir: string | null = null;
  const verdicts: string[] = [];
  try {
    if (!o.tsx) {
      bundleDir = await mkdtemp(path.join(os.tmpdir(), 'bench-bundle-'));
      bundles = await bundleServers(bundleDir);
    }
    const how = o.tsx ? 'servers under the tsx loader' : 'servers bundled with esbuild (the reference server as npm run serve runs it)';
    process.stdout.write(`node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), load generator ${gen.name}, ${how}\n\n`);
    for (const s of selected) {
      progress(`${s.id}: ${s.title}`);
      let met: boolean;
      if (s.kind === 'throughput') met = await runThroughput(s, docroot, gen, o);
      else {
        big ??= await bigDocroot(docroot);
        met = await runTransfer(s, big, o);
      }
      verdicts.push(`${s.id}: ${met ? 'met' : 'NOT met'}`);
    }
  } finally {
    if (big !== null) await rm(big, { recursive: true, force: true });
    if (bundleDir !== null) await rm(bundleDir, { recursive: true, force: true });
  }
  process.stdout.write(`goals: ${verdicts.join(', ')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
