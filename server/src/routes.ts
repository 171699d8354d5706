// What a request means to this server: POST /echo reflects the body; everything else is the
// static docroot. The router only decides; the connection decides when to write. The target's
// form and authority come from the parser (RequestHead.targetForm), so nothing is parsed twice.

import { readConditionalFields } from './conditional.ts';
import { echoTooLarge } from './echo.ts';
import type { RequestHead } from './protocol/events.ts';
import { targetPath } from './protocol/request-target.ts';
import { resolvePath } from './resolve-path.ts';
import { rememberPath, rememberedPath } from './target-memo.ts';
import type { ResolvedOk } from './target-memo.ts';
import { emptyResponse, errorResponse, fieldLine } from './response.ts';
import type { OutgoingResponse } from './response.ts';
import type { FileAnswer } from './static-response.ts';
import type { Lookup, StaticFiles } from './static-files.ts';

export type RouteContext = {
  files: StaticFiles;
  /** The largest body POST /echo accepts. */
  echoMaxBytes: number;
  /** The answer to GET or HEAD on a file that exists (static-response.ts). */
  fileAnswer: FileAnswer;
  /** `HOST:PORT` the server listens on. */
  selfHost: string;
};

export type RoutePlan =
  /** The answer needs the request body: it is collected (up to the bound) and echoed. */
  | { kind: 'echo' }
  /** The answer does not depend on the body, which is read and discarded (or left, and the connection closed). */
  | { kind: 'respond'; response: OutgoingResponse | Promise<OutgoingResponse> };

const STATIC_ALLOW = 'Allow: GET, HEAD, OPTIONS\r\n';
export const ECHO_ALLOW = 'Allow: POST, OPTIONS\r\n';
const SERVER_ALLOW = 'Allow: GET, HEAD, POST, OPTIONS\r\n';

// RFC 9110 §9: the methods this server knows. A valid token outside this list is 501 (§15.6.2);
// methods are case-sensitive, so `get` is unknown too.
export const KNOWN_METHODS: ReadonlySet<string> = new Set([
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

export function respond(response: OutgoingResponse | Promise<OutgoingResponse>): RoutePlan {
  return { kind: 'respond', response };
}

/** The answer to GET (`isGet`) or HEAD once the path is looked up. */
function answerLookup(found: Lookup, head: RequestHead, ctx: RouteContext, isGet: boolean): OutgoingResponse {
  if (found.kind === 'file') return ctx.fileAnswer(found.entry, isGet, readConditionalFields(head.headers));
  if (found.kind === 'redirect') return errorResponse(301, undefined, fieldLine('Location', found.location));
  // RFC 9110 §13.2.1: preconditions are not evaluated when the resource does not exist.
  return errorResponse(found.status, found.detail);
}

export function route(head: RequestHead, ctx: RouteContext): RoutePlan {
  const method = head.method;
  if (!KNOWN_METHODS.has(method)) return respond(errorResponse(501, `method ${method} is not implemented`));

  // The same target as before resolves the same way (CONNECT never has a path).
  const known = method === 'CONNECT' ? undefined : rememberedPath(head.target);
  if (known !== undefined) return routePath(head, ctx, method, known);

  const form = head.targetForm;
  // RFC 9110 §9.3.6: CONNECT asks for a tunnel and this server is no proxy (the parser has
  // checked its authority-form target). RFC 9112 §3.2.4: asterisk-form is a server-wide OPTIONS.
  if (form === 'authority') return respond(errorResponse(405, 'this server does not tunnel', STATIC_ALLOW));
  if (form === 'asterisk') return respond(emptyResponse(204, SERVER_ALLOW));
  const target = targetPath(head.target, form, head.authority);
  if (target === null) return respond(errorResponse(400, 'request-target names no path'));
  if (!target.ok) return respond(errorResponse(target.status, target.detail));

  const resolved = resolvePath(target.rawPath);
  if (!resolved.ok) return respond(errorResponse(resolved.status, resolved.detail));
  rememberPath(head.target, resolved);
  return routePath(head, ctx, method, resolved);
}

/** route() once the target has resolved to a path under the docroot. */
function routePath(head: RequestHead, ctx: RouteContext, method: string, resolved: ResolvedOk): RoutePlan {
  if (isEcho(resolved.segments, resolved.trailingSlash)) return echoPlan(head, ctx, method);
  if (method === 'GET' || method === 'HEAD') return lookupPlan(head, ctx, method === 'GET', ctx.files.lookup(resolved.segments, resolved.trailingSlash));
  return otherStaticPlan(method);
}

export function isEcho(segments: readonly string[], trailingSlash: boolean): boolean {
  return segments.length === 1 && segments[0] === 'echo' && !trailingSlash;
}

/** A declared length over the bound is answered 413 at once, before the body. */
function echoPlan(head: RequestHead, ctx: RouteContext, method: string): RoutePlan {
  if (method === 'POST') {
    const framing = head.framing;
    if (framing.kind === 'length' && framing.length > ctx.echoMaxBytes) return respond(echoTooLarge(ctx.echoMaxBytes));
    return { kind: 'echo' };
  }
  if (method === 'OPTIONS') return respond(emptyResponse(204, ECHO_ALLOW));
  return respond(errorResponse(405, `${method} is not allowed on /echo`, ECHO_ALLOW));
}

/** GET or HEAD of a static path, once looked up. */
export function lookupPlan(head: RequestHead, ctx: RouteContext, isGet: boolean, found: Lookup | Promise<Lookup>): RoutePlan {
  return respond(found instanceof Promise ? found.then((f) => answerLookup(f, head, ctx, isGet)) : answerLookup(found, head, ctx, isGet));
}

/** Any other method on a static path. */
function otherStaticPlan(method: string): RoutePlan {
  if (method === 'OPTIONS') return respond(emptyResponse(204, STATIC_ALLOW));
  // RFC 9110 §15.5.6: a 405 lists the methods the resource does support.
  return respond(errorResponse(405, `${method} is not allowed on static files`, STATIC_ALLOW));
}
