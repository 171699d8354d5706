// `compare --submissions DIR --start CMD`: a folder of submissions, one subfolder per student,
// each a target whose start command runs inside its own subfolder. The names come from the
// folder names (made safe for a directory and a table heading); everything is checked before any
// server starts, so a bad folder is one line and exit code 2.

import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.ts';
import type { TargetEntry } from './targets-file.ts';

const MAX_SUBMISSIONS = 500;

/** `--start` (compare --submissions, autograder): a command that takes the free port the harness picks. */
export function checkStartCommand(start: string): void {
  if (!start.includes('{port}')) throw new UsageError('--start: the command must contain {port} (the free port the harness picks), e.g. "python3 server.py {port} {docroot}"');
}

export async function targetsFromSubmissions(dir: string, start: string): Promise<TargetEntry[]> {
  checkStartCommand(start);
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    throw new UsageError(`--submissions ${dir}: cannot read it (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const folders = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort((a, b) => a.localeCompare(b));
  if (folders.length === 0) throw new UsageError(`--submissions ${dir}: no subfolders (one folder per submission, the start command runs inside it)`);
  if (folders.length > MAX_SUBMISSIONS) throw new UsageError(`--submissions ${dir}: ${folders.length} subfolders; at most ${MAX_SUBMISSIONS}`);
  const used = new Set<string>();
  return folders.map((folder, i) => {
    const name = uniqueName(safeName(folder), used);
    return { name, spec: { kind: 'command', command: start, cwd: path.resolve(dir, folder) }, line: i + 1 };
  });
}

/** Letters, digits, `.`, `-`, `_`, starting with a letter or digit, at most 64: as targets.yaml asks. */
export function safeName(folder: string): string {
  const cleaned = folder
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 64);
  return cleaned === '' ? 'submission' : cleaned;
}

function uniqueName(name: string, used: Set<string>): string {
  let candidate = name;
  for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = `${name.slice(0, 60)}-${n}`;
  used.add(candidate.toLowerCase());
  return candidate;
}
