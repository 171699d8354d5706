// Same target, corpus and seed: same verdicts. The reference server is run twice over the whole
// corpus with the same random split seed, and must pass every case both times.

import { describe, expect, it } from 'vitest';
import { readReportIn, runCli, scratchDir } from '../support/cli.ts';

type Verdict = { id: string; mode: string; status: string; matched: number | null };
type Seen = { verdict: Verdict; actual: string; message: string };

async function verdicts(argv: string[]): Promise<Seen[]> {
  const dir = await scratchDir('conformance-determinism-');
  const { code } = await runCli([...argv, '--out', dir, '--reporter', 'json']);
  const report = await readReportIn(dir);
  expect(code).toBe(0);
  return report.cases.map(({ id, mode, status, matched, actual, message }) => ({ verdict: { id, mode, status, matched }, actual, message }));
}

describe('determinism', () => {
  it('two runs against the reference server with one seed give identical verdicts, all passing', { timeout: 180_000 }, async () => {
    const first = await verdicts(['--split', 'random:7']);
    const second = await verdicts(['--split', 'random:7']);
    expect(first.length).toBeGreaterThan(400);
    expect(first.filter((s) => s.verdict.status !== 'pass').map((s) => `${s.verdict.id}: ${s.message}`)).toEqual([]);
    // What came back each time, for the cases whose verdicts differ (the verdicts alone do not say why).
    const before = new Map(first.map((s) => [s.verdict.id, s]));
    const differ = second
      .filter((s) => JSON.stringify(s.verdict) !== JSON.stringify(before.get(s.verdict.id)?.verdict))
      .map((s) => `${s.verdict.id}: first ${before.get(s.verdict.id)?.actual ?? 'not run'}; then ${s.actual}`);
    expect(second.map((s) => s.verdict), differ.join('\n')).toEqual(first.map((s) => s.verdict));
  });
});
