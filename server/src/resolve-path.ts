// Turns the encoded path of a request-target into docroot-relative segments. The order matters
// for traversal safety: split on "/" first, then percent-decode each segment exactly once, then
// apply dot segments, so that neither `%2f` nor `%2e%2e` can climb out of the docroot, and a
// double-encoded `%252e` stays the literal name `%2e`.

import { isUtf8 } from 'node:buffer';

export type ResolvedPath =
  | { ok: true; segments: string[]; trailingSlash: boolean }
  | { ok: false; status: number; detail: string };

type Decoded = { ok: true; text: string } | { ok: false; status: number; detail: string };

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
}

function decodeSegment(raw: string): Decoded {
  let plain = true;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 37 /* % */ || c === 0 || c > 0x7e) {
      plain = false;
      break;
    }
  }
  if (plain) return { ok: true, text: raw };

  const bytes = Buffer.allocUnsafe(raw.length);
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 37) {
      const hi = hexValue(raw.charCodeAt(i + 1));
      const lo = hexValue(raw.charCodeAt(i + 2));
      if (hi < 0 || lo < 0) return { ok: false, status: 400, detail: 'invalid percent-encoding' };
      bytes[n++] = hi * 16 + lo;
      i += 2;
    } else {
      // The target string holds one octet per character (latin1), whatever the parser let in.
      bytes[n++] = c & 0xff;
    }
  }
  const decoded = bytes.subarray(0, n);
  // A NUL would truncate the path in the C library below us (`/hello.txt%00.png`).
  if (decoded.includes(0)) return { ok: false, status: 400, detail: 'NUL in path' };
  // No file name can contain "/": an encoded slash names nothing we serve.
  if (decoded.includes(47)) return { ok: false, status: 404, detail: 'encoded slash in path' };
  // Overlong forms such as %c0%ae are not UTF-8 and so cannot be a dot either.
  if (!isUtf8(decoded)) return { ok: false, status: 400, detail: 'path is not UTF-8' };
  return { ok: true, text: decoded.toString('utf8') };
}

/** `rawPath` is the path part of an origin-form target: it starts with "/" and has no query. */
export function resolvePath(rawPath: string): ResolvedPath {
  const raws = rawPath.split('/');
  const segments: string[] = [];
  let trailingSlash = false;
  // raws[0] is the empty string before the leading "/".
  for (let i = 1; i < raws.length; i++) {
    const decoded = decodeSegment(raws[i]!);
    if (!decoded.ok) return decoded;
    const segment = decoded.text;
    const last = i === raws.length - 1;
    // RFC 3986 §5.2.4: a final "." or ".." leaves a trailing slash behind.
    trailingSlash = last && (segment === '' || segment === '.' || segment === '..');
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.length === 0) return { ok: false, status: 400, detail: 'path escapes the docroot' };
      segments.pop();
      continue;
    }
    segments.push(segment);
  }
  return { ok: true, segments, trailingSlash };
}

// RFC 3986 §2.1, §3.3: segment characters that stay literal in a Location we build; everything
// else (CR, LF, space, "%", "?", "#", non-ASCII) is percent-encoded.
const SEGMENT_SAFE = /[A-Za-z0-9\-._~!$&'()*+,;=:@]/;

export function encodePathSegment(segment: string): string {
  let out = '';
  for (const byte of Buffer.from(segment, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += byte < 0x80 && SEGMENT_SAFE.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The absolute path for segments, percent-encoded, for a Location field. */
export function encodePath(segments: readonly string[], trailingSlash: boolean): string {
  const path = `/${segments.map(encodePathSegment).join('/')}`;
  return trailingSlash && segments.length > 0 ? `${path}/` : path;
}
