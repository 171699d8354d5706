// Maps decoded path segments to a file under the docroot, and keeps a small cache of what it
// found. Confinement is checked on real paths: a symlink may point anywhere, so the realpath of
// the file must lie under the realpath of the root. A cached entry is trusted for
// `revalidateMs`, then looked up again, so a busy file costs at most one lookup per interval.

import { constants as fsConstants, promises as fsp } from 'node:fs';
import type { Stats } from 'node:fs';
import path from 'node:path';

import { formatHttpDate } from './http-date.ts';
import { contentTypeFor } from './mime.ts';
import type { QuirkFlags } from './quirks.ts';
import { encodePath } from './resolve-path.ts';
import { shareBody } from './wire-cache.ts';

export type FileEntry = {
  realPath: string;
  size: number;
  mtimeMs: number;
  ino: number;
  contentType: string;
  /** Strong: `"<size hex>-<mtime ms hex>"`. */
  etag: string;
  /** Last-Modified in ms (whole seconds), clamped to the time of the last check. */
  lastModified: number;
  /** Content-Type, ETag, Last-Modified and Accept-Ranges field lines. */
  metaFields: string;
  /** `metaFields` plus Content-Length: the fields of a 200 for the whole file. */
  fullFields: string;
  /** The whole file when it is small enough to cache; null means stream it from disk. */
  body: Buffer | null;
  /** When this entry was last confirmed against the file system. */
  checkedAt: number;
};

export type Lookup =
  | { kind: 'file'; entry: FileEntry }
  | { kind: 'redirect'; location: string }
  /** Quirks only: the entries of a directory without index.html, for an unconfined lookup. */
  | { kind: 'listing'; names: string[] }
  | { kind: 'error'; status: number; detail: string };

export type StaticFilesOptions = {
  /** Files up to this size are kept in memory. */
  cacheFileBytes: number;
  /** Bound on the memory the cache holds. */
  cacheTotalBytes: number;
  cacheEntries: number;
  revalidateMs: number;
  /** Deliberate deviations (see quirks.ts); null in normal use. */
  quirks: QuirkFlags | null;
};

export const DEFAULT_STATIC_OPTIONS: StaticFilesOptions = {
  cacheFileBytes: 256 * 1024,
  cacheTotalBytes: 64 * 1024 * 1024,
  cacheEntries: 4096,
  revalidateMs: 1000,
  quirks: null,
};

const NOT_FOUND: Lookup = { kind: 'error', status: 404, detail: 'no such file' };
const FORBIDDEN: Lookup = { kind: 'error', status: 403, detail: 'file is not readable' };

function errnoLookup(err: unknown): Lookup {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  // EACCES is the only failure that says something exists that we may not show; everything
  // else (ENOENT, ENOTDIR, ENAMETOOLONG, ELOOP, EISDIR, ...) is simply not found.
  return code === 'EACCES' || code === 'EPERM' ? FORBIDDEN : NOT_FOUND;
}

export function etagFor(size: number, mtimeMs: number): string {
  return `"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`;
}

export class StaticFiles {
  readonly #rootReal: string;
  readonly #options: StaticFilesOptions;
  readonly #cache = new Map<string, FileEntry>();
  readonly #pending = new Map<string, Promise<Lookup>>();
  #cachedBytes = 0;
  readonly #quirks: QuirkFlags | null;

  private constructor(rootReal: string, options: StaticFilesOptions) {
    this.#rootReal = rootReal;
    this.#options = options;
    this.#quirks = options.quirks;
  }

  /** Fails (with the fs error) when the root does not exist or is not a directory. */
  static async open(root: string, options: Partial<StaticFilesOptions> = {}): Promise<StaticFiles> {
    const rootReal = await fsp.realpath(root);
    const st = await fsp.stat(rootReal);
    if (!st.isDirectory()) throw new Error(`not a directory: ${root}`);
    return new StaticFiles(rootReal, { ...DEFAULT_STATIC_OPTIONS, ...options });
  }

