// Syntax of a Host field value, an absolute-form authority and a CONNECT authority-form target.
// Values are decoded latin1 strings, one char per octet.

import { HEX_VALUE, NOT_HEX, REG_NAME_CHAR, SUB_DELIMS, UNRESERVED } from './tokens.ts';

export type HostRules = {
  /** An empty uri-host is an error (http URIs, CONNECT); the Host field may be empty (RFC 9112 §3.2). */
  requireHost: boolean;
  /** The ":" port part is mandatory and non-empty (CONNECT, RFC 9110 §9.3.6). */
  requirePort: boolean;
};

// https://www.rfc-editor.org/rfc/rfc9112#section-3.2
// Host = uri-host [ ":" port ]; a Host value that does not match is answered with 400.
// https://www.rfc-editor.org/rfc/rfc3986#section-3.2.2
// host = IP-literal / IPv4address / reg-name (IPv4address is a subset of reg-name's syntax)
// reg-name = *( unreserved / pct-encoded / sub-delims ): no SP, "@", "/", CTLs or obs-text.
// port = *DIGIT
/**
 * Returns -1 when `value` is `uri-host [ ":" port ]`, otherwise the index of the first offending
 * char (the value's length when something is missing at the end).
 */
export function checkHost(value: string, rules: HostRules): number {
  const n = value.length;
  let i = 0;
  if (n > 0 && value.charCodeAt(0) === 0x5b) {
    const close = value.indexOf(']');
    if (close === -1) return n;
    if (!isIpLiteral(value.slice(1, close))) return 1;
    i = close + 1;
  } else {
    while (i < n) {
      const c = value.charCodeAt(i);
      if (c < 256 && REG_NAME_CHAR[c] === 1) i++;
      else if (c === 0x25 && isHex(value, i + 1) && isHex(value, i + 2)) i += 3;
      else break;
    }
    if (i === 0 && rules.requireHost) return 0;
  }
  if (i === n) return rules.requirePort ? n : -1;
  if (value.charCodeAt(i) !== 0x3a) return i;
  const portStart = ++i;
  while (i < n && isDigit(value.charCodeAt(i))) i++;
  if (i < n) return i;
  if (rules.requirePort && i === portStart) return i;
  return -1;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isHex(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c < 256 && HEX_VALUE[c] !== NOT_HEX;
}

// IP-literal = "[" ( IPv6address / IPvFuture ) "]"
// IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
function isIpLiteral(s: string): boolean {
  if (s.length > 0 && (s.charCodeAt(0) | 0x20) === 0x76) return isIpvFuture(s);
  return isIpv6(s);
}

function isIpvFuture(s: string): boolean {
  let i = 1;
  while (i < s.length && isHex(s, i)) i++;
  if (i === 1 || s.charCodeAt(i) !== 0x2e) return false;
  const start = ++i;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 256 || !(UNRESERVED[c] === 1 || SUB_DELIMS[c] === 1 || c === 0x3a)) return false;
  }
  return i > start;
}

// https://www.rfc-editor.org/rfc/rfc3986#section-3.2.2
// IPv6address: eight h16 groups, "::" standing for one or more zero groups (at most once), and
// the last 32 bits optionally written as an IPv4address.
function isIpv6(s: string): boolean {
  const gap = s.indexOf('::');
  if (gap !== -1 && s.indexOf('::', gap + 1) !== -1) return false;
  const head = gap === -1 ? s : s.slice(0, gap);
  const tail = gap === -1 ? '' : s.slice(gap + 2);
  const groups = [...(head === '' ? [] : head.split(':')), ...(tail === '' ? [] : tail.split(':'))];
  let count = 0;
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g]!;
    if (g === groups.length - 1 && group.includes('.')) {
      if (!isIpv4(group)) return false;
      count += 2;
    } else {
      if (group.length < 1 || group.length > 4) return false;
      for (let i = 0; i < group.length; i++) if (!isHex(group, i)) return false;
      count += 1;
    }
  }
  return gap === -1 ? count === 8 : count <= 7;
}

// IPv4address = dec-octet "." dec-octet "." dec-octet "." dec-octet; no leading zeros.
function isIpv4(s: string): boolean {
  const parts = s.split('.');
  if (parts.length !== 4) return false;
  for (const part of parts) {
    if (part.length < 1 || part.length > 3 || (part.length > 1 && part.charCodeAt(0) === 0x30)) return false;
    for (let i = 0; i < part.length; i++) if (!isDigit(part.charCodeAt(i))) return false;
    if (Number(part) > 255) return false;
  }
  return true;
}
