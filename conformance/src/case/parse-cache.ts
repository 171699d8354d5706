// Parsing the corpus with the YAML document API costs about half a second (measured: 540 ms for
// the 18 corpus files, 15 ms from the cache); a run should not pay it when nothing changed.
// Parsed files are cached by a hash of the file's path and text and of the loader's own source,
// so editing a case or the loader invalidates the entry. One entry per case file path, so the
// cache does not grow with edits; it is bounded all the same: files over MAX_CACHED_SOURCE are
// parsed every time (a large file is a test or a mistake, not the corpus), and the directory
// keeps at most MAX_ENTRIES entries, the least recently written pruned first. It is an
// optimisation only: any problem reading or writing it falls back to parsing.

import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO } from '../checkout.ts';
import { parseCaseFile, type ParsedFile } from './parse-file.ts';

// The loader's sources, by their place in the checkout: a bundle of the harness runs them from elsewhere.
const LOADER_SOURCES = path.join(REPO, 'conformance/src/case');
export const CACHE_DIR = path.join(REPO, 'node_modules/.cache/http11-conformance/cases');
/** The largest corpus file is 44 KB; ten times that still caches. */
export const MAX_CACHED_SOURCE = 512 * 1024;
/** The corpus is 18 files; the rest is room for `--cases` directories of one's own and tests. */
export const MAX_ENTRIES = 200;

let loaderFingerprint: string | null = null;

/** A hash of every source file of the loader: a changed parser must not read old entries. */
function fingerprint(): string {
  if (loaderFingerprint === null) {
    const h = createHash('sha256');
    for (const name of readdirSync(LOADER_SOURCES).filter((n) => n.endsWith('.ts')).sort()) {
      h.update(name).update(readFileSync(path.join(LOADER_SOURCES, name)));
    }
    loaderFingerprint = h.digest('hex');
  }
  return loaderFingerprint;
}

type Entry = { key: string; parsed: ParsedFile };

/**
 * What this process parsed or read already, by file and the same key: a process that loads the
 * corpus again (a test file's many in-process runs, compare's targets) skips reading and parsing
 * the cache entry, 10 ms a load. Frozen, since every load hands out the same objects.
 */
const loaded = new Map<string, Entry>();

export function parseCaseFileCached(file: string, source: string): ParsedFile {
  if (source.length > MAX_CACHED_SOURCE) return parseCaseFile(file, source);
  let entry: string | null = null;
  let key = '';
  try {
    key = createHash('sha256').update(fingerprint()).update('\0').update(source).digest('hex');
    const known = loaded.get(file);
    if (known?.key === key) return known.parsed;
    entry = path.join(CACHE_DIR, `${createHash('sha256').update(file).digest('hex')}.json`);
    const cached = JSON.parse(readFileSync(entry, 'utf8')) as Entry;
    if (cached.key === key) return remember(file, cached);
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
      prune();
    } catch {
      // a read-only checkout still works, only slower
    }
  }
  return key === '' ? parsed : remember(file, { key, parsed });
}

/** Forgets what this process loaded: the next load reads the cache directory again. */
export function forgetLoadedFiles(): void {
  loaded.clear();
}

function remember(file: string, e: Entry): ParsedFile {
  if (loaded.size >= MAX_ENTRIES && !loaded.has(file)) loaded.delete(loaded.keys().next().value!);
  deepFreeze(e.parsed);
  loaded.set(file, e);
  return e.parsed;
}

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value) || ArrayBuffer.isView(value)) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}

/** Drops the oldest entries beyond MAX_ENTRIES (run only after a write, so rarely). */
function prune(): void {
  const names = readdirSync(CACHE_DIR).filter((n) => n.endsWith('.json'));
  if (names.length <= MAX_ENTRIES) return;
  const aged = names.map((n) => {
    const p = path.join(CACHE_DIR, n);
    try {
      return { p, at: statSync(p).mtimeMs };
    } catch {
      return { p, at: 0 };
    }
  });
  aged.sort((a, b) => a.at - b.at);
  for (const { p } of aged.slice(0, aged.length - MAX_ENTRIES)) {
    try {
      unlinkSync(p);
    } catch {
      // another run pruned it first
    }
  }
}