  get root(): string {
    return this.#rootReal;
  }

  /** Synchronous when the answer is cached and fresh: the fast path allocates nothing. */
  lookup(segments: readonly string[], trailingSlash: boolean, now: number = Date.now()): Lookup | Promise<Lookup> {
    const key = trailingSlash ? `${segments.join('/')}/` : segments.join('/');
    const cached = this.#cache.get(key);
    if (cached !== undefined && now - cached.checkedAt < this.#options.revalidateMs) {
      return { kind: 'file', entry: cached };
    }
    let pending = this.#pending.get(key);
    if (pending === undefined) {
      pending = this.#resolve(key, path.join(this.#rootReal, ...segments), segments, trailingSlash, cached).finally(() => this.#pending.delete(key));
      this.#pending.set(key, pending);
    }
    return pending;
  }

  /**
   * Quirks only: `relPath` is joined to the root like Python's os.path.join (an absolute
   * `relPath` replaces the root) and nothing checks where it lands.
   */
  lookupUnconfined(relPath: string, trailingSlash: boolean): Promise<Lookup> {
    const joined = path.resolve(this.#rootReal, relPath);
    return this.#resolve(`\0${joined}`, joined, null, trailingSlash, undefined);
  }

  #within(real: string): boolean {
    // Quirk: a symlink may lead anywhere; the lexical confinement of the segments still holds.
    if (this.#quirks?.['follow-symlinks-out']) return true;
    const root = this.#rootReal;
    if (real === root) return true;
    return real.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
  }

  async #resolve(
    key: string,
    joined: string,
    /** The decoded segments `joined` was built from; null for an unconfined (quirk) lookup. */
    segments: readonly string[] | null,
    trailingSlash: boolean,
    previous: FileEntry | undefined,
  ): Promise<Lookup> {
    const q = this.#quirks;
    const confined = segments !== null;
    try {
      // Segments never hold "/", "." or ".." (resolve-path removed them), so the join stays
      // lexically inside the root; realpath then catches symlinks that lead out.
      let real = await fsp.realpath(joined);
      if (confined && !this.#within(real)) return NOT_FOUND;
      let st = await fsp.stat(real);
      if (st.isDirectory()) {
        if (!trailingSlash && segments !== null && segments.length > 0) {
          if (q?.['no-dir-redirect']) return NOT_FOUND;
          return { kind: 'redirect', location: encodePath(segments, true) };
        }
        if (q?.['no-index']) return NOT_FOUND;
        if (!confined && !(await fsp.stat(path.join(real, 'index.html')).catch(() => null))) {
          return { kind: 'listing', names: await fsp.readdir(real) };
        }
        real = await fsp.realpath(path.join(real, 'index.html'));
        if (confined && !this.#within(real)) return NOT_FOUND;
        st = await fsp.stat(real);
        if (!st.isFile()) return NOT_FOUND;
      } else if (!st.isFile() || trailingSlash) {
        // `/hello.txt/` names a directory that does not exist; FIFOs and devices are never served.
        return NOT_FOUND;
      }
      return await this.#load(key, real, st, previous);
    } catch (err) {
      this.#forget(key);
      return errnoLookup(err);
    }
  }

  async #load(key: string, real: string, st: Stats, previous: FileEntry | undefined): Promise<Lookup> {
    // A file nobody may read is refused even when we run as root, who could read it anyway.
    if ((st.mode & 0o444) === 0) {
      this.#forget(key);
      return FORBIDDEN;
    }
    const now = Date.now();
    if (
      previous !== undefined &&
      previous.realPath === real &&
      previous.size === st.size &&
      previous.mtimeMs === st.mtimeMs &&
      previous.ino === st.ino
    ) {
      previous.checkedAt = now;
      // A file dated in the future gets a Last-Modified that moves with the clock.
      if (lastModifiedOf(previous.mtimeMs, now) !== previous.lastModified) setValidators(previous, now, this.#quirks);
      return { kind: 'file', entry: previous };
    }
    // Opening proves readability (403 rather than a failure mid-response) and, for small files,
    // the bytes and the stat come from the same open file.
    const handle = await fsp.open(real, fsConstants.O_RDONLY);
    try {
      const fst = await handle.stat();
      let body: Buffer | null = null;
      // Quirk text-mode-files reads every file whole, as text.
      if (fst.size <= this.#options.cacheFileBytes || this.#quirks?.['text-mode-files']) {
        body = await handle.readFile();
        // The file changed between fstat and read: let the next lookup try again.
        if (body.length !== fst.size) return NOT_FOUND;
        // Quirk: read as text and written back, as open(path) in text mode does.
        if (this.#quirks?.['text-mode-files']) body = Buffer.from(body.toString('utf8'), 'utf8');
        // Never modified from here on, so its serialised responses can be reused (wire-cache.ts).
        shareBody(body);
      }
      const entry: FileEntry = {
        realPath: real,
        size: body?.length ?? fst.size,
        mtimeMs: fst.mtimeMs,
        ino: fst.ino,
        contentType: this.#quirks?.['everything-text-html'] ? 'text/html' : contentTypeFor(real),
        etag: etagFor(fst.size, fst.mtimeMs),
        lastModified: 0,
        metaFields: '',
        fullFields: '',
        body,
        checkedAt: now,
      };
      setValidators(entry, now, this.#quirks);
      this.#store(key, entry);
      return { kind: 'file', entry };
    } finally {
      await handle.close();
    }
  }

  #store(key: string, entry: FileEntry): void {
    this.#forget(key);
    const bytes = entry.body?.length ?? 0;
    if (bytes > this.#options.cacheTotalBytes) return;
    while (
      this.#cache.size > 0 &&
      (this.#cache.size >= this.#options.cacheEntries || this.#cachedBytes + bytes > this.#options.cacheTotalBytes)
    ) {
      const oldest = this.#cache.keys().next().value as string;
      this.#forget(oldest);
    }
    this.#cache.set(key, entry);
    this.#cachedBytes += bytes;
  }

  #forget(key: string): void {
    const old = this.#cache.get(key);
    if (old === undefined) return;
    this.#cache.delete(key);
    this.#cachedBytes -= old.body?.length ?? 0;
  }
}

// RFC 9110 §8.8.2.1: Last-Modified is never later than the Date of the response carrying it.
export function lastModifiedOf(mtimeMs: number, now: number): number {
  const mtime = Math.floor(mtimeMs / 1000) * 1000;
  const nowSecond = Math.floor(now / 1000) * 1000;
  return mtime > nowSecond ? nowSecond : mtime;
}

function setValidators(entry: FileEntry, now: number, quirks: QuirkFlags | null): void {
  // Quirk: the file time as it is, even when it lies ahead of the clock.
  entry.lastModified = quirks?.['future-last-modified'] ? Math.floor(entry.mtimeMs / 1000) * 1000 : lastModifiedOf(entry.mtimeMs, now);
  const etag = quirks?.['unquoted-etag'] ? entry.etag.slice(1, -1) : entry.etag;
  entry.metaFields =
    `Content-Type: ${entry.contentType}\r\nETag: ${etag}\r\n` +
    `Last-Modified: ${formatHttpDate(entry.lastModified)}\r\nAccept-Ranges: bytes\r\n`;
  entry.fullFields = `${entry.metaFields}Content-Length: ${contentLengthOf(entry, quirks)}\r\n`;
}

function contentLengthOf(entry: FileEntry, quirks: QuirkFlags | null): number {
  // Quirk: the length of the text as a string, which is what strlen-style code computes.
  if (quirks?.['content-length-chars'] && entry.body !== null && entry.contentType.startsWith('text/')) {
    return entry.body.toString('utf8').length;
  }
  return entry.size;
}
