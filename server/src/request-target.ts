// Which of the four request-target forms a request used (RFC 9112 §3.2), reduced to what the
// router needs: a path, `*`, or an authority.

export type Target =
  /** origin-form, or an `http://` absolute-form reduced to its path. `rawPath` is still encoded. */
  | { kind: 'path'; rawPath: string; query: string }
  | { kind: 'asterisk' }
  | { kind: 'authority'; host: string; port: number }
  /** Any other absolute-URI (`localhost:8080` is one too: scheme `localhost`). */
  | { kind: 'other' }
  | { kind: 'error'; status: number; detail: string };

const ABSOLUTE_WITH_AUTHORITY = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)(.*)$/s;
const ABSOLUTE_URI = /^[A-Za-z][A-Za-z0-9+.-]*:/;
// RFC 9112 §3.2.3: authority-form is uri-host ":" port; userinfo is not allowed.
const AUTHORITY = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~!$&'()*+,;=%]+):(\d{1,5})$/;

function splitQuery(pathAndQuery: string): Target {
  // RFC 9112 §3.2: a fragment is not part of any request-target form.
  if (pathAndQuery.includes('#')) return { kind: 'error', status: 400, detail: 'fragment in request-target' };
  const q = pathAndQuery.indexOf('?');
  if (q < 0) return { kind: 'path', rawPath: pathAndQuery, query: '' };
  return { kind: 'path', rawPath: pathAndQuery.slice(0, q), query: pathAndQuery.slice(q + 1) };
}

export function parseTarget(target: string): Target {
  if (target.charCodeAt(0) === 47 /* / */) return splitQuery(target);
  if (target === '*') return { kind: 'asterisk' };
  const absolute = ABSOLUTE_WITH_AUTHORITY.exec(target);
  if (absolute) {
    const scheme = absolute[1]!.toLowerCase();
    // RFC 9110 §7.4, §15.5.20: an https resource cannot be served over this cleartext port.
    if (scheme === 'https') return { kind: 'error', status: 421, detail: 'https is not served on this port' };
    if (scheme !== 'http') return { kind: 'error', status: 400, detail: `unsupported scheme ${scheme}` };
    if (absolute[2] === '') return { kind: 'error', status: 400, detail: 'http URI without a host' };
    const rest = absolute[3]!;
    // RFC 9110 §4.2.3: an empty path is equivalent to "/".
    return splitQuery(rest === '' || rest.startsWith('?') ? `/${rest}` : rest);
  }
  const authority = AUTHORITY.exec(target);
  if (authority) {
    const port = Number(authority[2]);
    if (port >= 1 && port <= 65535) return { kind: 'authority', host: authority[1]!, port };
  }
  if (ABSOLUTE_URI.test(target)) return { kind: 'other' };
  return { kind: 'error', status: 400, detail: 'request-target is not origin-form' };
}
