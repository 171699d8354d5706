// A hostile server's bytes (markup, a `</script>`, NUL, backticks, pipes) and a server command
// whose start-up output is just as hostile: compare.html must show them as text, never run them,
// and compare.md must keep every table row one row of plain cells.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComparePageData } from '../../src/compare/compare-page-data.ts';
import { EVIL_HEADER, hostileServer, type Hostile } from '../report/hostile-server.ts';
import { python, runCli, scratch, writeFileIn } from './compare-helpers.ts';

const CASES = `cases:
  - id: h-evil
    title: GET /evil should carry a safe header
    area: traversal
    rfc: RFC 9110 §15.5.5
    quote: The 404 (Not Found) status code indicates that the origin server did not find a current representation.
    level: security
    tags: [leak]
    send:
      - "GET /evil HTTP/1.1\\r\\nHost: {host}\\r\\n\\r\\n"
    expect:
      - responses: [{ status: 200, headers: { x-evil: safe } }]
  - id: h-hello
    title: GET /hello.txt
    area: request-line
    rfc: RFC 9110 §9.3.1
    quote: The GET method requests transfer of a current selected representation for the target resource.
    level: MUST
    send:
      - "GET /hello.txt HTTP/1.1\\r\\nHost: {host}\\r\\n\\r\\n"
    expect:
      - responses: [{ status: 200 }]
`;

const START_OUTPUT = '</script><img src=x onerror=alert(2)>';

describe('compare with hostile servers', () => {
  let hostile: Hostile;
  let page = '';
  let md = '';
  let code = -1;

  beforeAll(async () => {
    hostile = await hostileServer();
    const dir = await scratch();
    const out = path.join(dir, 'out');
    const cases = await writeFileIn(dir, 'cases.yaml', CASES);
    const targets = await writeFileIn(
      dir,
      'targets.yaml',
      `- name: evil\n  target: 127.0.0.1:${hostile.port}\n- name: reference\n  reference: true\n- name: noisy\n  server: "${python('hostile-exit.py')}"\n`,
    );
    code = (await runCli(['compare', targets, '--cases', cases, '--out', out])).code;
    page = await readFile(path.join(out, 'compare.html'), 'utf8');
    md = await readFile(path.join(out, 'compare.md'), 'utf8');
  }, 60_000);

  afterAll(async () => {
    await hostile?.close();
  });

  it('ran the hostile server and recorded its bytes', () => {
    expect(code).toBe(1);
    const data = JSON.parse(/<script type="application\/json" id="compare-data">([^<]*)<\/script>/.exec(page)![1]!) as ComparePageData;
    const evil = data.rows.find((r) => r.id === 'h-evil')!.cells[0]!;
    expect(evil.status).toBe('fail');
    // The blob keeps the server's text exactly; only its encoding makes it inert.
    expect(`${evil.message} ${evil.actual}`).toContain(EVIL_HEADER);
    expect(evil.actual).toContain('<b>OK</b>');
    expect(data.targets[2]!.error).toContain(START_OUTPUT);
  });

  it('compare.html shows every hostile string as text: two scripts, both ours', () => {
    // The data, the page's script and the sort script of the scores table.
    expect(page.match(/<script/g)).toHaveLength(3);
    expect(page.match(/<\/script>/g)).toHaveLength(3);
    for (const raw of [EVIL_HEADER, '<b>OK</b>', START_OUTPUT, '<img', 'alert("pwned")']) expect(page).not.toContain(raw);
    expect(page).toContain('did not run: --server &quot;python3 ');
    expect(page).toContain('&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt; | `code` *bold*');
    expect(page).toContain('\\x1b[31m');
    expect(page).not.toContain('\x1b');
  });

  it('compare.md escapes markup and keeps each row one row of cells', () => {
    for (const raw of ['<script', '<img', '\x1b']) expect(md).not.toContain(raw);
    const row = md.split('\n').find((l) => l.startsWith('| noisy |'))!;
    expect(row).toContain('&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt; \\| \\`code\\` \\*bold\\* \\[link\\](javascript:alert(3)) \\\\x1b\\[31m');
    // GitHub splits a table row at every `|` not preceded by a backslash.
    const cells = (line: string): number => line.split(/(?<!\\)\|/).length;
    expect(cells(row)).toBe(cells(md.split('\n').find((l) => l.startsWith('| target |'))!));
  });
});
