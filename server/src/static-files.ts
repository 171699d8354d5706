// Maps decoded path segments to a file under the docroot, and keeps a small cache of what it
// found. Confinement is checked on real paths: a symlink may point anywhere, so the realpath of
// the file must lie under the realpath of the root. A cached entry is trusted for
// `revalidateMs`, then looked up again, so a busy file costs at most one lookup per interval.

import { constants as fsConstants, promises as fsp } from 'node:fs';
import type { Stats } from 'node:fs';
import path from 'node:path';

import { formatHttpDate } from './http-date.ts';
import { contentTypeFor } from './mime.ts';
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
  | { kind: 'error'; status: number; detail: string };

export type StaticFilesOptions = {
  /** Files up to this size are kept in memory. */
  cacheFileBytes: number;
  /** Bound on the memory the cache holds. */
  cacheTotalBytes: number;
  cacheEntries: number;
  revalidateMs: number;
  /**
   * Whether the file at real path `real` may be served from the root at real path `root`:
   * withinRoot, always, in the server (a seam for the variants of server/variants/).
   */
  servable: (root: string, real: string) => boolean;
};

/** Real paths only: a symlink inside the root that leads out of it names nothing we serve. */
export function withinRoot(root: string, real: string): boolean {
  if (real === root) return true;
  return real.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

export const DEFAULT_STATIC_OPTIONS: StaticFilesOptions = {
  cacheFileBytes: 256 * 1024,
  cacheTotalBytes: 64 * 1024 * 1024,
  cacheEntries: 4096,
  revalidateMs: 1000,
  servable: withinRoot,
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

  private constructor(rootReal: string, options: StaticFilesOptions) {
    this.#rootReal = rootReal;
    this.#options = options;
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

  #within(real: string): boolean {
    return this.#options.servable(this.#rootReal, real);
  }

  async #resolve(
    key: string,
    joined: string,
    /** The decoded segments `joined` was built from. */
    segments: readonly string[],
    trailingSlash: boolean,
    previous: FileEntry | undefined,
  ): Promise<Lookup> {
    try {
      // Segments never hold "/", "." or ".." (resolve-path removed them), so the join stays
      // lexically inside the root; realpath then catches symlinks that lead out.
      let real = await fsp.realpath(joined);
      if (!this.#within(real)) return NOT_FOUND;
      let st = await fsp.stat(real);
      if (st.isDirectory()) {
        if (!trailingSlash && segments.length > 0) return { kind: 'redirect', location: encodePath(segments, true) };
        real = await fsp.realpath(path.join(real, 'index.html'));
        if (!this.#within(real)) return NOT_FOUND;
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
      if (lastModifiedOf(previous.mtimeMs, now) !== previous.lastModified) setValidators(previous, now);
      return { kind: 'file', entry: previous };
    }
    // Opening proves readability (403 rather than a failure mid-response) and, for small files,
    // the bytes and the stat come from the same open file.
    const handle = await fsp.open(real, fsConstants.O_RDONLY);
    try {
      const fst = await handle.stat();
      let body: Buffer | null = null;
      if (fst.size <= this.#options.cacheFileBytes) {
        body = await handle.readFile();
        // The file changed between fstat and read: let the next lookup try again.
        if (body.length !== fst.size) return NOT_FOUND;
        // Never modified from here on, so its serialised responses can be reused (wire-cache.ts).
        shareBody(body);
      }
      const entry: FileEntry = {
        realPath: real,
        size: body?.length ?? fst.size,
        mtimeMs: fst.mtimeMs,
        ino: fst.ino,
        contentType: contentTypeFor(real),
        etag: etagFor(fst.size, fst.mtimeMs),
        lastModified: 0,
        metaFields: '',
        fullFields: '',
        body,
        checkedAt: now,
      };
      setValidators(entry, now);
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

function setValidators(entry: FileEntry, now: number): void {
  entry.lastModified = lastModifiedOf(entry.mtimeMs, now);
  entry.metaFields =
    `Content-Type: ${entry.contentType}\r\nETag: ${entry.etag}\r\n` +
    `Last-Modified: ${formatHttpDate(entry.lastModified)}\r\nAccept-Ranges: bytes\r\n`;
  entry.fullFields = `${entry.metaFields}Content-Length: ${entry.size}\r\n`;
}
