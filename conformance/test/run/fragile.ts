// Shared by the tests of the fragile student servers (conformance/test/servers/): run the harness
// against one, read its report, and replay a case from the rerun line the report printed.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CaseResult, Report } from '../../src/result/types.ts';
import { readReportIn, runCli, scratchDir } from '../support/cli.ts';

export const SERVERS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../servers');

/** `python3 conformance/test/servers/NAME {port} {docroot} ARGS...` */
export function student(name: string, ...args: string[]): string {
  return ['python3', path.join(SERVERS, name), '{port}', '{docroot}', ...args].join(' ');
}

export type Run = { code: number; out: string; report: Report; byId: Record<string, CaseResult> };

/** Runs the harness in process with `argv`, JSON and terminal reporters, into a fresh directory. */
export async function runHarness(argv: readonly string[]): Promise<Run> {
  const dir = await scratchDir('conformance-fragile-');
  const { code, out } = await runCli([...argv, '--out', dir, '--reporter', 'json', '--reporter', 'terminal']);
  const report = await readReportIn(dir);
  return { code, out, report, byId: Object.fromEntries(report.cases.map((c) => [c.id, c])) };
}

/** Splits a POSIX shell line of plain words and single-quoted strings (what rerun lines hold). */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unbalanced quote in: ${line}`);
      word += line.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (ch === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (ch === ' ') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** Runs the case again exactly as its rerun line says, and returns its result there. */
export async function replay(r: CaseResult): Promise<CaseResult> {
  const prefix = 'npm run conformance -- ';
  if (!r.reproduce.startsWith(prefix)) throw new Error(`not a rerun line: ${r.reproduce}`);
  const run = await runHarness(shellWords(r.reproduce.slice(prefix.length)));
  const again = run.byId[r.id];
  if (again === undefined) throw new Error(`the rerun line did not run ${r.id}: ${r.reproduce}`);
  return again;
}
