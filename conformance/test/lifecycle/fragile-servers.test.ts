// Student servers judged on their bugs, not on how the harness starts and restarts them: one that
// dies on an empty connection starts (readiness never connects) and its real bug shows; one
// without SO_REUSEADDR that crashed comes back on a fresh port; one that cannot come back ends
// the run in one line, with no score from the cases that ran.

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { helloCase, readReportIn, runCli, scratchDir } from '../support/cli.ts';

const SERVERS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../servers');

const CRASH_CASES = `cases:
${helloCase('a-before', { extraHead: 'Connection: close', area: 'methods' })}  - id: b-trace
    title: TRACE kills this server
    area: methods
    rfc: RFC 9110 §9.3.8
    quote: The TRACE method requests a remote, application-level loop-back of the request message.
    level: SHOULD
    send: ["TRACE / HTTP/1.1\\r\\nHost: {host}\\r\\n\\r\\n"]
    expect:
      - responses: [{ status: [405, 501] }]
${helloCase('c-after', { extraHead: 'Connection: close', area: 'methods' })}${helloCase('d-after', { extraHead: 'Connection: close', area: 'methods' })}`;

describe.concurrent('fragile servers', () => {
  it('dies on an empty connection: it starts, and its real bug (serving /../outside.txt) is the verdict', { timeout: 30_000 }, async () => {
    const dir = await scratchDir('conformance-fragile-');
    const { err } = await runCli(['--server', `python3 ${SERVERS}/dies-on-empty-connection.py {port} {docroot}`, '--id', 'trav-dotdot', '--id', 'rl-get-origin-form', '--out', dir]);
    expect(err).toBe('');
    const report = await readReportIn(dir);
    const byId = Object.fromEntries(report.cases.map((c) => [c.id, c]));
    expect(byId['trav-dotdot']!.status).toBe('fail');
    expect(byId['trav-dotdot']!.received).toContain('OUTSIDE');
    expect(byId['rl-get-origin-form']!.status).toBe('pass');
    expect(report.cases.filter((c) => /crash/.test(c.message))).toEqual([]);
  });

  it('no SO_REUSEADDR, crashed once: it comes back (on a fresh port) and the cases after it run', { timeout: 30_000 }, async () => {
    const dir = await scratchDir('conformance-fragile-');
    await writeFile(path.join(dir, 'crash.yaml'), CRASH_CASES);
    const { out } = await runCli(['--server', `python3 ${SERVERS}/no-reuseaddr.py {port} {docroot}`, '--cases', dir, '--out', dir, '--concurrency', '1']);
    const report = await readReportIn(dir);
    const status = Object.fromEntries(report.cases.map((c) => [c.id, c.status]));
    expect(status).toEqual({ 'a-before': 'pass', 'b-trace': 'fail', 'c-after': 'pass', 'd-after': 'pass' });
    expect(report.cases.find((c) => c.id === 'b-trace')!.message).toMatch(/^server crashed \(exit code 70\) during this case and was restarted/);
    expect(out).toMatch(/; score \d/);
  });

  it('cannot be brought back: one line says so, the rest are not run, and no score is printed', { timeout: 30_000 }, async () => {
    const dir = await scratchDir('conformance-fragile-');
    await writeFile(path.join(dir, 'crash.yaml'), CRASH_CASES);
    const once = path.join(dir, 'started-once');
    const server = `if [ -e ${once} ]; then echo 'OSError: [Errno 98] Address already in use' >&2; exit 1; fi; touch ${once}; exec python3 ${SERVERS}/crashes-on-trace.py {port} {docroot}`;
    const { out } = await runCli(['--server', server, '--cases', dir, '--out', dir, '--concurrency', '1']);
    const report = await readReportIn(dir);
    const notRun = report.cases.filter((c) => c.message.startsWith('not run:'));
    expect(notRun.map((c) => c.id).sort()).toEqual(['c-after', 'd-after']);
    expect(notRun[0]!.message).toMatch(/could not start it again after it crashed: .*exited early \(exit code 1\) before listening on port \d+; last output: OSError: \[Errno 98\]/);
    expect(out.match(/^NOT RUN /gm)).toHaveLength(1);
    expect(out).toMatch(/; no score: 2 of 4 cases not run in/);
  });
});
