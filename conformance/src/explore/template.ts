// A generated request is a template: latin1 text (one character per octet) that may hold the
// placeholders `{host}` and `{canary}`, expanded per target at send time, because each target
// listens on its own port. Mutating and shrinking never split a placeholder (a `{hst}` would be an
// unknown placeholder, which a case file may not hold), so they work on units: one octet, or one
// whole placeholder.

import { canaryRequest } from '../case/canary.ts';
import { PLACEHOLDER_PATTERN } from '../case/placeholders.ts';

export type Template = string;

/** The placeholders a generated request may use: the others depend on what a target sent. */
export const TEMPLATE_PLACEHOLDERS = ['host', 'canary'] as const;

/** Largest template the explorer builds or sends, so that memory stays bounded per request. */
export const MAX_TEMPLATE_OCTETS = 16 * 1024;

/** True when every `{word}` is one of ours and every character is one octet. */
export function isValidTemplate(t: Template): boolean {
  if (t.length === 0 || t.length > MAX_TEMPLATE_OCTETS) return false;
  for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) > 0xff) return false;
  for (const m of t.matchAll(PLACEHOLDER_PATTERN)) {
    if (!(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(m[1]!)) return false;
  }
  return true;
}

/** Units for mutating and shrinking: single octets, and each placeholder as one unit. */
export function units(t: Template): string[] {
  const out: string[] = [];
  let at = 0;
  for (const m of t.matchAll(PLACEHOLDER_PATTERN)) {
    for (; at < m.index; at++) out.push(t[at]!);
    out.push(m[0]);
    at = m.index + m[0].length;
  }
  for (; at < t.length; at++) out.push(t[at]!);
  return out;
}

/** Units grouped into lines: each ends after its LF (the last may have none). */
export function lines(t: Template): string[] {
  const out: string[] = [];
  let current = '';
  for (const u of units(t)) {
    current += u;
    if (u === '\n') {
      out.push(current);
      current = '';
    }
  }
  if (current !== '') out.push(current);
  return out;
}

/** The bytes sent to a target whose Host value is `host`. */
export function expandTemplate(t: Template, host: string): Buffer {
  const text = t.replace(PLACEHOLDER_PATTERN, (whole, name: string) => {
    if (name === 'host') return host;
    if (name === 'canary') return canaryRequest(host);
    return whole;
  });
  return Buffer.from(text, 'latin1');
}

/** Octets the template stands for with a typical `127.0.0.1:NNNNN` host, for reports. */
export function expandedLength(t: Template): number {
  return expandTemplate(t, '127.0.0.1:40000').length;
}

const REQUEST_LINE = /^([A-Za-z-]+) (\S+) HTTP\/\d\.\d$/;

/**
 * The request lines as written, in order: a line of `METHOD target HTTP/x.y` at the start or right
 * after a blank line (the way case/infer-head.ts counts them), with the canary expanded.
 */
export function requestLines(t: Template): Array<{ method: string; target: string }> {
  const stream = t.replaceAll('{canary}', canaryRequest('{host}'));
  const starts = [0];
  for (let at = stream.indexOf('\r\n\r\n'); at >= 0; at = stream.indexOf('\r\n\r\n', at + 1)) starts.push(at + 4);
  const out: Array<{ method: string; target: string }> = [];
  for (const start of starts) {
    const eol = stream.indexOf('\n', start);
    if (eol < 0) continue;
    const m = REQUEST_LINE.exec(stream.slice(start, stream[eol - 1] === '\r' ? eol - 1 : eol));
    if (m) out.push({ method: m[1]!, target: m[2]! });
  }
  return out;
}
