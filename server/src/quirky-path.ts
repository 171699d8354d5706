// Path quirks (see quirks.ts): the ways naive servers turn a request path into a file name.
// Each one is applied on top of the correct resolution wherever that is how the bug arises
// (a check done right, then the name changed after it), so one switch is one mistake.

import type { QuirkFlags } from './quirks.ts';
import { resolvePath } from './resolve-path.ts';

export type QuirkyPath =
  /** Decoded, dot-free segments: looked up with the usual confinement. */
  | { kind: 'segments'; segments: string[]; trailingSlash: boolean }
  /** A name joined to the root with nothing checking where it lands. */
  | { kind: 'unconfined'; relPath: string; trailingSlash: boolean }
  | { kind: 'error'; status: number; detail: string };

const PATH_QUIRKS = [
  'basename-only',
  'no-traversal-check',
  'no-percent-decoding',
  'double-decode',
  'nul-truncation',
  'backslash-is-slash',
  'strip-path-params',
  'overlong-utf8',
  'unicode-normalize',
] as const;

export function hasPathQuirk(q: QuirkFlags): boolean {
  return PATH_QUIRKS.some((name) => q[name]);
}

/** Percent-decoding as `urllib.parse.unquote` does it: a `%` not followed by two hex digits stays. */
export function lenientDecode(raw: string): string {
  return raw.replace(/(%[0-9A-Fa-f]{2})+/g, (run) => Buffer.from(run.replaceAll('%', ''), 'hex').toString('utf8'));
}

// A decoder that accepts the two-octet overlong forms of ASCII (%c0%ae is ".", %c0%af is "/").
function overlongDecode(raw: string): string {
  const ascii = raw.replace(/%c([01])%([89ab][0-9a-f])/gi, (_, hi: string, lo: string) => {
    const code = ((Number.parseInt(`c${hi}`, 16) & 0x1f) << 6) | (Number.parseInt(lo, 16) & 0x3f);
    return `%${code.toString(16).padStart(2, '0')}`;
  });
  return lenientDecode(ascii);
}

function segmentsOf(rawPath: string, decode: (s: string) => string): QuirkyPath {
  const segments: string[] = [];
  const raws = rawPath.split('/');
  let trailingSlash = false;
  for (let i = 1; i < raws.length; i++) {
    const segment = decode(raws[i]!);
    trailingSlash = i === raws.length - 1 && (segment === '' || segment === '.' || segment === '..');
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.length === 0) return { kind: 'error', status: 400, detail: 'path escapes the docroot' };
      segments.pop();
      continue;
    }
    segments.push(segment);
  }
  return { kind: 'segments', segments, trailingSlash };
}

export function quirkyResolvePath(rawPath: string, q: QuirkFlags): QuirkyPath {
  if (q['no-traversal-check']) {
    const decoded = lenientDecode(rawPath);
    // os.path.join(root, path[1:]): `..` climbs, and an absolute rest replaces the root.
    return { kind: 'unconfined', relPath: decoded.slice(1), trailingSlash: decoded.endsWith('/') };
  }
  if (q['no-percent-decoding']) return segmentsOf(rawPath, (s) => s);
  if (q['overlong-utf8']) {
    // The dot-segment check runs on the raw text; the lenient decoder runs after it.
    const checked = segmentsOf(rawPath, (s) => s);
    if (checked.kind !== 'segments') return checked;
    return { kind: 'unconfined', relPath: checked.segments.map(overlongDecode).join('/'), trailingSlash: checked.trailingSlash };
  }
  const nul = q['nul-truncation'] ? rawPath.search(/%00/i) : -1;
  const resolved = resolvePath(nul < 0 ? rawPath : rawPath.slice(0, nul));
  if (!resolved.ok) return { kind: 'error', status: resolved.status, detail: resolved.detail };
  let segments = resolved.segments;
  let changed = false;
  const after = (on: boolean, f: (s: string) => string): void => {
    if (!on) return;
    segments = segments.map(f);
    changed = true;
  };
  after(q['double-decode'], lenientDecode);
  after(q['backslash-is-slash'], (s) => s.replaceAll('\\', '/'));
  after(q['strip-path-params'], (s) => s.split(';')[0]!);
  after(q['unicode-normalize'], (s) => s.normalize('NFKC'));
  // basename(path): what is left of a path once "made safe" that way.
  if (q['basename-only']) return { kind: 'segments', segments: segments.slice(-1), trailingSlash: resolved.trailingSlash };
  if (!changed) return { kind: 'segments', segments, trailingSlash: resolved.trailingSlash };
  return { kind: 'unconfined', relPath: segments.join('/'), trailingSlash: resolved.trailingSlash };
}
