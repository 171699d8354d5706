// The generated Gradescope autograder, run as Gradescope runs it: run_autograder in a mock
// /autograder (source/ holding the unzipped autograder, submission/ the student's files,
// results/), for a working, a broken and a non-starting submission. Each must leave a
// results.json in the format Gradescope documents
// (https://gradescope-autograders.readthedocs.io/en/latest/specs/#output-format).

import { execa } from 'execa';
import { copyFile, cp, mkdir, readFile, stat, symlink } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../../src/checkout.ts';
import { runCli, scratchDir } from '../support/cli.ts';

const SUBMISSIONS = {
  working: path.join(REPO, 'conformance/test/compare/servers/stdlib-threaded.py'),
  broken: path.join(REPO, 'conformance/test/servers/typical-broken.py'),
  'not-starting': path.join(REPO, 'conformance/test/compare/servers/missing-module.py'),
} as const;
type Kind = keyof typeof SUBMISSIONS;

// Gradescope's documented results.json fields, at the top and per test.
const TOP_KEYS = ['score', 'execution_time', 'output', 'output_format', 'test_output_format', 'test_name_format', 'visibility', 'stdout_visibility', 'extra_data', 'tests', 'leaderboard'];
const TEST_KEYS = ['score', 'max_score', 'status', 'name', 'name_format', 'number', 'output', 'output_format', 'tags', 'visibility', 'extra_data'];
const VISIBILITIES = ['hidden', 'after_due_date', 'after_published', 'visible'];
const FORMATS = ['text', 'html', 'simple_format', 'md', 'ansi'];

/** Every way a results.json can break Gradescope's format, as readable problems (none: valid). */
function formatProblems(value: unknown): string[] {
  const problems: string[] = [];
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(value)) return ['not a JSON object'];
  for (const k of Object.keys(value)) if (!TOP_KEYS.includes(k)) problems.push(`unknown top-level key ${k}`);
  if ('score' in value && typeof value.score !== 'number') problems.push('score is not a number');
  if ('execution_time' in value && typeof value.execution_time !== 'number') problems.push('execution_time is not a number');
  if ('output' in value && typeof value.output !== 'string') problems.push('output is not a string');
  for (const k of ['output_format', 'test_output_format', 'test_name_format']) if (k in value && !FORMATS.includes(value[k] as string)) problems.push(`${k} ${String(value[k])}`);
  for (const k of ['visibility', 'stdout_visibility']) if (k in value && !VISIBILITIES.includes(value[k] as string)) problems.push(`${k} ${String(value[k])}`);
  if (!Array.isArray(value.tests)) return [...problems, 'tests is not a list'];
  value.tests.forEach((t: unknown, i) => {
    if (!isObject(t)) return void problems.push(`tests[${i}] is not an object`);
    for (const k of Object.keys(t)) if (!TEST_KEYS.includes(k)) problems.push(`tests[${i}]: unknown key ${k}`);
    // Without a top-level score, Gradescope needs one on every test.
    if (!('score' in value) && typeof t.score !== 'number') problems.push(`tests[${i}]: no score`);
    if ('max_score' in t && typeof t.max_score !== 'number') problems.push(`tests[${i}]: max_score`);
    if (typeof t.score === 'number' && typeof t.max_score === 'number' && (t.score < 0 || t.score > t.max_score)) problems.push(`tests[${i}]: score outside 0..max_score`);
    if ('status' in t && t.status !== 'passed' && t.status !== 'failed') problems.push(`tests[${i}]: status ${String(t.status)}`);
    if ('number' in t && typeof t.number !== 'string') problems.push(`tests[${i}]: number`);
    if (typeof t.name !== 'string') problems.push(`tests[${i}]: name`);
    if ('output_format' in t && !FORMATS.includes(t.output_format as string)) problems.push(`tests[${i}]: output_format`);
    if ('visibility' in t && !VISIBILITIES.includes(t.visibility as string)) problems.push(`tests[${i}]: visibility`);
    if ('tags' in t && !(Array.isArray(t.tags) && t.tags.every((x) => typeof x === 'string'))) problems.push(`tests[${i}]: tags`);
  });
  return problems;
}

type Results = { score?: number; output: string; tests: Array<{ name: string; score: number; max_score: number; status: string; number: string; output: string }> };

