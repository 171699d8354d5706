import { execFileSync } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// The files that take longest (a whole-corpus proof, a 30-server class), started first on a clean
// checkout too: Vitest orders by the durations it cached from the last run, and without them
// by file size, which would start a 50 s proof last and leave it running alone at the end.
const LONGEST = ['every-case-can-fail', 'permitted-variants', 'thirty-servers', 'slow-cases-can-fail', 'hostile-servers', 'hang-detection', 'concurrency', 'determinism'];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification): number => {
      const i = LONGEST.findIndex((name) => f.moduleId.endsWith(`/${name}.test.ts`));
      return i === -1 ? LONGEST.length : i;
    };
    return sorted.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map(({ f }) => f);
  }
}

// The tests start student-style Python servers some thousand times. Where `python3` is a version
// manager's shim (pyenv: a chain of bash scripts, 15 execs, before every start; about 2 s of CPU
// in the 30-server test alone), a directory holding only a `python3` link
// to the interpreter the shim resolves to goes first on PATH for the test run: the same Python,
// started directly, and nothing else shadowed.
function pythonFirstOnPath(): string | undefined {
  let exe: string;
  try {
    exe = execFileSync('python3', ['-c', 'import os, sys; print(os.path.realpath(sys.executable))'], { encoding: 'utf8', timeout: 10_000 }).trim();
  } catch {
    // No python3 at all: the tests that need it say so themselves.
    return undefined;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'conformance-python-'));
  symlinkSync(exe, path.join(dir, 'python3'));
  return [dir, process.env.PATH ?? ''].join(path.delimiter);
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
    // Most files wait on servers and timers: six at once keep both cores busy (measured, whole
    // suite on 2 cores: 82-95 s at six, 89-101 s at five, 102 s at four).
    maxWorkers: 6,
    env: PATH === undefined ? {} : { PATH },
  },
});
