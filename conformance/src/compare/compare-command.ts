// `npm run conformance -- compare targets.yaml [--out DIR] [--parallel N] [selection flags]`, or
// `compare --submissions DIR --start CMD` (a folder of submissions, one target per subfolder):
// the same cases against every target, several targets at once, then one comparison
// (compare.json, compare.md, compare.html, grades.csv) and each target's report.json and
// report.html.
//
// Exit codes: 2 for a bad targets file or flag (nothing is run); otherwise 1 when any target did
// not run or had a case that failed, timed out or errored, and 0 when every target passed or
// warned on every case.

import { readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadCases } from '../case/load.ts';
import { parseSplitModes } from '../case/plan.ts';
import { AREAS, LEVELS } from '../case/types.ts';
import type { Flags } from '../cli/flags.ts';
import type { Io } from '../cli/io.ts';
import { REPO } from '../checkout.ts';
import { UsageError } from '../errors.ts';
import { ensureFixtures } from '../fixtures/ensure-fixtures.ts';
import { jsonReporter } from '../report/json-reporter.ts';
import { htmlReporter } from '../report/html-reporter.ts';
import { renderGradesCsv } from './grades-csv.ts';
import { targetsFromSubmissions } from './submissions.ts';
import { shellQuote } from '../targets/command-target.ts';
import { checkMount } from '../run/mount.ts';
import { resolveCapabilities } from '../run/run-suite.ts';
import { selectCases, selectionOf, slowNote } from '../run/select.ts';
import { renderCompareHtml } from './compare-html.ts';
import { renderCompareMarkdown } from './compare-markdown.ts';
import { buildComparison, compareExitCode } from './comparison.ts';
import { isNotRun } from './findings.ts';
import { runTargets, type TargetOutcome } from './run-targets.ts';
import { readTargetsFile } from './targets-file.ts';

/** Flags that name a single target or a single report: meaningless for a comparison. */
const NOT_FOR_COMPARE = ['target', 'server', 'reporter', 'baseline', 'fail-under', 'shard', 'list', 'lint', 'coverage', 'time-scale'] as const;

/** Targets at once by default: one per core (each started server needs one, and so do we). */
export function defaultParallel(): number {
  return Math.max(1, os.availableParallelism());
}

