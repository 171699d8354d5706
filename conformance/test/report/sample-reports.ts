// Reports for the reporter tests: one from a real run of the harness against the hostile server
// (cheap: six cases, one of them a 300 ms timeout), and a hand-built one with every status,
// including `error`, which a real run only gives when the target refuses connections.

import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main.ts';
import type { CaseResult, Report } from '../../src/result/types.ts';
import { summarize } from '../../src/run/summary.ts';
import { EVIL_BODY, EVIL_HEADER, hostileServer } from './hostile-server.ts';

const CASES = `cases:
  - id: t-pass-hello
    title: GET /hello.txt is answered
    area: request-line
    rfc: RFC 9110 §9.3.1
    quote: The GET method requests transfer of a current selected representation for the target resource.
    level: MUST
    send:
      - "GET /hello.txt HTTP/1.1\\r\\nHost: {host}\\r\\n\\r\\n"
    expect:
      - responses: [{ status: 200 }]
  - id: t-fail-evil
    title: GET /evil should be a 404 <b>bold</b>
    area: traversal
    rfc: RFC 9110 §15.5.5
    quote: The 404 (Not Found) status code indicates that the origin server did not find a current representation.
    level: security
    tags: [leak]
    send:
      - "GET /evil HTTP/1.1\\r\\nHost: {host}\\r\\n\\r\\n"
    expect:
      - responses: [{ status: 404 }]
        connection: open
  - id: t-warn-should
    title: GET /nope with a split write # and a hash
    area: header-fields
    rfc: RFC 9110 §15.5.1
    quote: The server SHOULD send 400.
    level: SHOULD
    send:
      - "GET /nope HTTP/1.1\\r\\n"
      - pause: 50
      - "Host: {host}\\r\\n\\r\\n"
    expect:
      - responses: [{ status: 400 }]
  - id: t-skip-echo
    title: POST /echo needs the echo route
    area: chunked
    rfc: RFC 9112 §7.1
    quote: A recipient MUST be able to parse the chunked transfer coding.
    level: MUST
    needs: [echo]
    send:
      - "POST /echo HTTP/1.1\\r\\nHost: {host}\\r\\nContent-Length: 1\\r\\n\\r\\nx"
    expect:
      - responses: [{ status: 200 }]
  - id: t-timeout-slow
    title: GET /slow is never answered
    area: limits
    rfc: RFC 9112 §9.5
    quote: A client, server, or proxy MAY close the transport connection at any time.
    level: MUST
    timeout: 300
    send:
      - "GET /slow HTTP/1.1\\r\\nHost: {host}\\r\\n\\r\\n"
    expect:
      - responses: [{ status: 200 }]
  - id: t-pass-missing
    title: GET /missing is a 404
    area: request-line
    rfc: RFC 9110 §15.5.5
    quote: The 404 (Not Found) status code indicates that the origin server did not find a current representation.
    level: MUST
    send:
      - "GET /missing HTTP/1.1\\r\\nHost: {host}\\r\\n\\r\\n"
    expect:
      - responses: [{ status: 404 }]
`;

/** Counts per status of `realReport()`; asserted once there so the other tests can rely on them. */
export const REAL_COUNTS = { pass: 2, warn: 1, fail: 1, timeout: 1, skip: 1, error: 0 } as const;

/** Runs the harness's CLI against the hostile server and returns the report.json it wrote. */
export async function realReport(): Promise<Report> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'report-real-'));
  const casesFile = path.join(dir, 'cases.yaml');
  await writeFile(casesFile, CASES);
  const server = await hostileServer();
  try {
    let out = '';
    let err = '';
    const code = await main(
      ['--target', `127.0.0.1:${server.port}`, '--cases', casesFile, '--out', dir, '--reporter', 'json', '--concurrency', '2'],
      { write: (s: string) => (out += s) },
      { write: (s: string) => (err += s) },
      {},
    );
    if (code === 2) throw new Error(`the harness could not run: ${err}${out}`);
    return JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8')) as Report;
  } finally {
    await server.close();
  }
}

const base = {
  rfc: 'RFC 9112 §6.3',
  quote: 'the recipient MUST treat it as an unrecoverable error',
  durationMs: 12.5,
  mode: 'as-written',
  reproduce: "npm run conformance -- --target 127.0.0.1:8080 --id X",
} as const;

function result(over: Partial<CaseResult> & Pick<CaseResult, 'id' | 'status'>): CaseResult {
  return {
    title: `title of ${over.id}`,
    area: 'content-length',
    level: 'MUST',
    message: `message of ${over.id}`,
    expected: ['400, then closed', 'no response, closed [warn: closing without a response tells the client nothing]'],
    actual: '200 OK (Content-Length: 5), then closed by server',
    matched: null,
    wire: [],
    received: '',
    ...base,
    reproduce: base.reproduce.replace('X', over.id),
    ...over,
  };
}

