// A real case with a `before:` connection, run end to end against the reference server: the
// report shows what the side connection sent and that it was still open when the case ended,
// and a case without one has no `before` at all. A flood runs on its own, after the others.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCases } from '../../src/case/load.ts';
import { REPO } from '../../src/checkout.ts';
import { runsAlone } from '../../src/run/run-all.ts';
import { readReportIn, runCli, scratchDir } from '../support/cli.ts';

describe('side connections in the report', { timeout: 60_000 }, () => {
  it('conn-concurrent-while-stalled reports its stalled connection before its own', async () => {
    const dir = await scratchDir('conformance-sides-');
    const { code, err } = await runCli(['--id', 'conn-concurrent-while-stalled', '--id', 'rl-get-origin-form', '--out', dir, '--reporter', 'json']);
    expect(err).toBe('');
    expect(code).toBe(0);
    const report = await readReportIn(dir);
    const stalled = report.cases.find((c) => c.id === 'conn-concurrent-while-stalled')!;
    expect(stalled.status).toBe('pass');
    expect(stalled.before).toHaveLength(1);
    const side = stalled.before![0]!;
    expect(side.name).toBe('stalled');
    expect(side.receivedBytes).toBe(0);
    expect(side.wire.map((e) => e.kind)).toEqual(['write', 'end']);
    expect(side.wire[0]).toMatchObject({ kind: 'write', text: 'GET /hello.txt HTTP/1.1\\r\\nHo' });
    // Left stalled: the server neither answered nor closed it while the case ran.
    expect(side.wire[1]).toMatchObject({ kind: 'end', how: 'open' });
    expect(stalled.wire[0]).toMatchObject({ kind: 'write', text: expect.stringMatching(/^GET \/hello\.txt HTTP\/1\.1\\r\\nHost: /) });
    const plain = report.cases.find((c) => c.id === 'rl-get-origin-form')!;
    expect(plain).not.toHaveProperty('before');
  });

  it('runs a case alone only when it floods', async () => {
    const cases = await loadCases([path.join(REPO, 'cases')]);
    const alone = cases.filter(runsAlone).map((c) => c.id).sort();
    expect(alone).toEqual(['conn-many-concurrent', 'lim-connection-flood']);
  });

  it('a flood of 1050 connections is one entry with its counts, and its neighbours still pass', async () => {
    const dir = await scratchDir('conformance-flood-');
    // The cases around it in corpus order all pass: the flood's 1050 connections cost them no
    // slot on the reference server (1000 connections at most).
    const { code, err } = await runCli(['--area', 'limits', '--area', 'static-files', '--out', dir, '--reporter', 'json']);
    expect(err).toBe('');
    const report = await readReportIn(dir);
    expect(report.cases.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.message}`)).toEqual([]);
    expect(code).toBe(0);
    const flood = report.cases.find((c) => c.id === 'lim-connection-flood')!;
    expect(flood.message).toMatch(/503/);
    expect(flood.before).toHaveLength(1);
    expect(flood.before![0]!.flood).toEqual({ count: 1050, opened: 1050, refused: null });
  });
});
