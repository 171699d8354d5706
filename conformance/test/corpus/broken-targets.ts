// The servers of the corpus proofs: the reference server, its variants (server/variants/: the
// reference server plus one deviation, broken or permitted; a broken one is run on the areas it
// targets), and the student-style Python servers. Each one is run through the harness's own CLI,
// in process, and its report read back.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { variantsOfKind, variantSpec, type VariantKind, type VariantName } from '../../../server/variants/catalog.ts';
import type { Case } from '../../src/case/types.ts';
import { main } from '../../src/cli/main.ts';
import type { Report } from '../../src/result/types.ts';
import { shellQuote } from '../../src/targets/command-target.ts';
import { bundled } from '../../src/targets/bundle.ts';
import { nodeCommand } from '../../src/targets/reference-target.ts';
import { BUNDLED_ENTRIES } from '../support/bundled-entries.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const PYTHON_SERVERS_DIR = path.join(HERE, '../servers');
const { variantServer: VARIANT_CLI, referenceServer: REFERENCE_CLI, variantHost: VARIANT_HOST } = BUNDLED_ENTRIES;

export type BrokenTarget = {
  /** `reference`, `variant:NAME` or `python:FILE`. */
  name: string;
  /**
   * The `--server` command, with the harness's {port} and {docroot} placeholders; `--target
   * HOST:PORT` of a running one; or a TypeScript entry started with node on its bundle
   * (src/targets/bundle.ts: a start costs 50 ms of CPU, not tsx's 300).
   */
  server: string | { address: string } | { entry: string; args: readonly string[] };
  /** The areas run against it; null for the whole corpus. */
  areas: readonly string[] | null;
  /** Harness flags for this target only. */
  flags: readonly string[];
};

export type TargetOutcome = {
  target: BrokenTarget;
  /** Null when the run wrote no report (a setup error, printed in `stderr`). */
  report: Report | null;
  exitCode: number;
  stderr: string;
  durationMs: number;
};

/** The reference server; `flags` go to the harness (its own time bound, say), `serverArgs` to the server. */
export function referenceTarget(flags: readonly string[] = [], serverArgs: readonly string[] = []): BrokenTarget {
  return { name: 'reference', server: { entry: REFERENCE_CLI, args: ['--port', '{port}', '--root', '{docroot}', ...serverArgs] }, areas: null, flags };
}

/** Variant `name` (server/variants/cli.ts) in its own process; `serverArgs` go to the server. */
export function variantServer(name: VariantName, serverArgs: readonly string[] = []): BrokenTarget['server'] {
  return { entry: VARIANT_CLI, args: ['--variant', name, '--port', '{port}', '--root', '{docroot}', ...serverArgs] };
}

async function serverFlags(server: BrokenTarget['server']): Promise<string[]> {
  if (typeof server === 'string') return ['--server', server];
  if ('address' in server) return ['--target', server.address];
  return ['--server', nodeCommand(await bundled(server.entry), server.args)];
}

export type VariantHost = {
  /** HOST:PORT of each variant the host serves. */
  addresses: ReadonlyMap<string, string>;
  /** Null while the host runs; how it ended and what it printed once it has died. */
  death(): string | null;
  stop(): Promise<void>;
};

/**
 * One process (server/variants/host.ts) serving `names`, each on a port of its own, with the
 * fixture docroot: one process start for them all instead of one each.
 */
