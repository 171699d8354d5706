import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Reads fixture files for `body: { file }` checks, once each, never outside the docroot. */
export function docrootReader(docroot: string): (rel: string) => Buffer | null {
  const cache = new Map<string, Buffer | null>();
  return (rel) => {
    if (!cache.has(rel)) {
      const full = path.resolve(docroot, rel);
      let bytes: Buffer | null = null;
      if (full.startsWith(docroot + path.sep)) {
        try {
          bytes = readFileSync(full);
        } catch {
          bytes = null;
        }
      }
      cache.set(rel, bytes);
    }
    return cache.get(rel) ?? null;
  };
}
