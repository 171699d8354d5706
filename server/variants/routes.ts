// Routers (seams.ts Router) that each get one thing wrong, built around the server's route():
// the request changed before it, the answer after it, or, for the path mistakes, the path
// resolved another way and the file looked up without the server's confinement.

import { promises as fsp } from 'node:fs';
import path from 'node:path';

import type { RequestHead } from '../src/protocol/events.ts';
import { listHas } from '../src/protocol/list-tokens.ts';
import { targetPath } from '../src/protocol/request-target.ts';
import { resolvePath } from '../src/resolve-path.ts';
import { errorResponse, textResponse } from '../src/response.ts';
import type { OutgoingResponse } from '../src/response.ts';
import { ECHO_ALLOW, KNOWN_METHODS, isEcho, lookupPlan, respond, route } from '../src/routes.ts';
import type { RouteContext } from '../src/routes.ts';
import type { Router } from '../src/seams.ts';
import { contentTypeFor } from '../src/mime.ts';

/** Whether a list field (Connection, Expect) of the request holds `token`: the parser's own list reader. */
export const fieldHas = (head: Pick<RequestHead, 'headers'>, field: string, token: string): boolean =>
  head.headers.some(([name, value]) => name.toLowerCase() === field && listHas(value, token));

/** The target's path as the server resolves it, or null when it names none (or not a valid one). */
function resolvedTarget(head: RequestHead): ReturnType<typeof resolvePath> | null {
  const target = targetPath(head.target, head.targetForm, head.authority);
  return target?.ok ? resolvePath(target.rawPath) : null;
}

/** The server's route() for a changed request. */
export const withHead = (change: (head: RequestHead) => RequestHead): Router => (head, ctx) => route(change(head), ctx);

/** The server's route(), each answer then changed. */
export function mapAnswers(change: (res: OutgoingResponse, head: RequestHead) => OutgoingResponse): Router {
  return (head, ctx) => {
    const plan = route(head, ctx);
    if (plan.kind !== 'respond') return plan;
    const r = plan.response;
    return respond(r instanceof Promise ? r.then((res) => change(res, head)) : change(r, head));
  };
}

/** A check before the server's route(): an answer, or null to go on. */
export const guarded = (check: (head: RequestHead, ctx: RouteContext) => OutgoingResponse | null): Router => (head, ctx) => {
  const answer = check(head, ctx);
  return answer === null ? route(head, ctx) : respond(answer);
};

export const methodCaseInsensitive = withHead((head) => ({ ...head, method: head.method.toUpperCase() }));

export const noAllowOn405 = mapAnswers((res) => ({ ...res, fields: res.fields.replace(/^Allow:[^\r]*\r\n/m, '') }));

export const upgradeAlways = guarded((head) => {
  if (!fieldHas(head, 'connection', 'upgrade')) return null;
  const protocol = head.headers.find(([name]) => name.toLowerCase() === 'upgrade')?.[1] ?? '';
  return { status: 101, fields: `Upgrade: ${protocol}\r\n`, body: null, close: true };
});

export const hostMustMatch = guarded((head, ctx) => (head.host === ctx.selfHost ? null : errorResponse(421, `this server is ${ctx.selfHost}`)));

// The token characters of RFC 9110 §5.6.2, SP, HTAB and a few separators.
const STRICT_VALUE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z \t,;=/"]*$/;
const HOST_VALUE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]*(:[0-9]*)?$/;

export const strictFieldValues = guarded((head) =>
  head.headers.every(([name, value]) => STRICT_VALUE.test(value) || (name.toLowerCase() === 'host' && HOST_VALUE.test(value)))
    ? null
    : errorResponse(400, 'field value with a forbidden character'),
);

/** Every method but HEAD on a static path is answered as GET; unknown methods too. */
export const anyMethodIsGet: Router = (head, ctx) => {
  if (head.method === 'HEAD' || head.targetForm === 'authority' || head.targetForm === 'asterisk') return route(head, ctx);
  const resolved = resolvedTarget(head);
  if (resolved?.ok && isEcho(resolved.segments, resolved.trailingSlash) && KNOWN_METHODS.has(head.method)) return route(head, ctx);
  return route({ ...head, method: 'GET' }, ctx);
};

