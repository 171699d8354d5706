// The default command: load and select cases, start or reach the target, run, report, gate.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { lintCases, loadCases } from '../case/load.ts';
import { parseSplitModes } from '../case/plan.ts';
import { AREAS, CAPABILITIES, LEVELS, type Capability } from '../case/types.ts';
import { coverage, formatCoverage } from '../corpus/coverage.ts';
import { UsageError } from '../errors.ts';
import { ensureFixtures } from '../fixtures/ensure-fixtures.ts';
import { readReport } from '../report/write-all.ts';
import { parseShard, takeShard } from '../gate/shard.ts';
import { createReporters } from '../report/reporters.ts';
import type { Report } from '../result/types.ts';
import { runAll } from '../run/run-all.ts';
import { probeTarget } from '../run/probe.ts';
import { selectCases } from '../run/select.ts';
import { summarize } from '../run/summary.ts';
import { addressTarget } from '../targets/address-target.ts';
import { commandTarget } from '../targets/command-target.ts';
import { referenceTarget } from '../targets/reference-target.ts';
import type { Target } from '../targets/target.ts';
import { docrootReader } from './docroot-reader.ts';
import type { Flags } from './flags.ts';
import { gateExitCode } from './gate.ts';
import { REPO, type Io } from './io.ts';

const VERSION = (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
/** How long to keep reading after the expected responses, for a late close or stray bytes. */
const GRACE_MS = 50;
const MAX_RECEIVED_BYTES = 32 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 2000;
const DEFAULT_CONCURRENCY = 8;

export async function runCommand(flags: Flags, io: Io): Promise<number> {
  const { out } = io;
  checkFlags(flags);
  const modes = parseSplitModes(flags.split ?? 'as-written');
  const reporters = createReporters(flags.reporter, { out, env: io.env });
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
  const baseline = flags.baseline === undefined ? undefined : await readReport(flags.baseline, '--baseline');

  const casePaths = flags.cases.length > 0 ? flags.cases : [path.join(REPO, 'cases')];
  if (flags.lint) {
    const problems = await lintCases(casePaths);
    for (const p of problems) out.write(p.message + '\n');
    out.write(problems.length === 0 ? 'no problems found\n' : `${problems.length} problem${problems.length === 1 ? '' : 's'}\n`);
    return problems.length === 0 ? 0 : 1;
  }
  const selected = selectCases(await loadCases(casePaths), { ids: flags.id, grep: flags.grep, tags: flags.tag, areas: flags.area, levels: flags.level });
  const cases = shard ? takeShard(selected, shard) : selected;
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
  const fixtures = await ensureFixtures();
  const startedAt = new Date();
  let target: Target | undefined;
  try {
    target = flags.target
      ? await addressTarget(flags.target)
      : flags.server
        ? await commandTarget({ command: flags.server, docroot: fixtures.docroot })
        : await referenceTarget(fixtures.docroot);

    const probe = await probeTarget(target.host, target.port, flags.target ?? target.address);
    const capabilities = resolveCapabilities(flags.capabilities, probe.echo);
    const concurrency = flags.concurrency ?? (probe.oneAtATime ? 1 : DEFAULT_CONCURRENCY);
    if (probe.oneAtATime && flags.concurrency === undefined) {
      out.write('the target serves one connection at a time: running cases one by one (--concurrency 1)\n');
    }
    const timeoutMs = flags.timeout ?? DEFAULT_TIMEOUT_MS;
    for (const r of reporters) r.onStart?.({ total: cases.length * modes.length, target: describeTarget(target) });
    const results = await runAll({
      cases,
      modes,
      concurrency,
      target,
      context: {
        host: target.host,
        port: target.port,
        values: probe.values,
        capabilities,
        defaultTimeoutMs: timeoutMs,
        graceMs: GRACE_MS,
        maxBytes: MAX_RECEIVED_BYTES,
        judge: { values: probe.values, readDocrootFile: docrootReader(fixtures.docroot), timeoutMs },
        reproduceFlags: target.reproduceFlags,
      },
      onResult: (r, done, total) => reporters.forEach((rep) => rep.onResult?.(r, done, total)),
    });

    const report: Report = {
      tool: { name: 'http11-conformance', version: VERSION },
      target: { kind: target.kind, address: target.address, ...(target.kind === 'command' && target.command ? { command: target.command } : {}) },
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      options: {
        timeoutMs,
        concurrency,
        split: modes.length === 1 ? (flags.split ?? 'as-written') : flags.split,
        selection: { id: flags.id, grep: flags.grep, tag: flags.tag, area: flags.area, level: flags.level, shard: flags.shard ?? null },
      },
      capabilities,
      summary: summarize(results),
      cases: results,
    };
    const written: string[] = [];
    for (const r of reporters) written.push(...(await r.onEnd(report, outDir)));
    if (written.length > 0) out.write(`wrote ${written.map((f) => path.relative(process.cwd(), f) || f).join(', ')}\n`);
    return await gateExitCode(report, { ...(flags['fail-under'] !== undefined ? { failUnder: flags['fail-under'] } : {}), ...(baseline ? { baseline } : {}) }, out);
  } finally {
    await target?.stop();
  }
}

function checkFlags(flags: Flags): void {
  if (flags.target && flags.server) throw new UsageError('--target and --server cannot be used together');
  for (const a of flags.area) if (!(AREAS as readonly string[]).includes(a)) throw new UsageError(`--area ${a}: unknown area (one of: ${AREAS.join(', ')})`);
  for (const l of flags.level) {
    if (!LEVELS.some((x) => x.toLowerCase() === l.toLowerCase())) throw new UsageError(`--level ${l}: unknown level (one of: ${LEVELS.join(', ')})`);
  }
}

function resolveCapabilities(declared: string | undefined, echoDetected: boolean): Record<Capability, boolean> {
  const caps = Object.fromEntries(CAPABILITIES.map((c) => [c, true])) as Record<Capability, boolean>;
  if (declared === undefined) {
    caps.echo = echoDetected;
    return caps;
  }
  const named = declared.split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of named) {
    if (!(CAPABILITIES as readonly string[]).includes(n)) throw new UsageError(`--capabilities ${declared}: unknown capability "${n}" (one of: ${CAPABILITIES.join(', ')})`);
  }
  for (const c of CAPABILITIES) caps[c] = named.includes(c);
  return caps;
}

function describeTarget(t: Target): string {
  if (t.kind === 'reference') return `the reference server at ${t.address}`;
  if (t.kind === 'command') return `"${t.command}" at ${t.address}`;
  return t.address;
}
