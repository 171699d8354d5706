// Behaviour 4 of issue 10: a student server with a small fixed pool of worker threads and a listen
// backlog of 1. Cases that hold a worker (a head that never ends) fill the pool; beside them, the
// kernel drops the next connections' SYNs and those cases run out of time without ever being
// accepted. The schedule must absorb that: back off, re-run such timeouts alone, and give the
// verdicts a one-case-at-a-time run gives.

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { helloCase, idleHeadCase, scratchDir } from '../support/cli.ts';
import { runHarness, student } from './fragile.ts';

const idle = (i: number): string => idleHeadCase(`idle-${String(i).padStart(2, '0')}`);

async function caseDir(): Promise<string> {
  const dir = await scratchDir('conformance-pool-');
  const gets = Array.from({ length: 12 }, (_, i) => helloCase(`get-${String(i).padStart(2, '0')}`, { extraHead: 'Connection: close' })).join('');
  await writeFile(path.join(dir, 'pool.yaml'), `cases:\n${Array.from({ length: 4 }, (_, i) => idle(i)).join('')}${gets}`);
  return dir;
}

describe('a two-worker pool with a listen backlog of 1', { timeout: 60_000 }, () => {
  it('gets the verdicts of a one-at-a-time run: the timeouts of the schedule are re-run alone', async () => {
    const cases = await caseDir();
    const server = ['--server', student('small-pool-backlog1.py', '2'), '--cases', cases, '--timeout', '800'];
    const adaptive = await runHarness(server);
    const alone = await runHarness([...server, '--concurrency', '1']);
    const verdicts = (r: typeof adaptive): Array<[string, string]> => r.report.cases.map((c) => [c.id, c.status]);
    expect(verdicts(adaptive)).toEqual(verdicts(alone));
    expect(adaptive.report.cases.every((c) => c.status === 'pass')).toBe(true);
    // The schedule showed: it backed off or re-ran what ran out of time beside the others.
    const h = adaptive.report.health!;
    const seen = [JSON.stringify(h.concurrency), `${h.timeoutsRerun} re-run`, ...adaptive.report.cases.map((c) => `${c.id} ${c.status} ${c.durationMs} ms: ${c.actual}`)];
    expect(h.concurrency.lowest < h.concurrency.start || h.timeoutsRerun > 0, seen.join('\n')).toBe(true);
  });
});
