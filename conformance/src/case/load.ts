// Loading the corpus: find the case files, parse and check each one, and make sure ids are
// unique across all of them. `loadCases` stops at the first problem; `lintCases` lists them all.

import { readFile, stat } from 'node:fs/promises';
import { CaseFileError } from './case-file-error.ts';
import { describeFsError, findCaseFiles } from './find-case-files.ts';
import { gradingPolicyProblems } from '../judge/grading-policy.ts';
import { MAX_FILE_BYTES } from './limits.ts';
import { parseCaseFileCached } from './parse-cache.ts';
import { describeBytes } from './send-size.ts';
import type { Case } from './types.ts';

export { CaseFileError } from './case-file-error.ts';
export { findCaseFiles } from './find-case-files.ts';

type Checked = { cases: Case[]; problems: CaseFileError[] };

export async function loadCases(paths: string[]): Promise<Case[]> {
  const { cases, problems } = await checkAll(paths, true);
  if (problems[0]) throw problems[0];
  return cases;
}

export async function lintCases(paths: string[]): Promise<CaseFileError[]> {
  const { cases, problems } = await checkAll(paths, false);
  // The grading policy (judge/grading-policy.ts) is checked by lint only: loading stays lenient.
  const policy = cases.flatMap((c) => gradingPolicyProblems(c).map((p) => new CaseFileError(c.pos.file, p.line, p.problem)));
  return [...problems, ...policy].sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
}

async function checkAll(paths: string[], stopAtMissingPath: boolean): Promise<Checked> {
  const files: string[] = [];
  const problems: CaseFileError[] = [];
  for (const path of paths) {
    try {
      files.push(...(await findCaseFiles([path])));
    } catch (err) {
      if (!(err instanceof CaseFileError) || stopAtMissingPath) throw err;
      problems.push(err);
    }
  }
  const unique = [...new Set(files)].sort();

  const cases: Case[] = [];
  const seen = new Map<string, Case>();
  for (const file of unique) {
    let source: string;
    try {
      // Checked before reading: a 100 MB file would cost its size several times over to parse.
      const size = (await stat(file)).size;
      if (size > MAX_FILE_BYTES) {
        problems.push(new CaseFileError(file, 1, `the file is ${describeBytes(size)}, over the ${describeBytes(MAX_FILE_BYTES)} limit for a case file (write long runs as { repeat, times })`));
        continue;
      }
      source = await readFile(file, 'utf8');
    } catch (err) {
      problems.push(new CaseFileError(file, 0, describeFsError(err as NodeJS.ErrnoException)));
      continue;
    }
    const parsed = parseCaseFileCached(file, source);
    const fileProblems = parsed.problems.map((p) => ({ ...p }));
    for (const c of parsed.cases) {
      const first = seen.get(c.id);
      if (first) {
        fileProblems.push({ line: c.pos.line, problem: `duplicate id "${c.id}" (first used at ${first.pos.file}:${first.pos.line})` });
        continue;
      }
      seen.set(c.id, c);
      cases.push(c);
    }
    fileProblems.sort((a, b) => a.line - b.line);
    problems.push(...fileProblems.map((p) => new CaseFileError(file, p.line, p.problem)));
  }
  return { cases, problems };
}
