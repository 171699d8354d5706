// Behaviour 10 of issue 10: a keep-alive student server that answers the first request on a
// connection right and the second with a 500. The verdict must say that the 500 answered the
// canary (the GET /canary.txt sent after the case's request), not read as if the first request
// failed, and a server that fails the canary after a plain GET is not called a smuggling target.

import { describe, expect, it } from 'vitest';
import { runHarness, student } from './fragile.ts';

describe('a server that answers the second request on a connection with 500', { timeout: 60_000 }, () => {
  it('is told that the 500 answered the canary, and it is not called desynchronised', async () => {
    const run = await runHarness(['--server', student('canary-500.py'), '--id', 'meth-get', '--id', 'meth-head-no-body', '--id', 'stat-text-file']);
    const get = run.byId['meth-get']!;
    expect(get.status).toBe('fail');
    expect(get.message).toMatch(/response 2 \(to the canary, the GET \/canary.txt sent after the case's request\): expected the canary .*got 500 Internal Server Error/);
    expect(get.message).not.toMatch(/desynchronised/);
    expect(run.out).toMatch(/^FAIL meth-get .*response 2 \(to the canary/m);
    for (const r of run.report.cases) expect(r.message).not.toMatch(/desynchronised/);
  });
});
