// A started server that dies during a case is restarted; the case that killed it fails with the
// exit status and the server's last output, and the cases after it still run.

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { helloCase, readReportIn, runCli, scratchDir } from '../support/cli.ts';

const SERVER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../servers/crashes-on-trace.py');


const CASES = `cases:
${helloCase('a-before', { status: 200, extraHead: 'Connection: close', area: 'methods' })}  - id: b-trace
    title: TRACE kills this server
    area: methods
    rfc: RFC 9110 §9.3.8
    quote: The TRACE method requests a remote, application-level loop-back of the request message.
    level: SHOULD
    send: ["TRACE / HTTP/1.1\\r\\nHost: {host}\\r\\n\\r\\n"]
    expect:
      - responses: [{ status: [405, 501] }]
${helloCase('c-after', { extraHead: 'Connection: close', area: 'methods' })}`;

describe('a server that crashes', () => {
  it('is restarted, and the crash is blamed on the case that caused it', { timeout: 60_000 }, async () => {
    const dir = await scratchDir('conformance-crash-');
    await writeFile(path.join(dir, 'crash.yaml'), CASES);
    const { code, out } = await runCli(['--server', `python3 ${SERVER} {port} {docroot}`, '--cases', dir, '--out', dir, '--concurrency', '1', '--reporter', 'json', '--reporter', 'terminal']);
    expect(code).toBe(1);
    const report = await readReportIn(dir);
    const byId = Object.fromEntries(report.cases.map((c) => [c.id, c]));
    expect(byId['a-before']!.status).toBe('pass');
    expect(byId['b-trace']!.status).toBe('fail');
    expect(byId['b-trace']!.message).toMatch(/^server crashed \(exit code 70\) during this case and was restarted; last output: .*unsupported method TRACE/);
    expect(byId['c-after']!.status).toBe('pass');
    expect(out).toMatch(/^FAIL b-trace .*server crashed/m);
  });

  it('with cases running at once, the others wait for the restart or run again: none is an error', { timeout: 60_000 }, async () => {
    const dir = await scratchDir('conformance-crash-');
    const gets = Array.from({ length: 12 }, (_, i) => helloCase(`g-${String(i).padStart(2, '0')}`, { extraHead: 'Connection: close', area: 'methods' })).join('');
    await writeFile(path.join(dir, 'crash.yaml'), CASES + gets);
    const { code } = await runCli(['--server', `python3 ${SERVER} {port} {docroot}`, '--cases', dir, '--out', dir, '--concurrency', '4', '--reporter', 'json']);
    expect(code).toBe(1);
    const report = await readReportIn(dir);
    const notPassing = report.cases.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.status}`);
    expect(notPassing).toEqual(['b-trace: fail']);
  });
});
