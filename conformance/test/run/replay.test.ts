// Every crash, hang or timeout in a report can be replayed with its rerun line and gives the same
// verdict: a crash (a threaded server killed by TRACE), a timeout (a one-connection-at-a-time
// server kept busy by a stalled connection); hang-detection.test.ts replays a hang.

import { describe, expect, it } from 'vitest';
import type { CaseResult } from '../../src/result/types.ts';
import { replay, runHarness, student } from './fragile.ts';

const replayable = (r: CaseResult): boolean => r.status === 'timeout' || /^(server crashed|hung the server)/.test(r.message);
const kind = (r: CaseResult): string => `${r.status} ${/^(server crashed|hung the server|no connection|no response)/.exec(r.message)?.[0] ?? ''}`;

describe('rerun lines', { timeout: 60_000 }, () => {
  it('replay a crash with the same verdict', async () => {
    const run = await runHarness(['--server', student('crashes-on-trace.py'), '--id', 'meth-trace', '--id', 'meth-get']);
    const cases = run.report.cases.filter(replayable);
    expect(cases.map(kind)).toEqual(['fail server crashed']);
    for (const c of cases) expect(kind(await replay(c)), c.id).toBe(kind(c));
  });

  it('replay a timeout with the same verdict', async () => {
    const run = await runHarness(['--server', student('hangs-on-body.py'), '--id', 'conn-concurrent-while-stalled', '--id', 'meth-get', '--timeout', '1000']);
    const cases = run.report.cases.filter(replayable);
    expect(cases.map(kind)).toEqual(['timeout no response']);
    for (const c of cases) expect(kind(await replay(c)), c.id).toBe(kind(c));
  });
});
