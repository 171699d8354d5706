// Same target, corpus and seed: same verdicts. The reference server is run twice over the whole
// corpus with the same random split seed, and must pass every case both times.

import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';

type Verdict = { id: string; mode: string; status: string; matched: number | null };

async function verdicts(argv: string[]): Promise<Verdict[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'conformance-determinism-'));
  const code = await main([...argv, '--out', dir, '--reporter', 'json'], { write: () => {} }, { write: () => {} }, {});
  const report = JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8')) as { cases: Verdict[] };
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