/** The query is taken as part of the file name. */
export const queryInFileName = withHead((head) => (head.target.includes('?') ? { ...head, target: head.target.replace('?', '%3F') } : head));

/** An absolute-form target is taken as a file name. */
export const absoluteFormIsAName = guarded((head) => (head.targetForm === 'absolute' ? errorResponse(404, 'no such file') : null));

/** Absolute-form targets of any scheme are served from their path. */
export const anySchemeServed = withHead((head) => (head.targetForm === 'absolute' ? { ...head, target: head.target.replace(/^[^:]*/, 'http') } : head));

/** Percent-decoding as urllib.parse.unquote does it: a `%` not followed by two hex digits stays. */
export function lenientDecode(raw: string): string {
  return raw.replace(/(%[0-9A-Fa-f]{2})+/g, (run) => Buffer.from(run.replaceAll('%', ''), 'hex').toString('utf8'));
}

/** A redirect whose Location is the decoded path and query as they came, CR and LF included. */
export const locationFromRequest: Router = (head, ctx) => {
  const target = targetPath(head.target, head.targetForm, head.authority);
  if (target?.ok && !target.rawPath.endsWith('/') && (head.method === 'GET' || head.method === 'HEAD')) {
    const last = target.rawPath.slice(target.rawPath.lastIndexOf('/') + 1);
    if (last !== '' && last !== 'echo' && !last.includes('.')) {
      const query = target.query === '' ? '' : `?${lenientDecode(target.query)}`;
      return respond(errorResponse(301, undefined, `Location: ${lenientDecode(target.rawPath)}/${query}\r\n`));
    }
  }
  return route(head, ctx);
};

/** What a path fault makes of the raw path: segments looked up as the server does, a name joined to the root unchecked, or an error. */
export type FaultyPath =
  | { kind: 'segments'; segments: string[]; trailingSlash: boolean }
  | { kind: 'unconfined'; relPath: string; trailingSlash: boolean }
  | { kind: 'error'; status: number; detail: string };

/** A router that resolves static paths with `resolve` and otherwise is the server's. */
export function pathRouter(resolve: (rawPath: string) => FaultyPath): Router {
  return (head, ctx) => {
    const method = head.method;
    if (!KNOWN_METHODS.has(method) || (method !== 'GET' && method !== 'HEAD')) return route(head, ctx);
    const target = targetPath(head.target, head.targetForm, head.authority);
    if (target === null || !target.ok) return route(head, ctx);
    const resolved = resolve(target.rawPath);
    if (resolved.kind === 'error') return respond(errorResponse(resolved.status, resolved.detail));
    if (resolved.kind === 'segments') {
      if (isEcho(resolved.segments, resolved.trailingSlash)) return respond(errorResponse(405, `${method} is not allowed on /echo`, ECHO_ALLOW));
      return lookupPlan(head, ctx, method === 'GET', ctx.files.lookup(resolved.segments, resolved.trailingSlash));
    }
    return respond(unconfined(ctx.files.root, resolved.relPath, resolved.trailingSlash));
  };
}

/**
 * `relPath` joined to the root like Python's os.path.join (an absolute one replaces the root)
 * and served with nothing checking where it lands; a directory without index.html is listed
 * (HEAD gets the same head: the connection leaves the body out).
 */
async function unconfined(root: string, relPath: string, trailingSlash: boolean): Promise<OutgoingResponse> {
  const joined = path.resolve(root, relPath);
  try {
    let file = joined;
    if ((await fsp.stat(joined)).isDirectory()) {
      const index = path.join(joined, 'index.html');
      if (!(await fsp.stat(index).catch(() => null))) return textResponse(200, `${(await fsp.readdir(joined)).join('\n')}\n`);
      file = index;
    } else if (trailingSlash) {
      return errorResponse(404, 'no such file');
    }
    const body = await fsp.readFile(file);
    return { status: 200, fields: `Content-Type: ${contentTypeFor(file)}\r\nContent-Length: ${body.length}\r\n`, body };
  } catch {
    return errorResponse(404, 'no such file');
  }
}

