// `npm run conformance -- [flags]`: load the corpus, start or reach the target, run the cases,
// write the reports. Setup problems end with one line and exit code 2, never a stack trace.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lintCases, loadCases } from '../case/load.ts';
import { coverage, formatCoverage } from '../corpus/coverage.ts';
import { parseSplitModes } from '../case/plan.ts';
import { AREAS, CAPABILITIES, LEVELS, type Capability } from '../case/types.ts';
import { isSetupError, UsageError } from '../errors.ts';
import { ensureFixtures } from '../fixtures/ensure-fixtures.ts';
import { createReporters } from '../report/reporters.ts';
import type { Report } from '../result/types.ts';
import { runAll } from '../run/run-all.ts';
import { probeTarget } from '../run/probe.ts';
import { selectCases } from '../run/select.ts';
import { exitCodeFor, summarize } from '../run/summary.ts';
import { addressTarget } from '../targets/address-target.ts';
import { commandTarget } from '../targets/command-target.ts';
import { referenceTarget } from '../targets/reference-target.ts';
import type { Target } from '../targets/target.ts';
import { helpText, parseArgs } from './parse-args.ts';
import type { Flags } from './flags.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const VERSION = (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
/** A started server that has a core to itself answers loopback requests in well under this. */
const GRACE_MS = 50;
const MAX_RECEIVED_BYTES = 32 * 1024 * 1024;

type Out = { write(s: string): unknown; isTTY?: boolean };

export async function main(argv: readonly string[], out: Out = process.stdout, err: Out = process.stderr, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let target: Target | undefined;
  try {
    const { flags, positional } = parseArgs(argv);
    if (flags.help) {
      out.write(helpText() + '\n');
      return 0;
    }
    if (positional.length > 0) throw new UsageError(`unexpected argument "${positional[0]}" (flags start with --; see --help)`);
    checkFlags(flags);
    const modes = parseSplitModes(flags.split ?? 'as-written');
    const reporters = createReporters(flags.reporter, { out, env });

    const casePaths = flags.cases.length > 0 ? flags.cases : [path.join(REPO, 'cases')];
    if (flags.lint) {
      const problems = await lintCases(casePaths);
      for (const p of problems) out.write(p.message + '\n');
      out.write(problems.length === 0 ? 'no problems found\n' : `${problems.length} problem${problems.length === 1 ? '' : 's'}\n`);
      return problems.length === 0 ? 0 : 1;
    }
    const all = await loadCases(casePaths);
    const cases = selectCases(all, { ids: flags.id, grep: flags.grep, tags: flags.tag, areas: flags.area, levels: flags.level });
    if (flags.list) {
      out.write(cases.map((c) => c.id + '\n').join(''));
      return 0;
    }
    if (flags.coverage) {
      out.write(formatCoverage(coverage(cases), cases.length) + '\n');
      return 0;
    }
    if (cases.length === 0) throw new UsageError('no case matches the selection (--id, --grep, --tag, --area, --level)');

    const outDir = path.resolve(flags.out ?? path.join(REPO, 'reports'));
    const fixtures = await ensureFixtures();
    const startedAt = new Date();
    target = flags.target
      ? await addressTarget(flags.target)
      : flags.server
        ? await commandTarget({ command: flags.server, docroot: fixtures.docroot })
        : await referenceTarget(fixtures.docroot);

    const hostValue = flags.target ?? target.address;
    const probe = await probeTarget(target.host, target.port, hostValue);
    const capabilities = resolveCapabilities(flags.capabilities, probe.echo);
    const concurrency = flags.concurrency ?? (probe.oneAtATime ? 1 : 8);
    if (probe.oneAtATime && flags.concurrency === undefined) {
      out.write('the target serves one connection at a time: running cases one by one (--concurrency 1)\n');
    }

    const fileCache = new Map<string, Buffer | null>();
    const readDocrootFile = (rel: string): Buffer | null => {
      if (!fileCache.has(rel)) {
        const full = path.resolve(fixtures.docroot, rel);
        let bytes: Buffer | null = null;
        if (full.startsWith(fixtures.docroot + path.sep)) {
          try {
            bytes = readFileSync(full);
          } catch {
            bytes = null;
          }
        }
        fileCache.set(rel, bytes);
      }
      return fileCache.get(rel) ?? null;
    };

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
        defaultTimeoutMs: flags.timeout ?? 2000,
        graceMs: GRACE_MS,
        maxBytes: MAX_RECEIVED_BYTES,
        judge: { values: probe.values, readDocrootFile },
        reproduceFlags: target.reproduceFlags,
      },
      onResult: (r, done, total) => reporters.forEach((rep) => rep.onResult?.(r, done, total)),
    });

    const report: Report = {
      tool: { name: 'http11-conformance', version: VERSION },
      target: { kind: target.kind, address: target.address, ...(target.command && target.kind === 'command' ? { command: target.command } : {}) },
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      options: { timeoutMs: flags.timeout ?? 2000, concurrency, split: flags.split ?? 'as-written', selection: { id: flags.id, grep: flags.grep, tag: flags.tag, area: flags.area, level: flags.level } },
      capabilities,
      summary: summarize(results),
      cases: results,
    };
    const written: string[] = [];
    for (const r of reporters) written.push(...(await r.onEnd(report, outDir)));
    if (written.length > 0) out.write(`wrote ${written.map((f) => path.relative(process.cwd(), f) || f).join(', ')}\n`);
    return exitCodeFor(report.summary);
  } catch (e) {
    if (isSetupError(e)) {
      err.write(`error: ${e.message}\n`);
      return 2;
    }
    err.write(`internal error: ${e instanceof Error ? e.message : String(e)} (please report this with the command you ran)\n`);
    if (process.env.DEBUG) err.write(`${e instanceof Error ? e.stack : ''}\n`);
    return 2;
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

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
