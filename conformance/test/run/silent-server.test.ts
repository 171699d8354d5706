// Behaviour 7 of issue 10: a student server that closes every connection without answering. The
// plain GET the run starts with (the baseline) got nothing, so "no response" and "closed without a
// response" earn nothing: it scores 0, and the run says why in one line.

import { describe, expect, it } from 'vitest';
import { runHarness, student } from './fragile.ts';

describe('a server that answers nothing', { timeout: 60_000 }, () => {
  it('scores 0 on cases where silence would otherwise pass, and one health line says why', async () => {
    const run = await runHarness(['--server', student('silent-closer.py'), '--area', 'request-line', '--area', 'response-framing']);
    const judged = run.report.cases.filter((c) => c.status !== 'skip');
    expect(judged.length).toBeGreaterThan(40);
    expect(judged.filter((c) => c.status === 'pass' || c.status === 'warn')).toEqual([]);
    expect(run.report.summary.score).toBe(0);
    // An alternative that allows closing without a response is named and refused, not matched.
    const sp = run.byId['resp-sp-after-code']!;
    expect(sp.status).toBe('fail');
    expect(run.report.health?.baseline).toMatchObject({ answered: false, correct: false });
    expect(run.report.health?.sentence).toContain('the plain GET of /hello.txt got no response');
    expect(run.out.split('\n').filter((l) => l.startsWith('health:'))).toHaveLength(1);
  });
});
