// Case strings stand for octets: every character must be at most \xff (cases/README.md, Bytes).
// These checks also reject unknown `{placeholders}`, which are almost always typos.

import { isNode } from 'yaml';
import { PLACEHOLDERS } from './types.ts';
import { unknownPlaceholders } from './placeholders.ts';
import type { Entry, YamlReader } from './yaml-reader.ts';

/** Request bytes: a double-quoted YAML string, so that `\r\n` and `\xHH` escapes apply. */
export function requestBytes(r: YamlReader, e: Entry, what: string, allowed: readonly string[] = []): string | null {
  const s = r.scalar(e);
  if (!s || typeof s.value !== 'string') {
    r.report(e.line, `${what}: expected request bytes as a double-quoted string ("...")`);
    return null;
  }
  if (s.type !== 'QUOTE_DOUBLE') {
    r.report(e.line, `${what}: request bytes must be a double-quoted string ("...") so that escapes such as \\r\\n apply`);
    return null;
  }
  return checkText(r, e, s.value, what, allowed) ? s.value : null;
}

/** A string inside an expectation (header value, body text); numbers are taken as written. */
export function expectationText(r: YamlReader, e: Entry, what: string): string | null {
  const s = r.scalar(e);
  const v = s?.value;
  if (typeof v === 'number' && s) return checkText(r, e, String(s.source ?? v), what) ? String(s.source ?? v) : null;
  if (typeof v !== 'string') {
    r.report(e.line, `${what}: expected a string`);
    return null;
  }
  return checkText(r, e, v, what) ? v : null;
}

/**
 * Octets only, known placeholders only (and the names in `allowed`, such as a repetition's
 * `{i}`); reports the first offence and returns false.
 */
export function checkText(r: YamlReader, e: Entry, text: string, what: string, allowed: readonly string[] = []): boolean {
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp <= 0xff) continue;
    const line = lineOfLiteral(r, e, ch);
    const shown = /[\p{L}\p{N}\p{P}\p{S}]/u.test(ch) ? ` "${ch}"` : '';
    const hex = cp.toString(16).toUpperCase().padStart(4, '0');
    r.report(line, `${what}: character U+${hex}${shown} is above \\xff; write its UTF-8 octets as \\xHH escapes`);
    return false;
  }
  const unknown = unknownPlaceholders(text).filter((name) => !allowed.includes(name));
  if (unknown.length > 0) {
    const known = PLACEHOLDERS.map((p) => `{${p}}`).join(', ');
    r.report(e.line, `${what}: unknown placeholder {${unknown[0]}} (known: ${known})`);
    return false;
  }
  return true;
}

// A multi-line string may put the character lines below the node's start; when it was typed
// literally we can find it in the source. Escapes (\u20ac) leave the node's own line.
function lineOfLiteral(r: YamlReader, e: Entry, ch: string): number {
  if (!isNode(e.node) || !e.node.range) return e.line;
  const [start, end] = e.node.range;
  const at = r.source.slice(start, end).indexOf(ch);
  return at < 0 ? e.line : r.lineAt(start + at);
}
