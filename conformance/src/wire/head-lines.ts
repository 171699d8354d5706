// Parsing of single head lines (status line, field lines), as leniently as a debugging client
// can afford: every departure from RFC 9112 becomes a finding, and only a line that cannot be a
// status line at all stops the reader.

import { escapeLatin1 } from './escape.ts';

const HTTP_NAME = 'HTTP/';
const SHOWN = 80;
const show = (text: string): string => escapeLatin1(text, SHOWN);

/**
 * Whether the bytes received so far can still be the start of a status line. Decided on as few
 * bytes as possible so a server spewing garbage is recognised before a whole line arrives.
 */
export function statusLineStart(prefix: Uint8Array): 'yes' | 'no' | 'maybe' {
  const n = Math.min(prefix.length, HTTP_NAME.length);
  for (let i = 0; i < n; i++) {
    // HTTP-name is case-sensitive (RFC 9112 §2.3); a lower-case one is still recognisably a
    // status line and gets a finding from parseStatusLine instead.
    const b = prefix[i]! | (i < 4 ? 0x20 : 0);
    const want = HTTP_NAME.charCodeAt(i) | (i < 4 ? 0x20 : 0);
    if (b !== want) return 'no';
  }
  return n === HTTP_NAME.length ? 'yes' : 'maybe';
}

export type StatusLine = { version: string; status: number | null; reason: string };

// RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ]
export function parseStatusLine(line: string, findings: string[]): StatusLine {
  const sp = line.indexOf(' ');
  const version = sp < 0 ? line : line.slice(0, sp);
  if (!version.startsWith(HTTP_NAME)) findings.push(`HTTP-name is case-sensitive, got "${show(version)}"`);
  else if (!/^HTTP\/1\.[01]$/.test(version)) findings.push(`unexpected HTTP version "${show(version)}"`);
  if (sp < 0) {
    findings.push('status line has no status code');
    return { version, status: null, reason: '' };
  }
  let rest = line.slice(sp + 1);
  if (rest.startsWith(' ')) {
    findings.push('more than one SP after the HTTP version');
    rest = rest.replace(/^ +/, '');
  }
  const digits = /^\d*/.exec(rest)![0];
  if (digits.length !== 3) {
    const token = rest.split(' ', 1)[0] ?? '';
    findings.push(`status code "${show(token)}" is not three digits`);
    return { version, status: null, reason: rest.slice(token.length + 1) };
  }
  const status = Number(digits);
  const after = rest.slice(3);
  if (after === '') {
    findings.push('no SP after the status code (required even with an empty reason phrase)');
    return { version, status, reason: '' };
  }
  if (!after.startsWith(' ')) {
    findings.push(`no SP after the status code in "${show(rest)}"`);
    return { version, status, reason: after };
  }
  return { version, status, reason: after.slice(1) };
}

// RFC 9110 §5.6.2: tchar
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** One field line (RFC 9112 §5), or null when it has no colon at all. */
export function parseFieldLine(line: string, findings: string[]): [name: string, value: string] | null {
  const colon = line.indexOf(':');
  if (colon < 0) {
    findings.push(`field line without a colon: "${show(line)}"`);
    return null;
  }
  const name = line.slice(0, colon);
  if (name === '') findings.push(`field line with an empty name: "${show(line)}"`);
  else if (/[ \t]$/.test(name)) findings.push(`whitespace between field name and colon: "${show(name)}:"`);
  else if (!TOKEN.test(name)) findings.push(`invalid character in field name "${show(name)}"`);
  if (line.includes('\r')) findings.push(`bare CR in field line "${show(line)}"`);
  return [name, trimOws(line.slice(colon + 1))];
}

// RFC 9110 §5.6.3: OWS = *( SP / HTAB )
export function trimOws(value: string): string {
  let a = 0;
  let b = value.length;
  while (a < b && (value[a] === ' ' || value[a] === '\t')) a++;
  while (b > a && (value[b - 1] === ' ' || value[b - 1] === '\t')) b--;
  return value.slice(a, b);
}