function segmentsOf(rawPath: string, decode: (s: string) => string): FaultyPath {
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

/** The server's resolution, then each segment changed after the dot-segment check. */
function changedAfterCheck(change: (segment: string) => string, cut?: (rawPath: string) => string): (rawPath: string) => FaultyPath {
  return (rawPath) => {
    const resolved = resolvePath(cut ? cut(rawPath) : rawPath);
    if (!resolved.ok) return { kind: 'error', status: resolved.status, detail: resolved.detail };
    return { kind: 'unconfined', relPath: resolved.segments.map(change).join('/'), trailingSlash: resolved.trailingSlash };
  };
}

// A decoder that accepts the two-octet overlong forms of ASCII (%c0%ae is ".", %c0%af is "/").
function overlongDecode(raw: string): string {
  const ascii = raw.replace(/%c([01])%([89ab][0-9a-f])/gi, (_, hi: string, lo: string) => {
    const code = ((Number.parseInt(`c${hi}`, 16) & 0x1f) << 6) | (Number.parseInt(lo, 16) & 0x3f);
    return `%${code.toString(16).padStart(2, '0')}`;
  });
  return lenientDecode(ascii);
}

export const PATH_FAULTS = {
  /** os.path.join(root, unquote(path)[1:]): `..` climbs, an absolute rest replaces the root. */
  noTraversalCheck: (rawPath: string): FaultyPath => {
    const decoded = lenientDecode(rawPath);
    return { kind: 'unconfined', relPath: decoded.slice(1), trailingSlash: decoded.endsWith('/') };
  },
  noPercentDecoding: (rawPath: string): FaultyPath => segmentsOf(rawPath, (s) => s),
  /** The dot-segment check on the raw text, an overlong-accepting decoder after it. */
  overlongUtf8: (rawPath: string): FaultyPath => {
    const checked = segmentsOf(rawPath, (s) => s);
    if (checked.kind !== 'segments') return checked;
    return { kind: 'unconfined', relPath: checked.segments.map(overlongDecode).join('/'), trailingSlash: checked.trailingSlash };
  },
  doubleDecode: changedAfterCheck(lenientDecode),
  nulTruncation: changedAfterCheck((s) => s, (raw) => {
    const nul = raw.search(/%00/i);
    return nul < 0 ? raw : raw.slice(0, nul);
  }),
  backslashIsSlash: changedAfterCheck((s) => s.replaceAll('\\', '/')),
  stripPathParams: changedAfterCheck((s) => s.split(';')[0]!),
  unicodeNormalize: changedAfterCheck((s) => s.normalize('NFKC')),
  /** basename(path): what is left of a path "made safe" that way. */
  basenameOnly: (rawPath: string): FaultyPath => {
    const resolved = resolvePath(rawPath);
    if (!resolved.ok) return { kind: 'error', status: resolved.status, detail: resolved.detail };
    return { kind: 'segments', segments: resolved.segments.slice(-1), trailingSlash: resolved.trailingSlash };
  },
} as const;

/** A directory is never answered with its index.html. */
export const noIndex: Router = (head, ctx) => {
  const resolved = resolvedTarget(head);
  if ((head.method === 'GET' || head.method === 'HEAD') && resolved?.ok && (resolved.trailingSlash || resolved.segments.length === 0)) {
    return respond(errorResponse(404, 'no such file'));
  }
  return route(head, ctx);
};

/** A directory named without its trailing slash is a 404 instead of a redirect. */
export const noDirRedirect = mapAnswers((res) => (res.status === 301 ? errorResponse(404, 'no such file') : res));

/** POST /echo is taken whatever length it declares: the body is read (or cut) first. */
export const echoWithoutSizeCheck: Router = (head, ctx) => {
  const resolved = resolvedTarget(head);
  if (head.method === 'POST' && resolved?.ok && isEcho(resolved.segments, resolved.trailingSlash)) return { kind: 'echo' };
  return route(head, ctx);
};
