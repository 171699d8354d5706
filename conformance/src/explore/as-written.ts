// Where the messages of a request stream begin when it is framed by the book (RFC 9112 §6.3):
// Transfer-Encoding ending in chunked wins, else one valid Content-Length, else no body; empty
// lines before a request line are skipped (§2.2). Used for one question: does the canary start
// where a message starts? Only then does a target that answers something else where the canary's
// answer belongs show that it framed the bytes otherwise; when the canary sits in garbage, every
// target may stumble there.

import { canaryRequest } from '../case/canary.ts';
import type { Template } from './template.ts';

const MARK = '\u0100'; // not an octet: cannot occur in a template's expanded text

/** True when the template ends with `{canary}` and, framed by the book, the canary is a message of its own. */
export function canaryFramed(t: Template): boolean {
  return requestsAsWritten(t) !== null;
}

/**
 * How many requests the template holds framed by the book, the canary at its end included, when
 * the canary is a message of its own; else null (no canary at the end, or garbage before it).
 */
export function requestsAsWritten(t: Template): number | null {
  if (!t.endsWith('{canary}')) return null;
  const host = '127.0.0.1:1';
  const before = t.slice(0, -'{canary}'.length).replaceAll('{canary}', canaryRequest(host)).replaceAll('{host}', host);
  const stream = before + MARK;
  let at = 0;
  for (let count = 0; count < 1000; count++) {
    while (stream.startsWith('\r\n', at)) at += 2;
    if (stream[at] === MARK) return count + 1;
    const next = messageEnd(stream, at);
    if (next === null) return null;
    at = next;
  }
  return null;
}

/** Where the message starting at `at` ends, or null when it cannot be framed by the book. */
function messageEnd(s: string, at: number): number | null {
  const headEnd = s.indexOf('\r\n\r\n', at);
  if (headEnd < 0) return null;
  const head = s.slice(at, headEnd);
  const lines = head.split('\r\n');
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+ \S+ HTTP\/1\.[01]$/.test(lines[0]!)) return null;
  const te: string[] = [];
  const cl: string[] = [];
  for (const line of lines.slice(1)) {
    const m = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+):[ \t]*(.*?)[ \t]*$/.exec(line);
    if (!m || /[\x00-\x08\x0a-\x1f\x7f]/.test(m[2]!)) return null;
    const name = m[1]!.toLowerCase();
    if (name === 'transfer-encoding') te.push(...m[2]!.split(',').map((v) => v.trim().toLowerCase()));
    if (name === 'content-length') cl.push(...m[2]!.split(',').map((v) => v.trim()));
  }
  const bodyStart = headEnd + 4;
  if (te.length > 0) return te.at(-1) === 'chunked' ? chunkedEnd(s, bodyStart) : null;
  if (cl.length === 0) return bodyStart;
  if (!cl.every((v) => /^\d{1,15}$/.test(v)) || new Set(cl.map(Number)).size !== 1) return null;
  const end = bodyStart + Number(cl[0]);
  return end <= s.indexOf(MARK) ? end : null;
}

function chunkedEnd(s: string, at: number): number | null {
  for (let guard = 0; guard < 10_000; guard++) {
    const eol = s.indexOf('\r\n', at);
    if (eol < 0) return null;
    const m = /^([0-9A-Fa-f]{1,15})(?:[ \t]*;[^\r\n]*)?$/.exec(s.slice(at, eol));
    if (!m) return null;
    const size = parseInt(m[1]!, 16);
    at = eol + 2;
    if (size === 0) {
      // Trailer fields, then the empty line.
      for (;;) {
        const end = s.indexOf('\r\n', at);
        if (end < 0) return null;
        if (end === at) return at + 2;
        at = end + 2;
      }
    }
    if (s.slice(at + size, at + size + 2) !== '\r\n') return null;
    at += size + 2;
  }
  return null;
}

/**
 * The data chunks of the first request's chunked body, as [start, end) in the template (from the
 * first chunk-size line to the last-chunk), when its head asks for chunked and the chunks parse;
 * else null. The shrinker drops them in one step, which no octet-by-octet removal can do.
 */
export function dataChunks(t: Template): [number, number] | null {
  const headEnd = t.indexOf('\r\n\r\n');
  if (headEnd < 0 || !/\r\nTransfer-Encoding:[^\r\n]*chunked/i.test(t.slice(0, headEnd + 2))) return null;
  const start = headEnd + 4;
  let at = start;
  for (let guard = 0; guard < 10_000; guard++) {
    const eol = t.indexOf('\r\n', at);
    if (eol < 0) return null;
    const m = /^([0-9A-Fa-f]{1,15})(?:[ \t]*;[^\r\n]*)?$/.exec(t.slice(at, eol));
    if (!m) return null;
    const size = parseInt(m[1]!, 16);
    if (size === 0) return at > start ? [start, at] : null;
    at = eol + 2 + size;
    if (t.slice(at, at + 2) !== '\r\n') return null;
    at += 2;
  }
  return null;
}
