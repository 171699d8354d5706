// `npm run conformance -- explore targets.yaml [--seed N] [--budget 60s] [--out DIR]`: start every
// target of the file (the one with `reference: true` is what the others are compared with, else
// the first), explore, write each finding as DIR/found-*.yaml, check that each passes --lint, and
// print a table of findings by class. Exit code: 0 no finding, 1 findings written, 2 setup error.

import { readdir, readFile, rm, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { lintCases, loadCases } from '../case/load.ts';
import { AREAS, CANARY_FILE } from '../case/types.ts';
import type { Io } from '../cli/io.ts';
import { REPO } from '../checkout.ts';
import { readTargetsFile } from '../compare/targets-file.ts';
import { UsageError } from '../errors.ts';
import { ensureFixtures } from '../fixtures/ensure-fixtures.ts';
import { startTarget } from '../run/run-suite.ts';
import type { Target } from '../targets/target.ts';
import { renderFinding, type Finding } from './case-writer.ts';
import { FINDING_CLASSES } from './disagreement.ts';
import { EXPLORE_HELP, parseExploreArgs } from './explore-args.ts';
import { explore, type ExploreResult, type Progress } from './explore.ts';
import { paceOf, probeEcho } from './echo-probe.ts';
import { observedTarget, paceGraceMs, type ObservedTarget } from './observe.ts';
import { seedsFrom } from './seeds.ts';

const DEFAULT_IN_FLIGHT = 8;
const PROGRESS_EVERY_MS = 1000;

export async function exploreCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseExploreArgs(argv);
  if (args === null) {
    io.out.write(EXPLORE_HELP + '\n');
    return 0;
  }
  for (const a of args.areas) if (!(AREAS as readonly string[]).includes(a)) throw new UsageError(`--area ${a}: unknown area (one of: ${AREAS.join(', ')})`);
  const entries = await readTargetsFile(args.targetsFile);
  if (entries.length < 2) throw new UsageError(`${args.targetsFile}: explore needs at least two targets (a reference and one to compare with it)`);
  const cases = await loadCases(args.cases.length > 0 ? args.cases : [path.join(REPO, 'cases')]);
  const seeds = seedsFrom(args.areas.length > 0 ? cases.filter((c) => args.areas.includes(c.area)) : cases);
  if (seeds.length === 0) throw new UsageError('explore: no case in the selection can seed requests (one connection, writes only)');
  const outDir = path.resolve(args.out ?? path.join(REPO, 'reports', 'explore'));
  const fixtures = await ensureFixtures();
  const canaryBody = await readFile(path.join(fixtures.docroot, CANARY_FILE), 'latin1');

  // The reference first: everything is compared with it.
  const ordered = [...entries].sort((a, b) => Number(b.spec.kind === 'reference') - Number(a.spec.kind === 'reference'));
  const started: Target[] = [];
  try {
    // All started at once; the first that fails ends the command (the finally stops the others).
    const starting = await Promise.allSettled(ordered.map((e) => startTarget(e.spec, fixtures)));
    for (const s of starting) if (s.status === 'fulfilled') started.push(s.value);
    const failed = starting.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    const targets: ObservedTarget[] = [];
    for (const [i, e] of ordered.entries()) {
      const t = started[i]!;
      // Declared capabilities are taken as given (the targets file checked them), and only a GET
      // measures the pace; else echo is probed, and its round trip is the pace.
      const declared = e.capabilities?.split(',').map((c) => c.trim());
      const probe = declared === undefined ? await probeEcho(t, args.timeoutMs) : { echo: declared.includes('echo'), answerMs: await paceOf(t, args.timeoutMs) };
      targets.push(observedTarget(e.name, t, probe.echo, paceGraceMs(probe.answerMs, args.timeoutMs)));
      io.out.write(`${e.name}${i === 0 ? ' (reference)' : ''}: ${t.address}${probe.echo ? ', echo' : ''}\n`);
    }
    await mkdir(outDir, { recursive: true });
    // Last run's findings must not pass for this run's.
    for (const f of await readdir(outDir)) if (/^found-.*\.yaml$/.test(f)) await rm(path.join(outDir, f), { force: true });

    io.out.write(`exploring with seed ${args.seed} for ${(args.budgetMs / 1000).toFixed(0)} s: ${seeds.length} seed requests, ${targets.length} targets\n`);
    const written: string[] = [];
    const progress = progressPrinter(io);
    const result = await explore({
      targets,
      seeds,
      seed: args.seed,
      budgetMs: args.budgetMs,
      ...(args.maxRequests !== undefined ? { maxRequests: args.maxRequests } : {}),
      inFlight: args.inFlight ?? DEFAULT_IN_FLIGHT,
      maxFindings: args.maxFindings,
      maxShrinkTests: args.shrinkTests,
      ...(args.only.length > 0 ? { only: new Set(args.only) } : {}),
      timeoutMs: args.timeoutMs,
      canaryBody,
      onProgress: progress.update,
      onFinding: async (f) => {
        const file = path.join(outDir, `${f.id}.yaml`);
        await writeFile(file, renderFinding(f));
        written.push(file);
        progress.line(`found ${f.cls}: ${f.disagreeing.map((d) => d.name).join(', ')} against ${f.reference.name}, ${path.relative(process.cwd(), file)}`);
      },
    });
    progress.done();
    // Each written case must load as the harness loads cases: a finding nobody can replay is no use.
    const problems = written.length > 0 ? await lintCases(written) : [];
    for (const p of problems) io.err.write(`error: ${p.message}\n`);
    io.out.write(summaryTable(result));
    io.out.write(`${result.requests} requests in ${(result.elapsedMs / 1000).toFixed(1)} s (stopped by ${result.stoppedBy}); ${written.length} finding${written.length === 1 ? '' : 's'} written to ${path.relative(process.cwd(), outDir) || '.'}\n`);
    if (problems.length > 0) return 2;
    return result.findings.length > 0 ? 1 : 0;
  } finally {
    await Promise.all(started.map((t) => t.stop()));
  }
}

/** One progress line, rewritten in place on a terminal and printed every few seconds elsewhere. */
function progressPrinter(io: Io): { update(p: Progress): void; line(s: string): void; done(): void } {
  const tty = io.out.isTTY === true;
  let last = 0;
  let shown = false;
  const text = (p: Progress): string =>
    `[${(p.elapsedMs / 1000).toFixed(1)}/${(p.budgetMs / 1000).toFixed(0)} s] ${p.requests} requests, ${p.findings} findings, ${p.duplicates} duplicates${p.shrinking ? ', shrinking' : ''}`;
  return {
    update(p) {
      const every = tty ? 200 : PROGRESS_EVERY_MS * 5;
      if (p.elapsedMs - last < every) return;
      last = p.elapsedMs;
      io.out.write(tty ? `\r\x1b[K${text(p)}` : `${text(p)}\n`);
      shown = tty;
    },
    line(s) {
      io.out.write(`${shown ? '\r\x1b[K' : ''}${s}\n`);
      shown = false;
    },
    done() {
      if (shown) io.out.write('\n');
      shown = false;
    },
  };
}

export function summaryTable(r: ExploreResult): string {
  const rows = FINDING_CLASSES.map((c) => {
    const t = r.byClass[c];
    return [c, String(t.findings), String(t.duplicates), String(t.unconfirmed), String(t.left), [...t.targets].sort().join(', ') || '-'];
  });
  const head = ['class', 'findings', 'duplicates', 'unconfirmed', 'no time', 'targets'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(head), ...rows.map(line)].join('\n') + '\n';
}

export type { Finding };
