import { execaSync } from 'execa';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// Longest first (so that no long file starts last and runs alone at the end), by the durations
// Vitest cached from the last run, else by those committed in scripts/test-durations.json (a
// clean checkout, as CI has; `node scripts/test-durations.mjs` refreshes them), else as a short
// file. Vitest's own order falls back to file size, which started the 35 s mutant proof last.
const COMMITTED: Record<string, number> = JSON.parse(readFileSync(new URL('./scripts/test-durations.json', import.meta.url), 'utf8'));

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const estimate = (f: TestSpecification): number => {
      const rel = path.relative(this.ctx.config.root, f.moduleId);
      return this.ctx.cache.getFileTestResults(`${f.project.name}:${rel}`)?.duration ?? COMMITTED[rel] ?? 1000;
    };
    return [...files].map((f) => ({ f, ms: estimate(f) })).sort((a, b) => b.ms - a.ms).map(({ f }) => f);
  }
}

// The tests start student-style Python servers (stdlib only) a few hundred times, and python3 is
// started the cheapest way that is still the same Python: a directory holding a `python3` link to
// the real interpreter goes first on PATH, in an empty virtual environment (`bin/python3` and
// `pyvenv.cfg`, the layout `python3 -m venv` makes).
// Where `python3` is a version manager's shim (pyenv: a chain of bash scripts, 15 execs, before
// every start) the link skips it, and the environment keeps the interpreter's site-packages out:
// a `.pth` file there runs at every start (this VM's imports certifi: 20 of a start's 40 ms of
// CPU). A test server needing a package would say so (ModuleNotFoundError); none does.
function pythonFirstOnPath(): string | undefined {
  let exe: string;
  try {
    exe = execaSync('python3', ['-c', 'import os, sys; print(os.path.realpath(sys.executable))'], { timeout: 10_000 }).stdout.trim();
  } catch {
    // No python3 at all: the tests that need it say so themselves.
    return undefined;
  }
  // One directory per user and interpreter, made whole under another name and renamed into place
  // (a test run beside this one may be making the same one).
  const dir = path.join(os.tmpdir(), `conformance-python-${os.userInfo().uid}-${createHash('sha256').update(exe).digest('hex').slice(0, 12)}`);
  if (!existsSync(path.join(dir, 'pyvenv.cfg'))) {
    const making = `${dir}.${process.pid}.tmp`;
    rmSync(making, { recursive: true, force: true });
    mkdirSync(path.join(making, 'bin'), { recursive: true });
    symlinkSync(exe, path.join(making, 'bin', 'python3'));
    writeFileSync(path.join(making, 'pyvenv.cfg'), `home = ${path.dirname(exe)}\ninclude-system-site-packages = false\n`);
    try {
      renameSync(making, dir);
    } catch {
      // Made by the other run meanwhile.
      rmSync(making, { recursive: true, force: true });
    }
  }
  return [path.join(dir, 'bin'), process.env.PATH ?? ''].join(path.delimiter);
}
const PATH = pythonFirstOnPath();

export default defineConfig({
  test: {
    include: ['server/test/**/*.test.ts', 'conformance/test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // A worker process runs file after file with its modules loaded once: a fresh module graph
    // per file cost some 25 s of imports over the suite. No test mocks modules, stubs globals or
    // changes the environment or working directory, so nothing carries over between files.
    isolate: false,
    sequence: { sequencer: LongestFirst },
    // Makes the bundles, fixtures and parse cache the files share, once; kills and names any
    // server a test started and left running (a test that failed mid-run).
    globalSetup: ['conformance/test/support/prepare.ts', 'conformance/test/support/leftover-servers.ts'],
    // Most files wait on servers and timers: ten at once keep both cores busy. Measured, whole
    // suite on 2 cores, 2026-12-03 (after its CPU was cut by a fifth): 55-60 s at ten (five runs),
    // 61-62 s at eight; at twelve 52-56 s, but a test making a thousand connections beside a
    // server restart showed a port race (since handled) and the 30-server class took 31 s, not 27.
    maxWorkers: 10,
    env: PATH === undefined ? {} : { PATH },
  },
});
