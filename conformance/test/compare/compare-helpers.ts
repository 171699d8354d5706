// Shared by the compare tests: a scratch directory, a file in it, compare.json, the start
// command of a test server, and a small case file whose expectations the reference server meets.
// The in-process CLI runner is the one every CLI test uses.

import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Comparison } from '../../src/compare/comparison.ts';
import { runCli, scratchDir } from '../support/cli.ts';

export { runCli };

export const SERVERS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'servers');

export const scratch = (): Promise<string> => scratchDir('conformance-compare-');

export async function writeFileIn(dir: string, name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

export async function readComparison(outDir: string): Promise<Comparison> {
  return JSON.parse(await readFile(path.join(outDir, 'compare.json'), 'utf8')) as Comparison;
}

export function python(server: string, args = '{port} {docroot}'): string {
  return `python3 ${path.join(SERVERS, server)} ${args}`;
}

/**
 * Four cases a first-week student server answers four different ways: x-get-hello passes
 * everywhere, x-no-host fails (it serves a request without Host), x-date warns (no Date), and
 * x-echo is skipped (no echo route). The reference server passes all four.
 */
export const FOUR_CASES = `cases:
  - id: x-get-hello
    title: GET /hello.txt
    area: request-line
    rfc: RFC 9110 §9.3.1
    quote: The GET method requests transfer of a current selected representation for the target resource.
    level: MUST
    send:
      - "GET /hello.txt HTTP/1.1\\r\\nHost: {host}\\r\\n\\r\\n"
    expect:
      - responses: [{ status: 200, body: { file: hello.txt } }]
  - id: x-no-host
    title: HTTP/1.1 request without Host
    area: host
    rfc: RFC 9112 §3.2
    quote: A server MUST respond with a 400 (Bad Request) status code to any HTTP/1.1 request message that lacks a Host header field.
    level: MUST
    send:
      - "GET /hello.txt HTTP/1.1\\r\\n\\r\\n"
    expect:
      - responses: [{ status: 400 }]
  - id: x-date
    title: A 200 carries Date
    area: response-framing
    rfc: RFC 9110 §6.6.1
    quote: An origin server with a clock MUST generate a Date header field in all 2xx responses.
    level: SHOULD
    send:
      - "GET /hello.txt HTTP/1.1\\r\\nHost: {host}\\r\\n\\r\\n"
    expect:
      - responses: [{ status: 200, headers: { date: { present: true } } }]
  - id: x-echo
    title: POST /echo answers the body
    area: content-length
    rfc: RFC 9112 §6.2
    quote: A Content-Length header field gives the length of the message body.
    level: MUST
    needs: [echo]
    send:
      - "POST /echo HTTP/1.1\\r\\nHost: {host}\\r\\nContent-Length: 5\\r\\n\\r\\nhello"
    expect:
      - responses: [{ status: 200, body: hello }]
`;
