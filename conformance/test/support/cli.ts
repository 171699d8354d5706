// Shared by the tests that drive the harness through its CLI entry point in-process.

import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main.ts';
import type { Report } from '../../src/result/types.ts';

export type CliRun = { code: number; out: string; err: string };

/** Runs `npm run conformance -- ARGV` in this process, collecting what it prints. */
export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await main(argv, { write: (s: string) => (out += s) }, { write: (s: string) => (err += s) }, env);
  return { code, out, err };
}

export const scratchDir = (prefix = 'conformance-test-'): Promise<string> => mkdtemp(path.join(os.tmpdir(), prefix));

export async function readReportIn(dir: string): Promise<Report> {
  return JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8')) as Report;
}

/**
 * One case in YAML whose request head never ends (a server may wait for the rest, or refuse it
 * and close); indented to sit in a `cases:` list.
 */
export function idleHeadCase(id: string): string {
  return `  - id: ${id}
    title: A request head that never ends holds a worker
    area: limits
    rfc: RFC 9112 §2.2
    quote: A server that receives an incomplete request message MAY wait for the rest of it.
    level: MAY
    send: ["GET /hello.txt HTTP/1.1\\r\\nHost: {host}\\r\\n"]
    expect:
      - responses: []
      - responses: [{ status: 4xx }]
        connection: closed
`;
}

/**
 * One case in YAML that sends `GET /hello.txt` (with `extraHead` lines) and expects `status`;
 * indented to sit in a `cases:` list.
 */
export function helloCase(id: string, options: { status?: number; extraHead?: string; area?: string } = {}): string {
  const head = options.extraHead ? `${options.extraHead}\\r\\n` : '';
  return `  - id: ${id}
    title: GET /hello.txt
    area: ${options.area ?? 'static-files'}
    rfc: RFC 9110 §9.3.1
    quote: The GET method requests transfer of a current selected representation for the target resource.
    level: MUST
    send: ["GET /hello.txt HTTP/1.1\\r\\nHost: {host}\\r\\n${head}\\r\\n"]
    expect:
      - responses: [{ status: ${options.status ?? 200} }]
`;
}