export async function startVariantHost(names: readonly VariantName[], docroot: string): Promise<VariantHost> {
  const child = execa(process.execPath, [await bundled(VARIANT_HOST), '--root', docroot, ...names], { stdio: ['pipe', 'pipe', 'pipe'], buffer: false, reject: false, forceKillAfterDelay: false });
  const addresses = new Map<string, string>();
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`variant host not ready in 60 s: ${err.trim()}`)), 60_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      for (const line of out.split('\n')) {
        const [name, port] = line.split(' ');
        if (name !== undefined && port !== undefined) addresses.set(name, `127.0.0.1:${port}`);
      }
      if (/^ready$/m.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`variant host exited (${code}): ${err.trim()}`));
    });
  });
  // A host that dies mid-proof turns every later variant run into "cannot connect": keep why.
  let died: string | null = null;
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping) died = `variant host died (${signal ?? `exit code ${code}`}): ${err.trim().slice(-2000) || 'it printed nothing'}`;
  });
  return {
    addresses,
    death: () => died,
    stop: () =>
      new Promise<void>((resolve) => {
        stopping = true;
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * One target per variant of `kind`; `flags` go to the harness for each. A broken variant runs on
 * its areas; `slow` picks the broken ones only slow cases catch (spec `slowOnly`) instead of the
 * others. A permitted variant runs on the whole corpus.
 */
export function variantTargets(kind: VariantKind, flags: readonly string[] = [], slow = false, host?: VariantHost): BrokenTarget[] {
  return variantsOfKind(kind)
    .filter((name) => kind === 'permitted' || (variantSpec(name).slowOnly ?? false) === slow)
    .map((name) => ({
      name: `variant:${name}`,
      server: host?.addresses.has(name) ? { address: host.addresses.get(name)! } : variantServer(name),
      areas: kind === 'permitted' ? null : variantSpec(name).areas,
      // A crash is charged to the case that was running when it was noticed; one case at a
      // time makes that the case that caused it.
      flags: variantSpec(name).ownProcess ? [...flags, '--concurrency', '1'] : flags,
    }));
}

export function pythonTarget(file: string, flags: readonly string[] = []): BrokenTarget {
  const server = `python3 ${shellQuote(path.join(PYTHON_SERVERS_DIR, file))} {port} {docroot}`;
  return { name: `python:${file}`, server, areas: null, flags };
}

/**
 * The one-bug student servers (built on servers/student_base.py, and lenient-parser.py), each
 * run only on the areas its bug shows in: the proof that the newer cases can fail.
 */
export const ONE_BUG_SERVERS: ReadonlyArray<readonly [file: string, areas: readonly string[]]> = [
  ['prefix-containment.py', ['traversal']],
  ['case-insensitive.py', ['static-files']],
  ['appends-html.py', ['static-files']],
  ['empty-no-length.py', ['static-files']],
  ['recv-1024.py', ['limits']],
  ['version-505.py', ['header-fields']],
  ['lowercase-path.py', ['static-files']],
  ['lenient-parser.py', ['chunked', 'transfer-encoding', 'header-fields', 'request-line', 'expect-continue', 'methods']],
];

export function oneBugTargets(flags: readonly string[] = []): BrokenTarget[] {
  return ONE_BUG_SERVERS.map(([file, areas]) => ({ ...pythonTarget(file, flags), areas }));
}

/** Whether `target` runs case `c` when given the whole corpus. */
export function covers(target: BrokenTarget, c: Case): boolean {
  return target.areas === null || target.areas.includes(c.area);
}

/**
 * A verdict that shows the server was caught: a fail, a warn, or a timeout the harness confirmed
 * (a timeout beside other cases that `--rerun-budget` left unconfirmed may be the schedule's).
 */
export function caughtVerdict(c: { status: string; unconfirmed?: boolean }): boolean {
  return c.status === 'fail' || c.status === 'warn' || (c.status === 'timeout' && c.unconfirmed !== true);
}

/**
 * Flags of a first pass over many targets: timeouts beside other cases are not run again alone
 * (a server that never ends its error responses would spend 20 s on lone re-runs). What such a
 * pass leaves unconfirmed does not count as caught: the case runs again, with re-runs, in
 * retryJobs.
 */
export const FIRST_PASS_FLAGS: readonly string[] = ['--rerun-budget', '0'];

/**
 * Confirmation runs for the cases that only unconfirmed timeouts caught: each case alone
 * (`--concurrency 1`, so a timeout is the server's) against one of the targets that timed out on
 * it, spread so that no target gets more than its share (they run side by side). A target that
 * nothing else caught gets one of its own cases first, so that it is shown to be caught too.
 */
export function confirmJobs(outcomes: readonly TargetOutcome[]): Job[] {
  const confirmed = catchers(outcomes);
  const byCase = new Map<string, TargetOutcome[]>();
  const byTarget = new Map<TargetOutcome, string[]>();
  for (const o of outcomes) {
    for (const c of o.report?.cases ?? []) {
      if (c.status !== 'timeout' || c.unconfirmed !== true) continue;
      byTarget.set(o, [...(byTarget.get(o) ?? []), c.id]);
      if (!confirmed.has(c.id)) byCase.set(c.id, [...(byCase.get(c.id) ?? []), o]);
    }
  }
  const assigned = new Map<TargetOutcome, string[]>();
  const shown = new Set([...confirmed.values()].flatMap((names) => [...names]));
  for (const [o, ids] of byTarget) {
    if (shown.has(o.target.name)) continue;
    const id = ids.find((i) => byCase.has(i)) ?? ids[0]!;
    assigned.set(o, [id]);
    byCase.delete(id);
  }
  // The cases with the fewest candidates first, each to its least-loaded candidate.
  for (const [id, candidates] of [...byCase].sort((a, b) => a[1].length - b[1].length)) {
    const pick = candidates.reduce((best, o) => ((assigned.get(o)?.length ?? 0) < (assigned.get(best)?.length ?? 0) ? o : best));
    assigned.set(pick, [...(assigned.get(pick) ?? []), id]);
  }
  return [...assigned].map(([o, ids]) => ({ target: o.target, ids, extraFlags: ['--concurrency', '1', ...FIRST_PASS_FLAGS] }));
}

/** One harness run against `target`: its areas, or only `ids` when given. */
export async function runTarget(target: BrokenTarget, ids?: readonly string[], extraFlags: readonly string[] = []): Promise<TargetOutcome> {
  const out = await mkdtemp(path.join(os.tmpdir(), 'every-case-'));
  let stderr = '';
  const started = Date.now();
  const select = ids ? ids.flatMap((id) => ['--id', id]) : (target.areas ?? []).flatMap((a) => ['--area', a]);
  try {
    const how = await serverFlags(target.server);
    const argv = [...how, ...select, '--out', out, '--reporter', 'json', ...target.flags, ...extraFlags];
    const sink = { write: () => true };
    const exitCode = await main(argv, sink, { write: (s: string) => (stderr += s) }, {});
    const report = await readFile(path.join(out, 'report.json'), 'utf8').then(
      (text) => JSON.parse(text) as Report,
      () => null,
    );
    return { target, report, exitCode, stderr, durationMs: Date.now() - started };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

export type Job = { target: BrokenTarget; ids?: readonly string[]; extraFlags?: readonly string[] };

/** Runs the jobs, `concurrency` at a time, in list order; results keep that order. */
export async function runJobs(jobs: readonly Job[], concurrency: number, onDone?: (o: TargetOutcome) => void): Promise<TargetOutcome[]> {
  const results: TargetOutcome[] = new Array(jobs.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < jobs.length) {
      const i = next++;
      const job = jobs[i]!;
      results[i] = await runTarget(job.target, job.ids, job.extraFlags);
      onDone?.(results[i]!);
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker));
  return results;
}

/**
 * Runs again, up to `rounds` times, each broken target no case caught yet (on what it ran the
 * first time): a loaded machine can hide a timing-dependent deviation. Returns the new outcomes.
 */
export async function retryBlind(targets: readonly BrokenTarget[], outcomes: readonly TargetOutcome[], rounds: number, concurrency: number): Promise<TargetOutcome[]> {
  const added: TargetOutcome[] = [];
  for (let round = 0; round < rounds; round++) {
    const caughtBy = catchers([...outcomes, ...added]);
    const blind = targets.filter((t) => ![...caughtBy.values()].some((names) => names.has(t.name)));
    if (blind.length === 0) break;
    added.push(...(await runJobs(blind.map((target) => ({ target })), concurrency)));
  }
  return added;
}

/** Case id -> the targets that made it fail, warn or time out. */
export function catchers(outcomes: readonly TargetOutcome[]): Map<string, Set<string>> {
  const by = new Map<string, Set<string>>();
  for (const o of outcomes) {
    for (const c of o.report?.cases ?? []) {
      if (!caughtVerdict(c)) continue;
      let names = by.get(c.id);
      if (names === undefined) by.set(c.id, (names = new Set()));
      names.add(o.target.name);
    }
  }
  return by;
}

/**
 * Another chance for cases nobody caught (timing can hide a slow wrong answer on a loaded
 * machine): each such case again, against every broken target that covers it, all of one
 * target's cases in one run.
 */
export function retryJobs(uncaught: readonly Case[], targets: readonly BrokenTarget[]): Job[] {
  return targets
    .map((target) => ({ target, ids: uncaught.filter((c) => covers(target, c)).map((c) => c.id) }))
    .filter((job) => job.ids.length > 0);
}

/** `first` with the results of `again` (a run of some of its cases) in place of its own. */
export function mergeRetried(first: TargetOutcome, again: TargetOutcome): TargetOutcome {
  if (first.report === null || again.report === null) return again.report === null ? first : again;
  const retried = new Map(again.report.cases.map((c) => [c.id, c]));
  return { ...first, report: { ...first.report, cases: first.report.cases.map((c) => retried.get(c.id) ?? c) } };
}

/** The variants of `kind` that can share a host process (not slow-only, not ownProcess). */
export function hostableVariants(kind: VariantKind, slow = false): VariantName[] {
  return variantsOfKind(kind).filter((name) => !variantSpec(name).ownProcess && (kind === 'permitted' || (variantSpec(name).slowOnly ?? false) === slow));
}
