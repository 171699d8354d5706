// A small class of fragile student servers in one `compare` (the full class of 20 is
// class-targets.yaml, measured in README.md): each column shows the student's bug and none of the
// harness's artefacts, whatever the others beside it do to the machine.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/result/types.ts';
import { runCli, scratchDir } from '../support/cli.ts';
import { student } from '../run/fragile.ts';

const CLASS = [
  ['silent', student('silent-closer.py')],
  ['canary-500', student('canary-500.py')],
  ['loops', student('loops-on-negative-chunk.py')],
  ['slow', student('slow-2s.py', '0.6')],
  ['pool', student('small-pool-backlog1.py', '2')],
] as const;
const CASES = ['te-size-minus', 'meth-get', 'meth-head-no-body', 'stat-text-file', 'rl-get-origin-form'].flatMap((id) => ['--id', id]);

describe('compare: a small class of fragile servers', () => {
  const reports: Record<string, Report> = {};
  let elapsedMs = 0;

  beforeAll(async () => {
    const dir = await scratchDir('conformance-class-');
    const targets = path.join(dir, 'targets.yaml');
    await import('node:fs/promises').then((fs) => fs.writeFile(targets, CLASS.map(([name, cmd]) => `- name: ${name}\n  server: "${cmd}"\n`).join('')));
    const started = Date.now();
    await runCli(['compare', targets, ...CASES, '--timeout', '1000', '--parallel', '3', '--out', dir]);
    elapsedMs = Date.now() - started;
    for (const [name] of CLASS) reports[name] = JSON.parse(await readFile(path.join(dir, 'targets', name, 'report.json'), 'utf8')) as Report;
  }, 60_000);

  it('finishes in bounded time', () => {
    expect(elapsedMs).toBeLessThan(45_000);
  });

  it('each column shows its bug and no artefact', () => {
    expect(reports.silent!.summary.score).toBe(0);
    expect(reports['canary-500']!.cases.find((c) => c.id === 'meth-get')!.message).toContain('to the canary');
    expect(reports.loops!.health?.hangs).toEqual(['hung by case te-size-minus']);
    expect(reports.slow!.health?.slow).toBeDefined();
    for (const name of ['loops', 'slow', 'pool', 'canary-500']) {
      const r = reports[name]!;
      expect(r.cases.filter((c) => c.status === 'timeout' || c.status === 'error').map((c) => c.id), name).toEqual([]);
    }
  });
});
