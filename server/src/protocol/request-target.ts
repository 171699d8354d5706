// The request-target, in one place: which of the four forms it is and whether the method allows
// it (checkTarget, run by the request-line reader, whose verdict the head carries as
// `targetForm` and `authority`), and the path it names (targetPath, for the router). The octets
// were already checked against TARGET_CHAR by the request-line reader.

import { checkHost } from './host.ts';

export type TargetForm = 'origin' | 'absolute' | 'authority' | 'asterisk';

export type TargetCheck =
  | { ok: true; form: TargetForm; /** The authority of an absolute- or authority-form target. */ authority: string | null }
  | { ok: false; /** Index in `target` of the problem. */ at: number; detail: string };

// https://www.rfc-editor.org/rfc/rfc9112#section-3.2
// request-target = origin-form / absolute-form / authority-form / asterisk-form
export function checkTarget(method: string, target: string): TargetCheck {
  // https://www.rfc-editor.org/rfc/rfc9112#section-3.2.3
  // authority-form = uri-host ":" port, used only for CONNECT, and CONNECT uses only it
  // (RFC 9110 §9.3.6: the port is mandatory).
  if (method === 'CONNECT') {
    const bad = checkHost(target, { requireHost: true, requirePort: true });
    if (bad !== -1) return { ok: false, at: bad, detail: 'CONNECT needs an authority-form target (host:port)' };
    return { ok: true, form: 'authority', authority: target };
  }
  const first = target.charCodeAt(0);
  // https://www.rfc-editor.org/rfc/rfc9112#section-3.2.1
  // origin-form = absolute-path [ "?" query ]
  if (first === 0x2f) return { ok: true, form: 'origin', authority: null };
  // https://www.rfc-editor.org/rfc/rfc9112#section-3.2.4
  // asterisk-form = "*", only for a server-wide OPTIONS request
  if (target === '*') {
    if (method !== 'OPTIONS') return { ok: false, at: 0, detail: 'asterisk-form is only for OPTIONS' };
    return { ok: true, form: 'asterisk', authority: null };
  }
  // https://www.rfc-editor.org/rfc/rfc9112#section-3.2.2
  // absolute-form = absolute-URI; this server speaks only the http and https schemes
  // (case-insensitive, RFC 3986 §3.1).
  const schemeEnd = target.indexOf('://');
  const scheme = schemeEnd === -1 ? '' : target.slice(0, schemeEnd).toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') {
    return { ok: false, at: 0, detail: 'not origin-form, and not an http or https absolute-form' };
  }
  const start = schemeEnd + 3;
  let end = start;
  while (end < target.length) {
    const c = target.charCodeAt(end);
    if (c === 0x2f || c === 0x3f) break;
    end++;
  }
  const authority = target.slice(start, end);
  // https://www.rfc-editor.org/rfc/rfc9110#section-4.2.1: an http URI with an empty host is
  // invalid; RFC 9110 §4.2.4: userinfo is an error (the "@" fails the reg-name check).
  const bad = checkHost(authority, { requireHost: true, requirePort: false });
  if (bad !== -1) return { ok: false, at: start + bad, detail: 'invalid authority in absolute-form' };
  return { ok: true, form: 'absolute', authority };
}

/** What a path-bearing target names: its path, still percent-encoded, and its query. */
export type TargetPath =
  | { ok: true; rawPath: string; query: string }
  | { ok: false; status: number; detail: string };

/**
 * The path and query of an origin- or absolute-form target already accepted by checkTarget
 * (`authority` is what it found). Asterisk- and authority-form targets name no path.
 */
export function targetPath(target: string, form: TargetForm, authority: string | null): TargetPath | null {
  let pathAndQuery: string;
  if (form === 'origin') {
    pathAndQuery = target;
  } else if (form === 'absolute') {
    // checkTarget let through http and https only (any case). RFC 9110 §4.2.2, §7.4: an https
    // resource is not served over this cleartext port; 421 says so.
    if (target.charCodeAt(4) !== 0x3a /* : */) return { ok: false, status: 421, detail: 'https is not served on this port' };
    const rest = target.slice(7 + (authority ?? '').length);
    // RFC 9110 §4.2.3: an empty path is equivalent to "/".
    pathAndQuery = rest === '' || rest.charCodeAt(0) === 0x3f /* ? */ ? `/${rest}` : rest;
  } else {
    return null;
  }
  const q = pathAndQuery.indexOf('?');
  if (q < 0) return { ok: true, rawPath: pathAndQuery, query: '' };
  return { ok: true, rawPath: pathAndQuery.slice(0, q), query: pathAndQuery.slice(q + 1) };
}