/** Every status at least once, levels and areas mixed, hostile text where a server puts it. */
export function handBuiltReport(): Report {
  const evilReceived = `HTTP/1.1 200 OK\\r\\nX-Evil: ${EVIL_HEADER}\\r\\nContent-Length: 5\\r\\n\\r\\n${EVIL_BODY.replace(/\x00/g, '\\0')}`;
  const cases: CaseResult[] = [
    result({ id: 'cl-pass-a', status: 'pass', matched: 0, message: '400, then closed', actual: '400 Bad Request, then closed by server' }),
    result({ id: 'cl-pass-b', status: 'pass', level: 'SHOULD', area: 'chunked', matched: 0, actual: '400 Bad Request, then closed by server' }),
    result({ id: 'cl-warn', status: 'warn', level: 'SHOULD', matched: 1, message: 'allowed but discouraged: closing without a response tells the client nothing', actual: 'no response; closed by server' }),
    result({
      id: 'cl-fail-evil',
      status: 'fail',
      level: 'security',
      area: 'traversal',
      title: 'Hostile <script>alert("title")</script> & friends',
      message: 'closest allowed outcome "400, then closed": expected status 400, got 200',
      // The actual line is built from the status line the server sent, raw NUL and all.
      actual: `200 ${EVIL_HEADER}\x00 (Content-Length: 5), then still open`,
      wire: [
        { kind: 'write', atMs: 0.4, text: 'POST / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: +5\\r\\n\\r\\n' },
        { kind: 'pause', atMs: 0.6, ms: 300 },
        { kind: 'write', atMs: 301, text: "hello 'quoted' \\\\ \\x00\\xff" },
        { kind: 'read', atMs: 310.2, text: evilReceived },
        { kind: 'end', atMs: 2000, how: 'timeout' },
      ],
      received: evilReceived,
    }),
    result({ id: 'cl-timeout', status: 'timeout', area: 'limits', level: 'robustness', message: 'no response within 2000 ms', actual: 'no response; still open after 2000 ms' }),
    result({ id: 'cl-skip', status: 'skip', level: 'MAY', area: 'chunked', message: 'target does not offer echo', missing: ['echo'], actual: '' }),
    result({
      id: 'cl-error',
      status: 'error',
      area: 'traversal',
      message: 'could not connect: ECONNREFUSED',
      actual: 'connect ECONNREFUSED 127.0.0.1:1',
      wire: [{ kind: 'error', atMs: 1, code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:1' }],
    }),
  ];
  return {
    tool: { name: 'http11-conformance', version: '0.1.0' },
    target: { kind: 'address', address: '127.0.0.1:8080' },
    startedAt: '2026-01-02T03:04:05.000Z',
    durationMs: 4321,
    options: {},
    capabilities: { echo: false, 'keep-alive': true },
    summary: summarize(cases),
    cases,
  };
}

/**
 * A case with two `before:` connections, as `conn-concurrent-while-stalled` and
 * `conn-client-abort` make them: one stalled halfway through its head, one that asked for a big
 * file and was reset, its megabytes mostly not kept. The case's own connection timed out.
 */
export function sideConnectionResult(): CaseResult {
  return result({
    id: 'conn-stalled-sides',
    status: 'timeout',
    area: 'connection',
    level: 'robustness',
    rfc: 'RFC 9110 §17.5',
    message: 'no response within 1000 ms',
    expected: ['200 (body: the file hello.txt)'],
    actual: 'no response; still open after 1000 ms',
    before: [
      {
        name: 'stalled',
        receivedBytes: 0,
        wire: [
          { kind: 'write', atMs: 0.3, text: 'GET /hello.txt HTTP/1.1\\r\\nHo' },
          { kind: 'end', atMs: 1004.2, how: 'open' },
        ],
      },
      {
        name: 'aborted',
        receivedBytes: 10_485_805,
        wire: [
          { kind: 'write', atMs: 0.2, text: 'GET /big.bin HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n' },
          { kind: 'read', atMs: 1.9, text: `HTTP/1.1 200 OK\\r\\nContent-Length: 10485760\\r\\n\\r\\n${'x'.repeat(100)}... (65504 more bytes)` },
          { kind: 'read', atMs: 2.4, text: '(10420156 bytes not shown)' },
          { kind: 'close', atMs: 2.5, how: 'reset' },
          { kind: 'end', atMs: 2.5, how: 'open' },
        ],
      },
    ],
    wire: [
      { kind: 'write', atMs: 0.4, text: 'GET /hello.txt HTTP/1.1\\r\\nHost: 127.0.0.1:8080\\r\\n\\r\\n' },
      { kind: 'end', atMs: 1000.8, how: 'timeout' },
    ],
  });
}

/** `handBuiltReport()` with `sideConnectionResult()` added at the end. */
export function reportWithBefore(): Report {
  const report = handBuiltReport();
  report.cases.push(sideConnectionResult());
  report.summary = summarize(report.cases);
  return report;
}
