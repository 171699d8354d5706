// `npm run conformance -- autograder --start CMD [--out DIR] [selection flags] [--capabilities LIST] [--timeout MS]`:
// writes a ready Gradescope autograder: setup.sh, run_autograder, config.sh (the start command and
// the flags every submission is run with), weights.json (CONFORMANCE_GRADESCOPE_WEIGHTS, or the
// defaults) and harness/ (this harness, bundled into one file, with its sources and corpus,
// without node_modules: setup.sh installs them). Zip the directory's contents and upload it as
// the assignment's autograder.

import { chmod, cp, lstat, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AREAS, LEVELS } from '../case/types.ts';
import type { Flags } from '../cli/flags.ts';
import type { Io } from '../cli/io.ts';
import { HARNESS_ENTRY, REPO } from '../checkout.ts';
import { UsageError } from '../errors.ts';
import { DEFAULT_WEIGHTS, ENV_VAR, weightsFromEnv } from '../report/gradescope-weights.ts';
import { checkStartCommand } from '../compare/submissions.ts';
import { resolveCapabilities } from '../run/run-suite.ts';
import { shellQuote } from '../targets/command-target.ts';
import { bundleTo } from '../targets/bundle.ts';
import { HARNESS_BUNDLE, RUN_AUTOGRADER, SETUP_SH } from './scripts.ts';

/** What the harness copy needs to run: the CLI's sources, the corpus with its fixtures, the package files. */
const HARNESS_PARTS = ['package.json', 'package-lock.json', 'tsconfig.json', 'conformance/src', 'cases'];
/** Flags that make no sense inside an autograder (it picks the target, the reporter and where results go). */
const NOT_FOR_AUTOGRADER = ['target', 'server', 'reporter', 'baseline', 'fail-under', 'shard', 'list', 'lint', 'coverage', 'submissions', 'parallel', 'time-scale'] as const;
// Files made by ensure-fixtures on every run: copying them would only make the zip 10 MiB larger.
const GENERATED_OVER_BYTES = 1024 * 1024;

export async function autograderCommand(args: readonly string[], flags: Flags, io: Io): Promise<number> {
  if (args.length > 0) throw new UsageError(`autograder takes no file names (got "${args[0]}"): autograder --start CMD [--out DIR]`);
  const start = flags.start;
  if (start === undefined) throw new UsageError('autograder needs --start CMD: how to start one submission from its folder, e.g. --start "python3 server.py {port} {docroot}"');
  checkStartCommand(start);
  for (const name of NOT_FOR_AUTOGRADER) {
    const v: unknown = flags[name];
    if (v !== undefined && v !== false && !(Array.isArray(v) && v.length === 0)) throw new UsageError(`--${name} does not apply to autograder (it starts each submission with --start and writes results.json)`);
  }
  for (const a of flags.area) if (!(AREAS as readonly string[]).includes(a)) throw new UsageError(`--area ${a}: unknown area (one of: ${AREAS.join(', ')})`);
  for (const l of flags.level) if (!LEVELS.some((x) => x.toLowerCase() === l.toLowerCase())) throw new UsageError(`--level ${l}: unknown level (one of: ${LEVELS.join(', ')})`);
  if (flags.capabilities !== undefined) resolveCapabilities(flags.capabilities, false);
  const weights = io.env[ENV_VAR]?.trim() ? weightsFromEnv(io.env) : DEFAULT_WEIGHTS;

  const outDir = path.resolve(flags.out ?? path.join(REPO, 'reports', 'autograder'));
  await rm(path.join(outDir, 'harness'), { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  for (const part of HARNESS_PARTS) {
    await cp(path.join(REPO, part), path.join(outDir, 'harness', part), { recursive: true, filter: keep });
  }
  // The harness in one file: each submission's run starts it with node, where tsx would compile
  // its TypeScript first (about a second of CPU in a fresh container, every submission).
  await bundleTo(HARNESS_ENTRY, path.join(outDir, 'harness', HARNESS_BUNDLE));
  const extra: string[] = [];
  for (const [i, file] of flags.cases.entries()) {
    const dest = `extra-cases/${i}-${path.basename(file)}`;
    try {
      await cp(path.resolve(file), path.join(outDir, dest), { recursive: true });
    } catch (e) {
      throw new UsageError(`--cases ${file}: cannot copy it (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    extra.push(dest);
  }

  const files: Record<string, string> = {
    'setup.sh': SETUP_SH,
    run_autograder: RUN_AUTOGRADER,
    'config.sh': configSh(start, runFlags(flags, extra)),
    'weights.json': JSON.stringify(weights, null, 2) + '\n',
  };
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(outDir, name), text);
  await chmod(path.join(outDir, 'setup.sh'), 0o755);
  await chmod(path.join(outDir, 'run_autograder'), 0o755);
  const rel = path.relative(process.cwd(), outDir) || '.';
  io.out.write(`wrote a Gradescope autograder to ${rel}: setup.sh, run_autograder, config.sh, weights.json and harness/\n`);
  io.out.write(`upload it as a zip of the directory's contents: (cd ${shellQuote(rel)} && zip -qr ../autograder.zip .)\n`);
  return 0;
}

async function keep(src: string): Promise<boolean> {
  const st = await lstat(src);
  if (st.isSymbolicLink()) return false;
  return !(st.isFile() && st.size > GENERATED_OVER_BYTES);
}

/** The flags every submission runs with, as shell words (paths into the autograder's source/ stay variables). */
function runFlags(flags: Flags, extraCases: readonly string[]): string[] {
  const words: string[] = [];
  const add = (flag: string, values: readonly (string | number)[]): void => {
    for (const v of values) words.push(`--${flag}`, shellQuote(String(v)));
  };
  for (const c of extraCases) words.push('--cases', `"$SOURCE/${c}"`);
  add('id', flags.id);
  add('grep', flags.grep);
  add('tag', flags.tag);
  add('area', flags.area);
  add('level', flags.level);
  add('exclude', flags.exclude);
  if (flags.slow) words.push('--slow');
  if (flags.split !== undefined) add('split', [flags.split]);
  if (flags.capabilities !== undefined) add('capabilities', [flags.capabilities]);
  if (flags.timeout !== undefined) add('timeout', [flags.timeout]);
  if (flags.concurrency !== undefined) add('concurrency', [flags.concurrency]);
  return words;
}

function configSh(start: string, words: readonly string[]): string {
  return [
    '# Written by `npm run conformance -- autograder`; sourced by run_autograder. Edit it and zip again',
    '# to change how submissions are run: START is the command run inside the submission folder',
    '# ({port} is a free port, {docroot} the fixture docroot), ARGS the harness flags.',
    `START=${shellQuote(start)}`,
    `ARGS=(${words.join(' ')})`,
    '',
  ].join('\n');
}
