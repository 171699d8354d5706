// Transfer-Encoding field values: the list of transfer codings, in order. Values are decoded
// latin1 strings with OWS already trimmed.

import { DQUOTE, QDTEXT, QUOTED_PAIR_CHAR, TCHAR } from './tokens.ts';

export type TransferCoding = {
  /** Lower-cased coding name (codings are case-insensitive, RFC 9112 §7). */
  name: string;
  /** Index of the name in the field value. */
  at: number;
  hasParameters: boolean;
};

export type TransferEncodingSyntax = { at: number; detail: string };

// https://www.rfc-editor.org/rfc/rfc9112#section-6.1
// Transfer-Encoding = #transfer-coding
// https://www.rfc-editor.org/rfc/rfc9112#section-7
// transfer-coding = token *( OWS ";" OWS transfer-parameter )
// transfer-parameter = token BWS "=" BWS ( token / quoted-string )
// https://www.rfc-editor.org/rfc/rfc9110#section-5.6.1.2
// Empty list elements are ignored ("a recipient MUST parse and ignore a reasonable number of
// empty list elements"), but a value with no coding at all is refused.
/** Appends the codings of `value` to `out`; returns a syntax error or null. */
export function parseTransferEncoding(value: string, out: TransferCoding[]): TransferEncodingSyntax | null {
  const n = value.length;
  let i = 0;
  let found = 0;
  for (;;) {
    while (i < n && (isOws(value, i) || value.charCodeAt(i) === 0x2c)) i++;
    if (i === n) break;
    const at = i;
    i = skipToken(value, i);
    if (i === at) return { at, detail: `expected a transfer coding, got ${describe(value, at)}` };
    const name = value.slice(at, i).toLowerCase();
    let hasParameters = false;
    for (;;) {
      let j = i;
      while (j < n && isOws(value, j)) j++;
      if (j === n || value.charCodeAt(j) === 0x2c) {
        i = j;
        break;
      }
      if (value.charCodeAt(j) !== 0x3b) return { at: j, detail: `unexpected ${describe(value, j)} after a coding` };
      hasParameters = true;
      j++;
      while (j < n && isOws(value, j)) j++;
      const ps = j;
      j = skipToken(value, j);
      if (j === ps) return { at: ps, detail: 'missing parameter name' };
      while (j < n && isOws(value, j)) j++;
      if (value.charCodeAt(j) !== 0x3d) return { at: j, detail: 'missing "=" in a parameter' };
      j++;
      while (j < n && isOws(value, j)) j++;
      const vs = j;
      j = value.charCodeAt(j) === DQUOTE ? skipQuotedString(value, j) : skipToken(value, j);
      if (j <= vs) return { at: vs, detail: 'invalid parameter value' };
      i = j;
    }
    out.push({ name, at, hasParameters });
    found++;
  }
  return found === 0 ? { at: 0, detail: 'no transfer coding in the value' } : null;
}

function isOws(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c === 0x20 || c === 0x09;
}

function skipToken(s: string, i: number): number {
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c >= 256 || TCHAR[c] !== 1) break;
    i++;
  }
  return i;
}

// https://www.rfc-editor.org/rfc/rfc9110#section-5.6.4
// quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE
/** Index after the closing quote, or -1 when the string is unterminated or invalid. */
export function skipQuotedString(s: string, i: number): number {
  i++;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === DQUOTE) return i + 1;
    if (c === 0x5c) {
      const next = s.charCodeAt(i + 1);
      if (!(next < 256 && QUOTED_PAIR_CHAR[next] === 1)) return -1;
      i += 2;
    } else if (c < 256 && QDTEXT[c] === 1) i++;
    else return -1;
  }
  return -1;
}

function describe(s: string, i: number): string {
  if (i >= s.length) return 'end of value';
  const c = s.charCodeAt(i);
  return c > 0x20 && c < 0x7f ? `'${s[i]}'` : `0x${c.toString(16).padStart(2, '0')}`;
}
