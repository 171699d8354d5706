// Which files a `--cases` argument names: files as given, directories searched recursively for
// `*.yaml`/`*.yml`, skipping `fixtures` (the docroot holds YAML that is not a case file).

import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CaseFileError } from './case-file-error.ts';

const CASE_FILE = /\.ya?ml$/;
const SKIPPED_DIRS = new Set(['fixtures', 'node_modules']);

export async function findCaseFiles(paths: string[]): Promise<string[]> {
  const found = new Set<string>();
  for (const path of paths) {
    const info = await stat(path).catch((err: NodeJS.ErrnoException) => {
      throw new CaseFileError(path, 0, describeFsError(err));
    });
    if (info.isDirectory()) await walk(path, found);
    else found.add(path);
  }
  return [...found].sort();
}

async function walk(dir: string, found: Set<string>): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    throw new CaseFileError(dir, 0, describeFsError(err));
  });
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) await walk(path, found);
    } else if (CASE_FILE.test(entry.name) && (entry.isFile() || entry.isSymbolicLink())) {
      found.add(path);
    }
  }
}

export function describeFsError(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return `cannot read (${err.code ?? err.message})`;
  }
}
