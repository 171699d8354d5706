// A started server that dies during a case is restarted; the case that killed it fails with the
// exit status and the server's last output, and the cases after it still run.

import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';

const SERVER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../servers/crashes-on-trace.py');

const get = (id: string): string => `  - id: ${id}
    title: GET /hello.txt
    area: methods
    rfc: RFC 9110 §9.3.1
    quote: The GET method requests transfer of a current selected representation for the target resource.
    level: MUST
    send: ["GET /hello.txt HTTP/1.1\\r\\nHost: {host}\\r\\nConnection: close\\r\\n\\r\\n"]
    expect:
      - responses: [{ status: 200, body: { file: hello.txt } }]
`;

const CASES = `cases:
${get('a-before')}  - id: b-trace
    title: TRACE kills this server
    area: methods
    rfc: RFC 9110 §9.3.8
    quote: The TRACE method requests a remote, application-level loop-back of the request message.
    level: SHOULD
    send: ["TRACE / HTTP/1.1\\r\\nHost: {host}\\r\\n\\r\\n"]
    expect:
      - responses: [{ status: [405, 501] }]
${get('c-after')}`;

describe('a server that crashes', () => {
  it('is restarted, and the crash is blamed on the case that caused it', { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'conformance-crash-'));
    await writeFile(path.join(dir, 'crash.yaml'), CASES);
    let out = '';
    const code = await main(
      ['--server', `python3 ${SERVER} {port} {docroot}`, '--cases', dir, '--out', dir, '--concurrency', '1', '--reporter', 'json', '--reporter', 'terminal'],
      { write: (s: string) => (out += s) },
      { write: () => {} },
      {},
    );
    expect(code).toBe(1);
    const report = JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8'));
    const byId = Object.fromEntries(report.cases.map((c: { id: string }) => [c.id, c]));
    expect(byId['a-before'].status).toBe('pass');
    expect(byId['b-trace'].status).toBe('fail');
    expect(byId['b-trace'].message).toMatch(/^server crashed \(exit code 70\) during this case and was restarted; last output: .*unsupported method TRACE/);
    expect(byId['c-after'].status).toBe('pass');
    expect(out).toMatch(/^FAIL b-trace .*server crashed/m);
  });
});
