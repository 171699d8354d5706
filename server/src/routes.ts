// What a request means to this server: POST /echo reflects the body; everything else is the
// static docroot. The router only decides; the connection decides when to write.

import { readConditionalFields } from './conditional.ts';
import { echoTooLarge } from './echo.ts';
import type { RequestHead } from './protocol/events.ts';
import type { QuirkFlags } from './quirks.ts';
import { hasPathQuirk, lenientDecode, quirkyResolvePath } from './quirky-path.ts';
import type { QuirkyPath } from './quirky-path.ts';
import { hasToken } from './quirky-response.ts';
import { parseTarget } from './request-target.ts';
import type { Target } from './request-target.ts';
import { resolvePath } from './resolve-path.ts';
import { rememberPath, rememberedPath } from './target-memo.ts';
import type { ResolvedOk } from './target-memo.ts';
import { emptyResponse, errorResponse, fieldLine, textResponse } from './response.ts';
import type { OutgoingResponse } from './response.ts';
import { fileResponse } from './static-response.ts';
import type { Lookup, StaticFiles } from './static-files.ts';

export type RouteContext = {
  files: StaticFiles;
  /** The largest body POST /echo accepts. */
  echoMaxBytes: number;
  /** Deliberate deviations (see quirks.ts); null in normal use. */
  quirks: QuirkFlags | null;
  /** `HOST:PORT` the server listens on (host-must-match). */
  selfHost: string;
};

export type RoutePlan =
  /** The answer needs the request body: it is collected (up to the bound) and echoed. */
  | { kind: 'echo' }
  /** The answer does not depend on the body, which is read and discarded (or left, and the connection closed). */
  | { kind: 'respond'; response: OutgoingResponse | Promise<OutgoingResponse> };

const STATIC_ALLOW = 'Allow: GET, HEAD, OPTIONS\r\n';
const ECHO_ALLOW = 'Allow: POST, OPTIONS\r\n';
const SERVER_ALLOW = 'Allow: GET, HEAD, POST, OPTIONS\r\n';

// RFC 9110 §9: the methods this server knows. A valid token outside this list is 501 (§15.6.2);
// methods are case-sensitive, so `get` is unknown too.
const KNOWN_METHODS: ReadonlySet<string> = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'PATCH',
  'OPTIONS',
  'TRACE',
  'CONNECT',
]);

function respond(response: OutgoingResponse | Promise<OutgoingResponse>): RoutePlan {
  return { kind: 'respond', response };
}

function answerLookup(found: Lookup, head: RequestHead, quirks: QuirkFlags | null, isGet: boolean): OutgoingResponse {
  if (found.kind === 'file') return fileResponse(found.entry, isGet, readConditionalFields(head.headers), quirks);
  if (found.kind === 'redirect') return errorResponse(301, undefined, fieldLine('Location', found.location));
  if (found.kind === 'listing') return textResponse(200, `${found.names.join('\n')}\n`);
  // RFC 9110 §13.2.1: preconditions are not evaluated when the resource does not exist.
  return errorResponse(found.status, found.detail);
}

export function route(head: RequestHead, ctx: RouteContext): RoutePlan {
  const q = ctx.quirks;
  if (q !== null) return quirkyRoute(head, ctx, q);
  const method = head.method;
  if (!KNOWN_METHODS.has(method)) return respond(errorResponse(501, `method ${method} is not implemented`));

  // The same target as before resolves the same way (CONNECT is decided on the target's form).
  const known = method === 'CONNECT' ? undefined : rememberedPath(head.target);
  if (known !== undefined) return routePath(head, ctx, method, known);

  const target = parseTarget(head.target);
  // RFC 9110 §9.3.6: CONNECT asks for a tunnel; this server is no proxy. RFC 9112 §3.2.3: its
  // target must be authority-form.
  if (method === 'CONNECT') {
    if (target.kind !== 'authority') return respond(errorResponse(400, 'CONNECT needs an authority-form target'));
    return respond(errorResponse(405, 'this server does not tunnel', STATIC_ALLOW));
  }
  if (target.kind === 'error') return respond(errorResponse(target.status, target.detail));
  // RFC 9112 §3.2.4: asterisk-form is only for a server-wide OPTIONS.
  if (target.kind === 'asterisk') {
    if (method === 'OPTIONS') return respond(emptyResponse(204, SERVER_ALLOW));
    return respond(errorResponse(400, 'asterisk-form is only for OPTIONS'));
  }
  if (target.kind !== 'path') return respond(errorResponse(400, 'request-target is not origin-form'));

  const resolved = resolvePath(target.rawPath);
  if (!resolved.ok) return respond(errorResponse(resolved.status, resolved.detail));
  rememberPath(head.target, resolved);
  return routePath(head, ctx, method, resolved);
}

/** route() once the target has resolved to a path under the docroot. */
function routePath(head: RequestHead, ctx: RouteContext, method: string, resolved: ResolvedOk): RoutePlan {
  if (resolved.segments.length === 1 && resolved.segments[0] === 'echo' && !resolved.trailingSlash) {
    if (method === 'POST') {
      // The size alone decides, so the answer goes out before (and instead of) the body.
      const framing = head.framing;
      if (framing.kind === 'length' && framing.length > ctx.echoMaxBytes) return respond(echoTooLarge(ctx.echoMaxBytes));
      return { kind: 'echo' };
    }
    if (method === 'OPTIONS') return respond(emptyResponse(204, ECHO_ALLOW));
    return respond(errorResponse(405, `${method} is not allowed on /echo`, ECHO_ALLOW));
  }

  switch (method) {
    case 'GET':
    case 'HEAD': {
      const found = ctx.files.lookup(resolved.segments, resolved.trailingSlash);
      const isGet = method === 'GET';
      return respond(found instanceof Promise ? found.then((f) => answerLookup(f, head, null, isGet)) : answerLookup(found, head, null, isGet));
    }
    case 'OPTIONS':
      return respond(emptyResponse(204, STATIC_ALLOW));
    default:
      // RFC 9110 §15.5.6: a 405 lists the methods the resource does support.
      return respond(errorResponse(405, `${method} is not allowed on static files`, STATIC_ALLOW));
  }
}