/** bash run_autograder with the mock root; resolves with its exit code. */
function runAutograder(root: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = execa('bash', [path.join(root, 'run_autograder')], { env: { AUTOGRADER_ROOT: root }, stdio: 'ignore', reject: false });
    const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code ?? -1);
    });
  });
}

describe('the generated Gradescope autograder in a mock /autograder', () => {
  let gen = '';
  const results = {} as Record<Kind, Results>;
  const raw = {} as Record<Kind, unknown>;
  const codes = {} as Record<Kind, number>;

  beforeAll(async () => {
    const dir = await scratchDir('autograder-');
    gen = path.join(dir, 'generated');
    const made = await runCli(['autograder', '--start', 'python3 server.py {port} {docroot}', '--tag', 'smoke', '--area', 'traversal', '--area', 'static-files', '--area', 'host', '--out', gen]);
    if (made.code !== 0) throw new Error(`autograder: ${made.err}`);
    await Promise.all(
      (Object.keys(SUBMISSIONS) as Kind[]).map(async (kind) => {
        const root = path.join(dir, kind);
        // Gradescope unzips the autograder into source/ and copies run_autograder to the root.
        await cp(gen, path.join(root, 'source'), { recursive: true });
        await copyFile(path.join(gen, 'run_autograder'), path.join(root, 'run_autograder'));
        // What setup.sh's npm ci would install.
        await symlink(path.join(REPO, 'node_modules'), path.join(root, 'source/harness/node_modules'));
        // The broken one is zipped as a folder: the server starts inside it.
        const folder = kind === 'broken' ? path.join(root, 'submission/my-server') : path.join(root, 'submission');
        await mkdir(folder, { recursive: true });
        await copyFile(SUBMISSIONS[kind], path.join(folder, 'server.py'));
        codes[kind] = await runAutograder(root);
        raw[kind] = JSON.parse(await readFile(path.join(root, 'results/results.json'), 'utf8'));
        results[kind] = raw[kind] as Results;
      }),
    );
  }, 60_000);

  it('writes setup.sh, an executable run_autograder and the config', async () => {
    expect(await readFile(path.join(gen, 'setup.sh'), 'utf8')).toContain('npm ci --omit=dev');
    expect(await readFile(path.join(gen, 'config.sh'), 'utf8')).toContain("START='python3 server.py {port} {docroot}'\nARGS=(--tag smoke --area traversal --area static-files --area host)");
    expect(JSON.parse(await readFile(path.join(gen, 'weights.json'), 'utf8'))).toMatchObject({ visibility: 'visible', skipped: 'zero' });
    // Each submission starts the harness from its bundle, not through tsx.
    expect(await readFile(path.join(gen, 'run_autograder'), 'utf8')).toContain('node conformance/dist/harness.mjs');
    expect((await stat(path.join(gen, 'harness/conformance/dist/harness.mjs'))).size).toBeGreaterThan(100_000);
  });

  it.each(Object.keys(SUBMISSIONS) as Kind[])('the %s submission gets a valid results.json and run_autograder exits 0', (kind) => {
    expect(codes[kind]).toBe(0);
    expect(formatProblems(raw[kind])).toEqual([]);
  });

  it('grades the working server above the broken one, out of the same total', () => {
    const sum = (r: Results, k: 'score' | 'max_score'): number => r.tests.reduce((t, x) => t + x[k], 0);
    expect(results.working.tests.length).toBe(results.broken.tests.length);
    expect(sum(results.working, 'max_score')).toBe(sum(results.broken, 'max_score'));
    expect(sum(results.working, 'score')).toBeGreaterThan(sum(results.broken, 'score'));
    // The broken one leaks: the test says so with the bytes and the command to replay it.
    const leak = results.broken.tests.find((t) => t.name.startsWith('trav-dotdot:'))!;
    expect(leak).toMatchObject({ status: 'failed', score: 0 });
    expect(leak.output).toContain('Received:');
    expect(results.broken.output).toMatch(/what to fix first:[\s\S]*LEAK served a file from outside the docroot/);
    expect(results.broken.tests.map((t) => t.number)).toContain('1.1');
  });

  it('gives a server that never starts 0 points and the reason, visible to the student', () => {
    expect(results['not-starting']).toMatchObject({ score: 0, tests: [], visibility: 'visible' });
    expect(results['not-starting'].output).toContain("ModuleNotFoundError: No module named 'flask'");
  });
});
