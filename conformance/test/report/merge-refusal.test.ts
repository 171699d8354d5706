// merge joins the shards of one run: a single report, or reports of different targets or of
// differently split runs, are refused in one line instead of silently joined.

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/result/types.ts';
import { runCli, scratchDir } from '../support/cli.ts';
import { handBuiltReport } from './sample-reports.ts';

async function saved(dir: string, name: string, over: (r: Report) => Report): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, JSON.stringify(over(handBuiltReport())));
  return file;
}

const shard = (r: Report, s: string, ids: (id: string) => boolean): Report => ({ ...r, options: { ...r.options, selection: { shard: s } }, cases: r.cases.filter((c) => ids(c.id)) });

describe('merge refuses what is not one run', () => {
  it('refuses a single report, reports of two targets, and shards of two splits, in one line each', async () => {
    const dir = await scratchDir('merge-');
    const a = await saved(dir, 'a.json', (r) => shard(r, '1/2', (id) => id < 'cl-p'));
    const b = await saved(dir, 'b.json', (r) => shard(r, '2/2', (id) => id >= 'cl-p'));
    const other = await saved(dir, 'other.json', (r) => ({ ...shard(r, '2/2', (id) => id >= 'cl-p'), target: { kind: 'address', address: '10.0.0.9:80' } }));
    const third = await saved(dir, 'third.json', (r) => shard(r, '2/3', (id) => id >= 'cl-p'));
    const cases: Array<[string[], RegExp]> = [
      [[a], /^error: merge: only one report \(.*a\.json\); merge joins the shards of one run/],
      [[a, other], /^error: merge: .*other\.json tested --target 10\.0\.0\.9:80, .*a\.json tested --target 127\.0\.0\.1:8080; shards must come from one target/],
      [[a, third], /^error: merge: .*third\.json is shard 2\/3, .*a\.json is shard 1\/2; shards must split the run the same way/],
    ];
    for (const [files, pattern] of cases) {
      const run = await runCli(['merge', ...files, '--out', path.join(dir, 'out')]);
      expect(run.code).toBe(2);
      expect(run.err).toMatch(pattern);
      expect(run.err.trimEnd().split('\n')).toHaveLength(1);
    }
    // The two halves of one run join.
    const joined = await runCli(['merge', a, b, '--out', path.join(dir, 'out'), '--quiet']);
    expect(joined.err).toBe('');
    expect(joined.out).toContain(`${handBuiltReport().cases.length} cases`);
    // --quiet: the summary and the digest, no line per case.
    expect(joined.out).not.toMatch(/^(FAIL|WARN|TIME|ERR) /m);
    expect(joined.out).toMatch(/^what to fix first:/m);
  });
});
