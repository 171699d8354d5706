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
  if (target.kind !== 'path') return respond(notAPath(method === 'CONNECT', method, target, STATIC_ALLOW));
  if (method === 'CONNECT') return respond(notAPath(true, method, target, STATIC_ALLOW));

  const resolved = resolvePath(target.rawPath);
  if (!resolved.ok) return respond(errorResponse(resolved.status, resolved.detail));
  rememberPath(head.target, resolved);
  return routePath(head, ctx, method, resolved);
}

/** route() once the target has resolved to a path under the docroot. */
function routePath(head: RequestHead, ctx: RouteContext, method: string, resolved: ResolvedOk): RoutePlan {
  if (isEcho(resolved.segments, resolved.trailingSlash)) return echoPlan(head, ctx, method, ECHO_ALLOW, true);
  if (method === 'GET' || method === 'HEAD') return lookupPlan(head, null, method === 'GET', ctx.files.lookup(resolved.segments, resolved.trailingSlash));
  return otherStaticPlan(method, STATIC_ALLOW);
}

/**
 * A target that is not a path, or any CONNECT. RFC 9110 §9.3.6: CONNECT asks for a tunnel and
 * this server is no proxy; RFC 9112 §3.2.3: its target must be authority-form. RFC 9112 §3.2.4:
 * asterisk-form is only for a server-wide OPTIONS.
 */
function notAPath(connect: boolean, method: string, target: Target, staticAllow: string): OutgoingResponse {
  if (connect) {
    if (target.kind !== 'authority') return errorResponse(400, 'CONNECT needs an authority-form target');
    return errorResponse(405, 'this server does not tunnel', staticAllow);
  }
  if (target.kind === 'error') return errorResponse(target.status, target.detail);
  if (target.kind === 'asterisk') {
    if (method === 'OPTIONS') return emptyResponse(204, SERVER_ALLOW);
    return errorResponse(400, 'asterisk-form is only for OPTIONS');
  }
  return errorResponse(400, 'request-target is not origin-form');
}

function isEcho(segments: readonly string[], trailingSlash: boolean): boolean {
  return segments.length === 1 && segments[0] === 'echo' && !trailingSlash;
}

/** `checkSize`: a declared length over the bound is answered 413 at once, before the body. */
function echoPlan(head: RequestHead, ctx: RouteContext, method: string, echoAllow: string, checkSize: boolean): RoutePlan {
  if (method === 'POST') {
    const framing = head.framing;
    if (checkSize && framing.kind === 'length' && framing.length > ctx.echoMaxBytes) return respond(echoTooLarge(ctx.echoMaxBytes));
    return { kind: 'echo' };
  }
  if (method === 'OPTIONS') return respond(emptyResponse(204, echoAllow));
  return respond(errorResponse(405, `${method} is not allowed on /echo`, echoAllow));
}

/** GET or HEAD of a static path, once looked up. */
function lookupPlan(head: RequestHead, q: QuirkFlags | null, isGet: boolean, found: Lookup | Promise<Lookup>): RoutePlan {
  return respond(found instanceof Promise ? found.then((f) => answerLookup(f, head, q, isGet)) : answerLookup(found, head, q, isGet));
}

/** Any other method on a static path. */
function otherStaticPlan(method: string, staticAllow: string): RoutePlan {
  if (method === 'OPTIONS') return respond(emptyResponse(204, staticAllow));
  // RFC 9110 §15.5.6: a 405 lists the methods the resource does support.
  return respond(errorResponse(405, `${method} is not allowed on static files`, staticAllow));
}

// route() with the quirks of quirks.ts wherever they apply; the decisions both make are the
// helpers above. Kept apart so that the normal path carries no quirk branches at all.
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
  const connect = method === 'CONNECT' && !q['any-method-is-get'];
  if (connect || target.kind !== 'path') return respond(notAPath(connect, method, target, allow(STATIC_ALLOW)));

  const rawPath = q['query-string-404'] && target.query !== '' ? `${target.rawPath}?${target.query}` : target.rawPath;
  const resolved: QuirkyPath = hasPathQuirk(q) ? quirkyResolvePath(rawPath, q) : fromResolved(resolvePath(rawPath));
  if (resolved.kind === 'error') return respond(errorResponse(resolved.status, resolved.detail));

  if (resolved.kind === 'segments' && isEcho(resolved.segments, resolved.trailingSlash)) {
    return echoPlan(head, ctx, method, allow(ECHO_ALLOW), !q['single-read-body']);
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
  if (method !== 'GET' && method !== 'HEAD') return otherStaticPlan(method, allow(STATIC_ALLOW));
  const found =
    resolved.kind === 'segments'
      ? ctx.files.lookup(resolved.segments, resolved.trailingSlash)
      : ctx.files.lookupUnconfined(resolved.relPath, resolved.trailingSlash);
  return lookupPlan(head, q, method === 'GET', found);
}

// strict-field-values: the token characters of RFC 9110 §5.6.2, SP, HTAB and a few separators.
const STRICT_VALUE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z \t,;=/"]*$/;
const HOST_VALUE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]*(:[0-9]*)?$/;

function fromResolved(r: ReturnType<typeof resolvePath>): QuirkyPath {
  return r.ok ? { kind: 'segments', segments: r.segments, trailingSlash: r.trailingSlash } : { kind: 'error', status: r.status, detail: r.detail };
}
