// Behaviour 5 of issue 10: a correct but slow student server (a thread per connection that takes
// its time over every answer). Its bounds grow with the latency measured on the plain GET the run
// starts with: nothing times out, it is not taken for a one-connection-at-a-time server, and the
// report says it is slow.

import { describe, expect, it } from 'vitest';
import { runHarness, student } from './fragile.ts';

describe('a correct but slow server', { timeout: 60_000 }, () => {
  it('is measured, given longer bounds, not run one case at a time, and called slow', async () => {
    // 0.8 s per answer against a 1 s bound: the ratio of the 2 s server to the default 2 s bound.
    const run = await runHarness(['--server', student('slow-2s.py', '0.8'), '--tag', 'smoke', '--timeout', '1000']);
    expect(run.report.cases.filter((c) => c.status === 'timeout' || c.status === 'error')).toEqual([]);
    expect(run.report.cases.filter((c) => c.status === 'pass').length).toBeGreaterThan(run.report.cases.length / 2);
    expect(run.out).not.toContain('one connection at a time');
    expect(run.report.options.concurrency).toBeGreaterThan(1);
    const slow = run.report.health?.slow;
    expect(slow?.latencyMs).toBeGreaterThanOrEqual(800);
    expect(run.report.health?.sentence).toMatch(/the server is slow \(a plain GET took \d+ ms\), so every time bound was multiplied by [\d.]+/);
  });
});