export async function compareCommand(args: readonly string[], flags: Flags, io: Io): Promise<number> {
  const { out } = io;
  const submissions = flags.submissions;
  if (submissions !== undefined) {
    if (args.length > 0) throw new UsageError('compare takes either a targets file or --submissions DIR, not both');
    if (flags.start === undefined) throw new UsageError('--submissions needs --start CMD: the command that starts one submission, run inside its folder (e.g. --start "python3 server.py {port} {docroot}")');
  } else if (flags.start !== undefined) throw new UsageError('--start applies to compare --submissions DIR (the command run inside each submission folder)');
  else if (args.length !== 1) throw new UsageError('compare needs one targets file or a folder: compare targets.yaml, or compare --submissions DIR --start CMD (see README.md, Compare servers)');
  for (const name of NOT_FOR_COMPARE) {
    const v: unknown = flags[name];
    if (v !== undefined && v !== false && !(Array.isArray(v) && v.length === 0)) throw new UsageError(`--${name} does not apply to compare (the targets come from the file; it writes compare.json, compare.md and compare.html)`);
  }
  for (const a of flags.area) if (!(AREAS as readonly string[]).includes(a)) throw new UsageError(`--area ${a}: unknown area (one of: ${AREAS.join(', ')})`);
  for (const l of flags.level) {
    if (!LEVELS.some((x) => x.toLowerCase() === l.toLowerCase())) throw new UsageError(`--level ${l}: unknown level (one of: ${LEVELS.join(', ')})`);
  }
  if (flags.capabilities !== undefined) resolveCapabilities(flags.capabilities, false);
  const mount = flags.mount !== undefined ? checkMount(flags.mount) : undefined;
  const modes = parseSplitModes(flags.split ?? 'as-written');

  const targets = submissions !== undefined ? await targetsFromSubmissions(submissions, flags.start!) : await readTargetsFile(args[0]!);
  const casePaths = flags.cases.length > 0 ? flags.cases : [path.join(REPO, 'cases')];
  const all = await loadCases(casePaths);
  const chosen = selectionOf(flags);
  const cases = selectCases(all, chosen);
  const note = slowNote(all, chosen);
  if (note !== null) out.write(`${note}\n`);
  if (cases.length === 0) throw new UsageError('no case matches the selection (--id, --grep, --tag, --area, --level)');
  const outDir = path.resolve(flags.out ?? path.join(REPO, 'reports', 'compare'));
  const parallel = flags.parallel ?? defaultParallel();
  const fixtures = await ensureFixtures();
  const reportPath = (name: string): string => path.posix.join('targets', name, 'report.json');
  const pagePath = (name: string): string => path.posix.join('targets', name, 'report.html');
  // A target that does not run this time must not leave last run's report looking current.
  await Promise.all(targets.flatMap((t) => [reportPath(t.name), pagePath(t.name)].map((f) => rm(path.join(outDir, f), { force: true }))));

  const selection = { id: flags.id, grep: flags.grep, tag: flags.tag, area: flags.area, level: flags.level, slow: chosen.slow };
  const options = { split: flags.split ?? 'as-written', selection, parallel, ...(flags.timeout !== undefined ? { timeoutMs: flags.timeout } : {}), ...(mount !== undefined ? { mount } : {}) };
  const total = cases.length * modes.length;
  out.write(`comparing ${targets.length} target${targets.length === 1 ? '' : 's'} on ${total} case${total === 1 ? '' : 's'}, ${Math.min(parallel, targets.length)} at a time\n`);
  const width = Math.min(32, Math.max(...targets.map((t) => t.name.length)));
  const startedAt = new Date();
  const outcomes = await runTargets({
    targets,
    cases,
    modes,
    fixtures,
    parallel,
    ...(flags.timeout !== undefined ? { timeoutMs: flags.timeout } : {}),
    ...(flags.concurrency !== undefined ? { concurrency: flags.concurrency } : {}),
    ...(flags['rerun-budget'] !== undefined ? { rerunBudgetMs: flags['rerun-budget'] } : {}),
    ...(flags.capabilities !== undefined ? { capabilities: flags.capabilities } : {}),
    ...(mount !== undefined ? { mount } : {}),
    ...(flags['ready-timeout'] !== undefined ? { readyTimeoutMs: flags['ready-timeout'] } : {}),
    ...(io.interrupt ? { signal: io.interrupt } : {}),
    onNotice: (name, line) => io.err.write(`warning: ${name}: ${line}\n`),
    options: { split: options.split, selection },
    rerunFlags: flags.cases.map((c) => `--cases ${shellQuote(c)}`).join(' '),
    onDone: async (o, done, count) => {
      if (o.ran) {
        await jsonReporter().onEnd(o.report, path.join(outDir, 'targets', o.name));
        await htmlReporter().onEnd(o.report, path.join(outDir, 'targets', o.name));
      }
      out.write(`[${String(done).padStart(String(count).length)}/${count}] ${o.name.padEnd(width)}  ${progressText(o)}\n`);
    },
  });

  const comparison = buildComparison({
    tool: { name: 'http11-conformance', version: toolVersion() },
    startedAt,
    durationMs: Date.now() - startedAt.getTime(),
    options,
    cases,
    modes,
    outcomes,
    reportPath,
    pagePath,
  });
  await mkdir(outDir, { recursive: true });
  const files = {
    'compare.json': JSON.stringify(comparison, null, 2) + '\n',
    'compare.md': renderCompareMarkdown(comparison),
    'compare.html': renderCompareHtml(comparison, outcomes),
    'grades.csv': renderGradesCsv(comparison),
  };
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(outDir, name), text);
  const rel = (f: string): string => path.relative(process.cwd(), path.join(outDir, f)) || f;
  out.write(`${comparison.summary.disagreements} case${comparison.summary.disagreements === 1 ? '' : 's'} on which targets disagree\n`);
  for (const f of comparison.findings) out.write(`${f.what}: ${f.targets.map((t) => (t.cases.length > 0 ? `${t.name} (${t.cases.length})` : t.name)).join(', ')}\n`);
  out.write(`wrote ${Object.keys(files).map(rel).join(', ')} and ${rel('targets')}/<name>/report.json, report.html\n`);
  return compareExitCode(comparison);
}

function progressText(o: TargetOutcome): string {
  if (!o.ran) return `did not run: ${o.error}`;
  const s = o.report.summary;
  // No score from a fraction of the cases.
  if (o.report.interrupted) return `interrupted: ${s.total - (o.report.notRun ?? 0)} cases judged, ${o.report.notRun ?? 0} not run (${(o.report.durationMs / 1000).toFixed(1)} s)`;
  const notRun = o.report.cases.filter(isNotRun).length;
  if (notRun > 0) return `no score: ${notRun} of ${s.total} cases not run (${o.report.cases.find(isNotRun)!.message.replace(/^not run: /, '')})`;
  return `${`${s.score}%`.padStart(6)}  ${s.passed} passed, ${s.warned} warned, ${s.failed} failed, ${s.timedOut} timed out, ${s.skipped} skipped, ${s.errored} errored (${(o.report.durationMs / 1000).toFixed(1)} s)`;
}

function toolVersion(): string {
  return (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
}
