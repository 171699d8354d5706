// A mount prefix (`--mount /files`): a server that serves the docroot under a path prefix, as
// many student servers do (`/static/`, `/files/`), is tested by putting the prefix in front of
// the request-target of the requests a case sends. Only targets that cannot change how a case
// is framed are touched: the request line that starts a write, the canary, and requests
// pipelined after an empty line in a write that declares no body. A request hidden inside a
// body (smuggling, TE.0) keeps its bytes, so every Content-Length and chunk size stays true.

import { CANARY_PATH, type Case, type SendStep, type WritePart } from '../case/types.ts';
import { UsageError } from '../errors.ts';

// A method token, the SP, and an origin-form target.
const REQUEST_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+ )\//;
const PIPELINED = /\r\n\r\n([!#$%&'*+.^_`|~0-9A-Za-z-]+ )\//g;
const DECLARES_BODY = /content-length|transfer-encoding/i;

/** The prefix as given, checked: `/files`, no trailing slash, no whitespace or controls. */
export function checkMount(prefix: string): string {
  if (!/^(\/[!$&'()*+,;=:@._~0-9A-Za-z%-]+)+$/.test(prefix)) {
    throw new UsageError(`--mount ${prefix}: a path prefix such as /files (starting with /, without a trailing /, no spaces)`);
  }
  return prefix;
}

/** The case with its request-targets moved under `prefix` (expectations untouched). */
export function mountCase(c: Case, prefix: string): Case {
  const mounted: Case = { ...c, send: mountSteps(c.send, prefix) };
  if (c.before) mounted.before = c.before.map((b) => ({ ...b, send: mountSteps(b.send, prefix) }));
  return mounted;
}

function mountSteps(steps: readonly SendStep[], prefix: string): SendStep[] {
  return steps.map((s) => (s.kind === 'write' ? { kind: 'write', parts: mountParts(s.parts, prefix) } : s));
}

function mountParts(parts: readonly WritePart[], prefix: string): WritePart[] {
  const noBody = !parts.some((p) => DECLARES_BODY.test(p.text));
  const canary = `GET ${prefix}${CANARY_PATH} HTTP/1.1\r\nHost: {host}\r\n\r\n`;
  return parts.map((p, i) => {
    let text = i === 0 ? p.text.replace(REQUEST_LINE, `$1${prefix}/`) : p.text;
    if (noBody) text = text.replace(PIPELINED, `\r\n\r\n$1${prefix}/`);
    // Last, so that the canary's own request line is not prefixed twice.
    return { ...p, text: text.replaceAll('{canary}', canary) };
  });
}
