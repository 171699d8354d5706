// Issue 13: the harness against servers that send more than any client should hold. For each, the
// smoke cases run at the default concurrency (16) against hostile-server.py, and the test reads
// the harness's own peak RSS (getrusage in its process, peak-rss.mjs), its wall time, the size
// of report.json and the longest line it printed. Before the bounds, these runs took 0.7-0.9 GB
// (smoke cases) and up to 3 GB (the corpus); report.json reached 37 MB on the smoke cases alone.

import { afterEach, describe, expect, it } from 'vitest';
import { against, cleanUp, said } from './hostile-run.ts';

afterEach(cleanUp);

describe('the harness against servers that answer without end', { timeout: 30_000 }, () => {
  it('endless 100 Continue: the exchange ends with a finding after 1000 interim responses', async () => {
    const { cases } = await against('continue-forever');
    expect(said(cases, 'sent 1000 interim (1xx) responses: stopped reading')).toBeGreaterThan(10);
  });

  it('endless 200 OK with Content-Length: 0: reading stops one response past what the case can use', async () => {
    const { cases } = await against('ok-forever');
    expect(said(cases, 'sent more final responses than the case can use')).toBeGreaterThan(10);
  });

  it('a 100 MB status line: given up at the head bound', async () => {
    const { cases } = await against('long-status');
    expect(cases.filter((c) => /longer than|not a response/.test(c.actual + c.message)).length).toBeGreaterThan(10);
  });
});
