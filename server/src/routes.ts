// What a request means to this server: POST /echo reflects the body; everything else is the
// static docroot. The router only decides; the connection decides when to write.

import { readConditionalFields } from './conditional.ts';
import { echoTooLarge } from './echo.ts';
import type { RequestHead } from './protocol/events.ts';
import { parseTarget } from './request-target.ts';
import { resolvePath } from './resolve-path.ts';
import { emptyResponse, errorResponse, fieldLine } from './response.ts';
import type { OutgoingResponse } from './response.ts';
import { fileResponse } from './static-response.ts';
import type { Lookup, StaticFiles } from './static-files.ts';

export type RouteContext = {
  files: StaticFiles;
  /** The largest body POST /echo accepts. */
  echoMaxBytes: number;
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

function answerLookup(found: Lookup, head: RequestHead): OutgoingResponse {
  if (found.kind === 'file') return fileResponse(found.entry, head.method === 'GET', readConditionalFields(head.headers));
  if (found.kind === 'redirect') return errorResponse(301, undefined, fieldLine('Location', found.location));
  // RFC 9110 §13.2.1: preconditions are not evaluated when the resource does not exist.
  return errorResponse(found.status, found.detail);
}

export function route(head: RequestHead, ctx: RouteContext): RoutePlan {
  const method = head.method;
  if (!KNOWN_METHODS.has(method)) return respond(errorResponse(501, `method ${method} is not implemented`));

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
      return respond(found instanceof Promise ? found.then((f) => answerLookup(f, head)) : answerLookup(found, head));
    }
    case 'OPTIONS':
      return respond(emptyResponse(204, STATIC_ALLOW));
    default:
      // RFC 9110 §15.5.6: a 405 lists the methods the resource does support.
      return respond(errorResponse(405, `${method} is not allowed on static files`, STATIC_ALLOW));
  }
}