// The same decisions as route(), with the quirks of quirks.ts wherever they apply. Kept apart
// so that the normal path carries no quirk branches at all.
function quirkyRoute(head: RequestHead, ctx: RouteContext, q: QuirkFlags): RoutePlan {
  let method = q['method-case-insensitive'] ? head.method.toUpperCase() : head.method;
  const allow = (fields: string): string => (q['no-allow-on-405'] ? '' : fields);
  if (q['host-must-match'] && head.host !== ctx.selfHost) return respond(errorResponse(421, `this server is ${ctx.selfHost}`));
  if (q['strict-field-values'] && !head.headers.every(([name, value]) => STRICT_VALUE.test(value) || (name.toLowerCase() === 'host' && HOST_VALUE.test(value)))) {
    return respond(errorResponse(400, 'field value with a forbidden character'));
  }
  if (q['upgrade-always'] && hasToken(head.headers, 'connection', 'upgrade')) {
    const protocol = head.headers.find(([name]) => name.toLowerCase() === 'upgrade')?.[1] ?? '';
    return respond({ status: 101, fields: `Upgrade: ${protocol}\r\n`, body: null, close: true });
  }
  if (!KNOWN_METHODS.has(method) && !q['any-method-is-get']) return respond(errorResponse(501, `method ${method} is not implemented`));

  let text = head.target;
  if (q['any-scheme-served'] && /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(text)) text = text.replace(/^[^:]*/, 'http');
  if (q['absolute-form-404'] && /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(text)) return respond(errorResponse(404, 'no such file'));
  const target: Target = parseTarget(text);
  if (method === 'CONNECT' && !q['any-method-is-get']) {
    if (target.kind !== 'authority') return respond(errorResponse(400, 'CONNECT needs an authority-form target'));
    return respond(errorResponse(405, 'this server does not tunnel', allow(STATIC_ALLOW)));
  }
  if (target.kind === 'error') return respond(errorResponse(target.status, target.detail));
  if (target.kind === 'asterisk') {
    if (method === 'OPTIONS') return respond(emptyResponse(204, SERVER_ALLOW));
    return respond(errorResponse(400, 'asterisk-form is only for OPTIONS'));
  }
  if (target.kind !== 'path') return respond(errorResponse(400, 'request-target is not origin-form'));

  const rawPath = q['query-string-404'] && target.query !== '' ? `${target.rawPath}?${target.query}` : target.rawPath;
  const resolved: QuirkyPath = hasPathQuirk(q) ? quirkyResolvePath(rawPath, q) : fromResolved(resolvePath(rawPath));
  if (resolved.kind === 'error') return respond(errorResponse(resolved.status, resolved.detail));

  if (resolved.kind === 'segments' && resolved.segments.length === 1 && resolved.segments[0] === 'echo' && !resolved.trailingSlash) {
    if (method === 'POST') {
      const framing = head.framing;
      const checked = !q['single-read-body'];
      if (checked && framing.kind === 'length' && framing.length > ctx.echoMaxBytes) return respond(echoTooLarge(ctx.echoMaxBytes));
      return { kind: 'echo' };
    }
    if (method === 'OPTIONS') return respond(emptyResponse(204, allow(ECHO_ALLOW)));
    return respond(errorResponse(405, `${method} is not allowed on /echo`, allow(ECHO_ALLOW)));
  }

  // Quirk: a last segment without a dot is taken for a directory, and the redirect repeats the
  // decoded path and query as they came, CR and LF included.
  if (q['location-crlf-injection'] && resolved.kind === 'segments' && !resolved.trailingSlash) {
    const last = resolved.segments[resolved.segments.length - 1];
    if (last !== undefined && !last.includes('.')) {
      const query = target.query === '' ? '' : `?${lenientDecode(target.query)}`;
      return respond(errorResponse(301, undefined, `Location: ${lenientDecode(target.rawPath)}/${query}\r\n`));
    }
  }

  if (q['any-method-is-get'] && method !== 'HEAD') method = 'GET';
  switch (method) {
    case 'GET':
    case 'HEAD': {
      const isGet = method === 'GET';
      const found =
        resolved.kind === 'segments'
          ? ctx.files.lookup(resolved.segments, resolved.trailingSlash)
          : ctx.files.lookupUnconfined(resolved.relPath, resolved.trailingSlash);
      return respond(found instanceof Promise ? found.then((f) => answerLookup(f, head, q, isGet)) : answerLookup(found, head, q, isGet));
    }
    case 'OPTIONS':
      return respond(emptyResponse(204, allow(STATIC_ALLOW)));
    default:
      return respond(errorResponse(405, `${method} is not allowed on static files`, allow(STATIC_ALLOW)));
  }
}

// strict-field-values: the token characters of RFC 9110 §5.6.2, SP, HTAB and a few separators.
const STRICT_VALUE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z \t,;=/"]*$/;
const HOST_VALUE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]*(:[0-9]*)?$/;

function fromResolved(r: ReturnType<typeof resolvePath>): QuirkyPath {
  return r.ok ? { kind: 'segments', segments: r.segments, trailingSlash: r.trailingSlash } : { kind: 'error', status: r.status, detail: r.detail };
}
