// Shared by the interrupt tests: a run whose third case the server holds for a minute, started
// in a process of its own (from the harness's bundle; interrupt-run also starts it through npm,
// as users do), and what must hold once it is interrupted.

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type ResultPromise } from 'execa';
import { expect } from 'vitest';
import type { Report } from '../../src/result/types.ts';
import { helloCase, readReportIn, scratchDir } from '../support/cli.ts';
import { harnessNodeArgs } from '../support/harness-process.ts';
import { listensOn, portOf, processesNaming } from './leftovers.ts';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '../../..');
export const SERVER = path.resolve(HERE, '../servers/sleeps-on-slow.py');

// Two cases judged quickly (they fail: the file exists), one held by the server, two after it.
const CASES = `cases:
${helloCase('a-1', { status: 404 })}${helloCase('a-2', { status: 404 })}  - id: b-slow
    title: GET /slow, which the server holds for a minute
    area: static-files
    rfc: RFC 9110 §9.3.1
    quote: The GET method requests transfer of a current selected representation for the target resource.
    level: MUST
    send: ["GET /slow HTTP/1.1\\r\\nHost: {host}\\r\\n\\r\\n"]
    expect:
      - responses: [{ status: 404 }]
${helloCase('c-1', { status: 404 })}${helloCase('c-2', { status: 404 })}`;

export async function setup(): Promise<{ dir: string; mark: string; args: string[] }> {
  const dir = await scratchDir('conformance-interrupt-');
  await writeFile(path.join(dir, 'cases.yaml'), CASES);
  const mark = path.join(dir, 'slow-arrived');
  const args = ['--server', `python3 ${SERVER} {port} {docroot} ${mark}`, '--cases', dir, '--out', dir, '--concurrency', '1', '--timeout', '30000', '--capabilities', 'keep-alive'];
  return { dir, mark, args };
}

const HARNESS = await harnessNodeArgs();

export const harness = (args: string[]): ResultPromise =>
  execa(process.execPath, [...HARNESS, ...args], { cwd: REPO, reject: false, env: { NO_COLOR: '1' } });

export async function expectInterruptedReport(dir: string, signal: string): Promise<Report> {
  const report = await readReportIn(dir);
  expect(report.interrupted).toBe(true);
  expect(report.notRun).toBe(3);
  const status = Object.fromEntries(report.cases.map((c) => [c.id, `${c.status}: ${c.message.slice(0, 40)}`]));
  expect(status['a-1']).toMatch(/^fail/);
  expect(status['a-2']).toMatch(/^fail/);
  for (const id of ['b-slow', 'c-1', 'c-2']) expect(report.cases.find((c) => c.id === id)!.message).toBe(`not run: the run was interrupted (${signal})`);
  return report;
}

export function expectNothingLeft(report: Report, dir: string): void {
  const port = portOf(report.target.address);
  expect(listensOn(port)).toBe(false);
  expect(processesNaming(port)).toEqual([]);
  // Nor the harness itself (its command line names the scratch directory).
  expect(processesNaming(dir)).toEqual([]);
}
