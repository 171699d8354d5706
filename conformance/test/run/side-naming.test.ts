// Each verdict names the request that produced it. A student server that dies on a connection
// closed without a request, tested by a case that holds such a connection open beside its own:
// the crash names the before connection as well as the case's request.

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../support/cli.ts';
import { runHarness, student } from './fragile.ts';

const CASE = `cases:
  - id: get-beside-idle
    title: A GET while another connection is open and silent
    area: connection
    rfc: RFC 9112 §9.1
    quote: A server MAY have several connections open at once.
    level: SHOULD
    before:
      - name: idle
    send: ["GET /hello.txt HTTP/1.1\\r\\nHost: {host}\\r\\nConnection: close\\r\\n\\r\\n"]
    expect:
      - responses: [{ status: 200 }]
`;

describe('a crash during a case with a before connection', { timeout: 60_000 }, () => {
  it('names the before connection as well as the case request', async () => {
    const dir = await scratchDir('conformance-side-');
    await writeFile(path.join(dir, 'side.yaml'), CASE);
    const run = await runHarness(['--server', student('dies-on-empty-connection.py'), '--cases', dir, '--timeout', '1000']);
    const r = run.byId['get-beside-idle']!;
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/^server crashed \(.*\) during this case \(its request, or its before connection "idle"\) and was restarted/);
  });

  // Under load the death can show late: after the harness's look for an exit, the fresh GET that
  // tells a hung server from a live one is taken into the dying server's backlog, then reset.
  it('is still a crash, not a hang, when the server takes a while to die', async () => {
    const dir = await scratchDir('conformance-side-');
    await writeFile(path.join(dir, 'side.yaml'), CASE);
    const run = await runHarness(['--server', student('dies-on-empty-connection.py', '0.3'), '--cases', dir, '--timeout', '1000']);
    const r = run.byId['get-beside-idle']!;
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/^server crashed \(.*\) during this case \(its request, or its before connection "idle"\) and was restarted/);
    expect(run.report.health?.hangs).toEqual([]);
  });
});
