// Behaviour 2 of issue 10: a one-connection-at-a-time student server that hangs for good on any
// request with a body, so the echo probe (a POST) hangs it. The probe is a finding, reported once;
// echo counts as absent; the server is started again and the cases that follow get real verdicts,
// not "no response" with nothing sent. A case with a body hangs it too: that case is blamed.

import { describe, expect, it } from 'vitest';
import { runHarness, student } from './fragile.ts';

describe('a server the echo probe hangs', { timeout: 60_000 }, () => {
  it('is a probe finding, echo is absent, and the cases after it get their own verdicts', async () => {
    const run = await runHarness(['--server', student('hangs-on-body.py'), '--id', 'meth-get', '--id', 'cl-basic', '--id', 'stat-text-file', '--timeout', '1000']);
    const h = run.report.health!;
    expect(h.probeFindings).toHaveLength(1);
    expect(h.probeFindings[0]).toMatch(/^the echo probe \(POST \/echo with an 11-byte body\) hung the server: a fresh GET of \/hello.txt got no answer within \d+ ms after it; what it asked for counts as absent; it was started again$/);
    expect(run.report.capabilities.echo).toBe(false);
    expect(run.byId['meth-get']!.status).toBe('pass');
    expect(['pass', 'warn']).toContain(run.byId['stat-text-file']!.status);
    const body = run.byId['cl-basic']!;
    expect(body.status).toBe('fail');
    expect(body.message).toMatch(/^hung the server: /);
    expect(h.hangs).toEqual(['hung by case cl-basic']);
    for (const r of run.report.cases) expect(r.wire.some((w) => w.kind === 'write'), r.id).toBe(true);
  });
});
