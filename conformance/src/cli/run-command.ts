// The default command: load and select cases, start or reach the target, run, report, gate.

import path from 'node:path';
import { lintCases, loadCases } from '../case/load.ts';
import { parseSplitModes } from '../case/plan.ts';
import { scaleCaseTimes } from '../case/time-scale.ts';
import { AREAS, LEVELS } from '../case/types.ts';
import { coverage, formatCoverage } from '../corpus/coverage.ts';
import { isSetupError, UsageError } from '../errors.ts';
import { ensureFixtures } from '../fixtures/ensure-fixtures.ts';
import { parseShard, takeShard } from '../gate/shard.ts';
import { createReporters } from '../report/reporters.ts';
import { readReport } from '../report/write-all.ts';
import { resolveCapabilities, runSuite } from '../run/run-suite.ts';
import { selectCases, selectionOf, slowNote } from '../run/select.ts';
import type { Flags } from './flags.ts';
import { gateExitCode } from './gate.ts';
import { rerunFlags } from './rerun-flags.ts';
import { checkMount } from '../run/mount.ts';
import { writeGradescopeNotRun } from '../report/gradescope-reporter.ts';
import type { Io } from './io.ts';
import { REPO } from '../checkout.ts';

export async function runCommand(flags: Flags, io: Io): Promise<number> {
  const { out } = io;
  checkFlags(flags);
  const modes = parseSplitModes(flags.split ?? 'as-written');
  if (flags.quiet && flags.verbose) throw new UsageError('--quiet and --verbose cannot be used together');
  const reporters = createReporters(flags.reporter, { out, env: io.env, detail: flags.quiet ? 'quiet' : flags.verbose ? 'verbose' : 'normal' });
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
  const baseline = flags.baseline === undefined ? undefined : await readReport(flags.baseline, '--baseline');

  const casePaths = flags.cases.length > 0 ? flags.cases : [path.join(REPO, 'cases')];
  if (flags.lint) {
    const problems = await lintCases(casePaths);
    for (const p of problems) out.write(p.message + '\n');
    out.write(problems.length === 0 ? 'no problems found\n' : `${problems.length} problem${problems.length === 1 ? '' : 's'}\n`);
    // README, exit codes: a malformed case file is a setup error (2), not a failing server (1).
    return problems.length === 0 ? 0 : 2;
  }
  const all = await loadCases(casePaths);
  const selection = selectionOf(flags);
  const selected = selectCases(all, selection);
  const sharded = shard ? takeShard(selected, shard) : selected;
  const cases = flags['time-scale'] === undefined ? sharded : sharded.map((c) => scaleCaseTimes(c, flags['time-scale']!));
  const note = slowNote(all, selection);
  if (note !== null && !flags.list) out.write(`${note}\n`);
  if (flags.list) {
    out.write(cases.map((c) => c.id + '\n').join(''));
    return 0;
  }
  if (flags.coverage) {
    out.write(formatCoverage(coverage(cases), cases.length) + '\n');
    return 0;
  }
  if (cases.length === 0) throw new UsageError('no case matches the selection (--id, --grep, --tag, --area, --level, --shard)');

  const outDir = path.resolve(flags.out ?? path.join(REPO, 'reports'));
  if (flags.capabilities !== undefined) resolveCapabilities(flags.capabilities, false);
  const report = await runSuite({
    cases,
    modes,
    target: flags.target ? { kind: 'address', address: flags.target } : flags.server ? { kind: 'command', command: flags.server } : { kind: 'reference' },
    fixtures: await ensureFixtures(),
    ...(flags.timeout !== undefined ? { timeoutMs: flags.timeout } : {}),
    ...(flags['ready-timeout'] !== undefined ? { readyTimeoutMs: flags['ready-timeout'] } : {}),
    ...(io.interrupt ? { signal: io.interrupt } : {}),
    onNotice: (line) => io.err.write(`warning: ${line}\n`),
    ...(flags.concurrency !== undefined ? { concurrency: flags.concurrency } : {}),
    ...(flags['rerun-budget'] !== undefined ? { rerunBudgetMs: flags['rerun-budget'] } : {}),
    ...(flags.capabilities !== undefined ? { capabilities: flags.capabilities } : {}),
    ...(flags.mount !== undefined ? { mount: checkMount(flags.mount) } : {}),
    options: {
      split: flags.split ?? 'as-written',
      ...(flags['time-scale'] !== undefined ? { timeScale: flags['time-scale'] } : {}),
      selection: { id: flags.id, grep: flags.grep, tag: flags.tag, area: flags.area, level: flags.level, exclude: flags.exclude, slow: selection.slow, shard: flags.shard ?? null },
    },
    rerunFlags: rerunFlags(flags),
    onStart: ({ total, target, oneAtATime }) => {
      if (oneAtATime && flags.concurrency === undefined) out.write('the target serves one connection at a time: running cases one by one (--concurrency 1)\n');
      for (const r of reporters) r.onStart?.({ total, target });
    },
    onResult: (r, done, total) => reporters.forEach((rep) => rep.onResult?.(r, done, total)),
  }).catch(async (e: unknown) => {
    // An autograder must always find results.json: a server that never started scores 0 with the reason.
    if (flags.reporter.includes('gradescope') && isSetupError(e)) await writeGradescopeNotRun(outDir, (e as Error).message, io.env);
    throw e;
  });
  const written: string[] = [];
  for (const r of reporters) written.push(...(await r.onEnd(report, outDir)));
  if (written.length > 0) out.write(`wrote ${written.map((f) => path.relative(process.cwd(), f) || f).join(', ')}\n`);
  // Interrupted: the reports are written; the exit code is the signal's (main.ts), not a verdict.
  if (report.interrupted) {
    out.write(`interrupted: ${report.cases.length - (report.notRun ?? 0)} case${report.cases.length - (report.notRun ?? 0) === 1 ? '' : 's'} judged, ${report.notRun ?? 0} not run\n`);
    return 1;
  }
  const gates = { ...(flags['fail-under'] !== undefined ? { failUnder: flags['fail-under'] } : {}), ...(baseline ? { baseline } : {}) };
  return gateExitCode(report, gates, out);
}

function checkFlags(flags: Flags): void {
  if (flags.submissions !== undefined || flags.start !== undefined) throw new UsageError('--submissions and --start apply to compare: npm run conformance -- compare --submissions DIR --start CMD');
  if (flags.target && flags.server) throw new UsageError('--target and --server cannot be used together');
  if (flags.parallel !== undefined) throw new UsageError('--parallel only applies to compare (npm run conformance -- compare targets.yaml --parallel N)');
  for (const a of flags.area) if (!(AREAS as readonly string[]).includes(a)) throw new UsageError(`--area ${a}: unknown area (one of: ${AREAS.join(', ')})`);
  for (const l of flags.level) {
    if (!LEVELS.some((x) => x.toLowerCase() === l.toLowerCase())) throw new UsageError(`--level ${l}: unknown level (one of: ${LEVELS.join(', ')})`);
  }
}
