// Same target, corpus and seed: same verdicts. The reference server is run twice over the whole
// corpus with the same random split seed, and must pass every case both times.

import { describe, expect, it } from 'vitest';
import { readReportIn, runCli, scratchDir } from '../support/cli.ts';

type Verdict = { id: string; mode: string; status: string; matched: number | null };

async function verdicts(argv: string[]): Promise<Verdict[]> {
  const dir = await scratchDir('conformance-determinism-');
  const { code } = await runCli([...argv, '--out', dir, '--reporter', 'json']);
  const report = await readReportIn(dir);
  expect(code).toBe(0);
  return report.cases.map(({ id, mode, status, matched }) => ({ id, mode, status, matched }));
}

describe('determinism', () => {
  it('two runs against the reference server with one seed give identical verdicts, all passing', { timeout: 180_000 }, async () => {
    const first = await verdicts(['--split', 'random:7']);
    const second = await verdicts(['--split', 'random:7']);
    expect(first.length).toBeGreaterThan(400);
    expect(first.filter((v) => v.status !== 'pass')).toEqual([]);
    expect(second).toEqual(first);
  });
});
