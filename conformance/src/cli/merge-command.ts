// `npm run conformance -- merge A.json B.json ...`: join shard reports into one report, from
// which every reporter writes its files again.

import path from 'node:path';
import { UsageError } from '../errors.ts';
import { readReport, writeReports } from '../report/write-all.ts';
import type { CaseResult, Report } from '../result/types.ts';
import { summarize } from '../run/summary.ts';
import type { Flags } from './flags.ts';
import { gateExitCode } from './gate.ts';
import type { Io } from './io.ts';
import { REPO } from '../checkout.ts';

export async function mergeCommand(files: readonly string[], flags: Flags, io: Io): Promise<number> {
  if (files.length === 0) throw new UsageError('merge needs report files: merge A.json B.json ...');
  if (files.length === 1) throw new UsageError(`merge: only one report (${files[0]}); merge joins the shards of one run, give every shard (merge A.json B.json ...)`);
  const reports = await Promise.all(files.map((f) => readReport(f, 'merge')));
  checkSameRun(reports, files);
  const merged = mergeReports(reports, files);
  const outDir = path.resolve(flags.out ?? path.join(REPO, 'reports'));
  const names = flags.reporter.length > 0 ? flags.reporter : ['terminal', 'json'];
  const detail = flags.quiet ? 'quiet' : flags.verbose ? 'verbose' : 'normal';
  const written = await writeReports(merged, names, outDir, { out: io.out, env: io.env, detail });
  if (written.length > 0) io.out.write(`wrote ${written.map((f) => path.relative(process.cwd(), f) || f).join(', ')}\n`);
  const baseline = flags.baseline === undefined ? undefined : await readReport(flags.baseline, '--baseline');
  return gateExitCode(merged, { ...(flags['fail-under'] !== undefined ? { failUnder: flags['fail-under'] } : {}), ...(baseline ? { baseline } : {}) }, io.out);
}

/** The target a report tested, as it names it: a command's port changes from shard to shard. */
function targetKey(r: Report): string {
  const t = r.target;
  return t.kind === 'address' ? `--target ${t.address}` : t.kind === 'command' ? `--server ${t.command ?? t.address}` : 'the reference server';
}

/** Shards of one run: the same target, and, when sharded, the same N and each slice once. */
export function checkSameRun(reports: readonly Report[], files: readonly string[]): void {
  const first = targetKey(reports[0]!);
  reports.forEach((r, i) => {
    if (targetKey(r) !== first) throw new UsageError(`merge: ${files[i]} tested ${targetKey(r)}, ${files[0]} tested ${first}; shards must come from one target`);
  });
  const shards = reports.map((r) => {
    const sel = r.options.selection as { shard?: unknown } | undefined;
    return typeof sel?.shard === 'string' ? sel.shard : null;
  });
  if (shards.every((s) => s === null)) return;
  // The same slice twice shows up as overlapping cases in mergeReports, naming the case.
  shards.forEach((s, i) => {
    if (s === null) throw new UsageError(`merge: ${files[i]} is not a shard (run without --shard) but ${files[shards.findIndex((x) => x !== null)]} is`);
    const total = s.split('/')[1];
    const firstTotal = shards[0]!.split('/')[1];
    if (total !== firstTotal) throw new UsageError(`merge: ${files[i]} is shard ${s}, ${files[0]} is shard ${shards[0]}; shards must split the run the same way`);
  });
}

export function mergeReports(reports: readonly Report[], names: readonly string[]): Report {
  const first = reports[0]!;
  const seen = new Map<string, string>();
  const cases: CaseResult[] = [];
  reports.forEach((r, i) => {
    for (const c of r.cases) {
      const key = `${c.id} [${c.mode}]`;
      const before = seen.get(key);
      if (before !== undefined) throw new UsageError(`merge: ${key} is in both ${before} and ${names[i]} (shards must not overlap)`);
      seen.set(key, names[i] ?? '?');
      cases.push(c);
    }
  });
  cases.sort((a, b) => (a.id === b.id ? a.mode.localeCompare(b.mode) : a.id < b.id ? -1 : 1));
  const starts = reports.map((r) => Date.parse(r.startedAt));
  const ends = reports.map((r, i) => starts[i]! + r.durationMs);
  const start = Math.min(...starts);
  return {
    ...first,
    startedAt: new Date(start).toISOString(),
    durationMs: Math.max(...ends) - start,
    options: { ...first.options, mergedFrom: names.map((n) => path.basename(n)) },
    summary: summarize(cases),
    cases,
  };
}
