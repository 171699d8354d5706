// Parsing the corpus with the YAML document API costs about a second; a run should not pay it
// when nothing changed. Parsed files are cached by a hash of the file's path and text and of the
// loader's own source, so editing a case or the loader invalidates the entry. One entry per case
// file path, so the cache does not grow with edits. It is an optimisation only: any problem
// reading or writing it falls back to parsing.

import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCaseFile, type ParsedFile } from './parse-file.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CACHE_DIR = path.resolve(HERE, '../../../node_modules/.cache/http11-conformance/cases');

let loaderFingerprint: string | null = null;

/** A hash of every source file of the loader: a changed parser must not read old entries. */
function fingerprint(): string {
  if (loaderFingerprint === null) {
    const h = createHash('sha256');
    for (const name of readdirSync(HERE).filter((n) => n.endsWith('.ts')).sort()) {
      h.update(name).update(readFileSync(path.join(HERE, name)));
    }
    loaderFingerprint = h.digest('hex');
  }
  return loaderFingerprint;
}

type Entry = { key: string; parsed: ParsedFile };

export function parseCaseFileCached(file: string, source: string): ParsedFile {
  let entry: string | null = null;
  let key = '';
  try {
    key = createHash('sha256').update(fingerprint()).update('\0').update(source).digest('hex');
    entry = path.join(CACHE_DIR, `${createHash('sha256').update(file).digest('hex')}.json`);
    const cached = JSON.parse(readFileSync(entry, 'utf8')) as Entry;
    if (cached.key === key) return cached.parsed;
  } catch {
    // not cached yet (or unreadable): parse below
  }
  const parsed = parseCaseFile(file, source);
  if (entry !== null) {
    try {
      mkdirSync(CACHE_DIR, { recursive: true });
      const tmp = `${entry}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ key, parsed } satisfies Entry));
      renameSync(tmp, entry);
    } catch {
      // a read-only checkout still works, only slower
    }
  }
  return parsed;
}
