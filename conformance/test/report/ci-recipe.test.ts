// The README's GitHub Actions recipe for a course repository, run locally: its `run:` steps in
// order, in a scratch "student repository" holding a student-style server, with the harness
// where the recipe checks it out (.harness, here a link to this checkout) and GitHub's variables
// set as Actions sets them. `npm ci` is left out (node_modules is already here). To stay fast,
// the conformance step also gets `--tag smoke --area traversal --area host`.

import { execa } from 'execa';
import { copyFile, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO } from '../../src/checkout.ts';
import { scratchDir } from '../support/cli.ts';

type Step = { run?: string; uses?: string; with?: Record<string, unknown>; if?: string };

function recipe(readme: string): Step[] {
  const block = /<!-- ci-recipe -->\s*```yaml\n([\s\S]*?)```\s*<!-- \/ci-recipe -->/.exec(readme);
  if (!block) throw new Error('README.md has no <!-- ci-recipe --> block');
  const workflow = parse(block[1]!) as { jobs: Record<string, { steps: Step[] }> };
  return Object.values(workflow.jobs)[0]!.steps;
}

function bash(command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = execa('bash', ['-eo', 'pipefail', '-c', command], { cwd, env, buffer: false, reject: false });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, output });
    });
  });
}

describe('the CI recipe in the README', () => {
  it('runs the harness on the student server, writing the step summary, summary.md and junit.xml', async () => {
    const steps = recipe(await readFile(path.join(REPO, 'README.md'), 'utf8'));
    expect(steps.map((s) => s.uses ?? 'run')).toEqual(['actions/checkout@v4', 'actions/checkout@v4', 'actions/setup-node@v4', 'run', 'run', 'mikepenz/action-junit-report@v4', 'actions/upload-artifact@v4']);
    const harnessPath = steps[1]!.with!.path as string;
    const junitPath = steps[5]!.with!.report_paths as string;
    const artifact = steps[6]!.with!.path as string;

    const workspace = await scratchDir('ci-recipe-');
    await copyFile(path.join(REPO, 'conformance/test/servers/typical-broken.py'), path.join(workspace, 'server.py'));
    await symlink(REPO, path.join(workspace, harnessPath));
    const summaryDir = await scratchDir('ci-summary-');
    const stepSummary = path.join(summaryDir, 'step-summary.md');
    await writeFile(stepSummary, '');
    await mkdir(path.join(workspace, 'conformance-report'), { recursive: true });
    // npm sets INIT_CWD itself; a value inherited from the npm that runs these tests must not leak in.
    const env = { GITHUB_WORKSPACE: workspace, GITHUB_STEP_SUMMARY: stepSummary, GITHUB_ACTIONS: 'true', CI: 'true', INIT_CWD: '' };

    let conformance: { code: number; output: string } | null = null;
    for (const step of steps.filter((s) => s.run !== undefined)) {
      if (step.run!.startsWith('npm ci')) continue;
      const command = step.run!.includes(' conformance -- ') ? `${step.run!.trim()} --tag smoke --area traversal --area host` : step.run!;
      const result = await bash(command, workspace, env);
      if (step.run!.includes(' conformance -- ')) conformance = result;
      else expect(result.code, result.output).toBe(0);
    }
    // The typical broken server fails cases: the job fails, the reports are there all the same.
    expect(conformance!.code, conformance!.output).toBe(1);
    expect(conformance!.output).toMatch(/^what to fix first:/m);
    expect(conformance!.output).toMatch(/LEAK served a file from outside the docroot/);

    const summary = await readFile(stepSummary, 'utf8');
    expect(summary).toMatch(/^# HTTP\/1\.1 conformance: [\d.]+%/);
    expect(summary).toContain('## What to fix first');
    expect(await readFile(path.join(workspace, artifact, 'summary.md'), 'utf8')).toContain('## What to fix first');
    const junit = await readFile(path.join(workspace, junitPath), 'utf8');
    expect(junit).toMatch(/<testsuites[^>]* failures="[1-9]/);
    expect(junit).toContain('trav-dotdot');
  }, 40_000);
});
