import { describe, expect, it } from 'vitest';
import { checkMount, mountCase } from '../../src/run/mount.ts';
import { simpleCase } from '../judge/wire-values.ts';

const texts = (c: ReturnType<typeof simpleCase>): string[] => c.send.flatMap((s) => (s.kind === 'write' ? s.parts.map((p) => p.text) : []));

describe('a mount prefix', () => {
  it('accepts a path prefix and refuses anything else, in one line naming the flag', () => {
    expect(checkMount('/files')).toBe('/files');
    expect(checkMount('/a/b-c')).toBe('/a/b-c');
    for (const bad of ['files', '/files/', '/', '/a b', '/a\r\n']) expect(() => checkMount(bad), bad).toThrow(/^--mount /);
  });

  it('moves the first request line, the canary and bodiless pipelined requests under the prefix', () => {
    const c = simpleCase('MUST', '- responses: [{ status: 200 }]', '"GET /hello.txt HTTP/1.1\\r\\nHost: {host}\\r\\n\\r\\nGET /index.html HTTP/1.1\\r\\nHost: {host}\\r\\n\\r\\n{canary}"');
    expect(texts(mountCase(c, '/files'))).toEqual([
      'GET /files/hello.txt HTTP/1.1\r\nHost: {host}\r\n\r\nGET /files/index.html HTTP/1.1\r\nHost: {host}\r\n\r\nGET /files/canary.txt HTTP/1.1\r\nHost: {host}\r\n\r\n',
    ]);
  });

  it('leaves a request hidden in a body alone, so declared lengths stay true, and never touches the original case', () => {
    const send = '"POST /hello.txt HTTP/1.1\\r\\nHost: {host}\\r\\nContent-Length: 39\\r\\n\\r\\n0\\r\\n\\r\\nGET /missing HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n{canary}"';
    const c = simpleCase('MUST', '- responses: [{ status: 200 }]', send);
    const [text] = texts(mountCase(c, '/static'));
    expect(text).toMatch(/^POST \/static\/hello\.txt /);
    expect(text).toContain('\r\n\r\nGET /missing HTTP/1.1');
    expect(text).toMatch(/GET \/static\/canary\.txt HTTP\/1\.1\r\nHost: \{host\}\r\n\r\n$/);
    expect(texts(c)[0]).toMatch(/^POST \/hello\.txt .*\{canary\}$/s);
  });

  it('leaves absolute-form and asterisk-form targets as written', () => {
    const c = simpleCase('MUST', '- responses: [{ status: 200 }]', '"OPTIONS * HTTP/1.1\\r\\nHost: {host}\\r\\n\\r\\nGET http://{host}/hello.txt HTTP/1.1\\r\\nHost: {host}\\r\\n\\r\\n"');
    expect(texts(mountCase(c, '/files'))).toEqual(texts(c));
  });
});

describe('--mount end to end', () => {
  it('tests a server that serves the docroot under /files, and the rerun line carries the prefix', async () => {
    const { symlink } = await import('node:fs/promises');
    const path = await import('node:path');
    const { runCli, scratchDir, readReportIn } = await import('../support/cli.ts');
    const { ensureFixtures } = await import('../../src/fixtures/ensure-fixtures.ts');
    const site = await scratchDir('mount-site-');
    await symlink((await ensureFixtures()).docroot, path.join(site, 'files'));
    const out = await scratchDir();
    const server = `python3 -m http.server {port} --bind 127.0.0.1 --directory ${site}`;
    const run = await runCli(['--server', server, '--mount', '/files', '--id', 'stat-case-sensitive-exact', '--id', 'stat-empty-file', '--timeout', '1000', '--quiet', '--out', out]);
    expect(run.err).toBe('');
    const report = await readReportIn(out);
    const statuses = Object.fromEntries(report.cases.map((c) => [c.id, c.status]));
    expect(statuses).toEqual({ 'stat-case-sensitive-exact': 'pass', 'stat-empty-file': 'pass' });
    for (const c of report.cases) expect(c.reproduce).toContain('--mount /files');
    expect((await runCli(['--server', server, '--mount', 'files', '--id', 'stat-empty-file'])).err).toMatch(/^error: --mount files: a path prefix such as \/files/m);
  }, 20_000);
});

describe('--mount and the probes', () => {
  it('learns {etag}, {last-modified} and echo from a server that has them only under the prefix', async () => {
    const path = await import('node:path');
    const { runCli, scratchDir, readReportIn } = await import('../support/cli.ts');
    const dir = await scratchDir('mount-probe-');
    const cases = path.join(dir, 'cases.yaml');
    const common = 'area: conditional\n    rfc: RFC 9110 §13.1.2\n    quote: q\n    level: MUST';
    const { writeFile } = await import('node:fs/promises');
    await writeFile(
      cases,
      `cases:
  - id: x-inm
    title: If-None-Match with the ETag learnt
    ${common}
    needs: [conditional]
    send:
      - "GET /hello.txt HTTP/1.1\\r\\nHost: {host}\\r\\nIf-None-Match: {etag}\\r\\n\\r\\n"
    expect:
      - responses: [{ status: 304 }]
  - id: x-ims
    title: If-Modified-Since with the Last-Modified learnt
    ${common}
    needs: [conditional]
    send:
      - "GET /hello.txt HTTP/1.1\\r\\nHost: {host}\\r\\nIf-Modified-Since: {last-modified}\\r\\n\\r\\n"
    expect:
      - responses: [{ status: 304 }]
  - id: x-echo
    title: the echo route
    ${common}
    needs: [echo]
    send:
      - "POST /echo HTTP/1.1\\r\\nHost: {host}\\r\\nContent-Length: 5\\r\\n\\r\\nhello"
    expect:
      - responses: [{ status: 200, body: hello }]
`,
    );
    const server = `python3 ${path.join(import.meta.dirname, '../servers/mounted-validators.py')} {port} {docroot}`;
    const out = await scratchDir();
    const run = await runCli(['--server', server, '--mount', '/files', '--cases', cases, '--timeout', '1000', '--quiet', '--out', out]);
    expect(run.err).toBe('');
    const report = await readReportIn(out);
    expect(report.capabilities.echo).toBe(true);
    expect(Object.fromEntries(report.cases.map((c) => [c.id, `${c.status}: ${c.message}`]))).toEqual({ 'x-inm': expect.stringMatching(/^pass/), 'x-ims': expect.stringMatching(/^pass/), 'x-echo': expect.stringMatching(/^pass/) });
  }, 20_000);
});
