// Octet classes as 256-entry lookup tables: the hot loops do one indexed load per byte instead of
// a chain of comparisons or a regular expression.

export const HTAB = 0x09;
export const LF = 0x0a;
export const CR = 0x0d;
export const SP = 0x20;
export const DQUOTE = 0x22;
export const COLON = 0x3a;
export const SEMICOLON = 0x3b;
export const EQUALS = 0x3d;

function table(accepts: (octet: number) => boolean): Uint8Array {
  const t = new Uint8Array(256);
  for (let b = 0; b < 256; b++) t[b] = accepts(b) ? 1 : 0;
  return t;
}

const isDigit = (b: number): boolean => b >= 0x30 && b <= 0x39;
const isAlpha = (b: number): boolean => (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);

// https://www.rfc-editor.org/rfc/rfc9110#section-5.6.2
// tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
//       / DIGIT / ALPHA
export const TCHAR = table((b) => isDigit(b) || isAlpha(b) || "!#$%&'*+-.^_`|~".includes(String.fromCharCode(b)));

// https://www.rfc-editor.org/rfc/rfc9110#section-5.6.3
// OWS = *( SP / HTAB )
export const OWS = table((b) => b === SP || b === HTAB);

// https://www.rfc-editor.org/rfc/rfc9110#section-5.5
// field-content = field-vchar [ 1*( SP / HTAB / field-vchar ) field-vchar ]
// field-vchar = VCHAR / obs-text. Everything else (NUL, CR, LF, other CTLs, DEL) is refused.
export const FIELD_VALUE = table((b) => b === SP || b === HTAB || (b >= 0x21 && b <= 0x7e) || b >= 0x80);

// The `invalid-header-chars` leniency: any octet except the line-ending ones.
// RFC 9110 §5.5: other CTLs MAY be retained; CR, LF and NUL never.
export const FIELD_VALUE_LENIENT = table((b) => b !== CR && b !== LF && b !== 0);

// https://www.rfc-editor.org/rfc/rfc9112#section-3.2 (and RFC 3986 §2): a request-target is made
// of visible US-ASCII. CTLs, SP, DEL and octets >= 0x80 are refused, and so is "#": a fragment is
// never sent in a request-target (RFC 9110 §7.1). Percent-encoding is the router's business.
export const TARGET_CHAR = table((b) => b >= 0x21 && b <= 0x7e && b !== 0x23);

// https://www.rfc-editor.org/rfc/rfc3986#section-3.2.2
// reg-name = *( unreserved / pct-encoded / sub-delims ); "%" is checked apart (pct-encoded).
// unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~"
// sub-delims = "!" / "$" / "&" / "'" / "(" / ")" / "*" / "+" / "," / ";" / "="
export const UNRESERVED = table((b) => isDigit(b) || isAlpha(b) || '-._~'.includes(String.fromCharCode(b)));
export const SUB_DELIMS = table((b) => "!$&'()*+,;=".includes(String.fromCharCode(b)));
export const REG_NAME_CHAR = table((b) => UNRESERVED[b] === 1 || SUB_DELIMS[b] === 1);

// https://www.rfc-editor.org/rfc/rfc9110#section-5.6.4
// qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text
// quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
export const QDTEXT = table((b) => b === HTAB || b === SP || b === 0x21 || (b >= 0x23 && b <= 0x5b) || (b >= 0x5d && b <= 0x7e) || b >= 0x80);
export const QUOTED_PAIR_CHAR = table((b) => b === HTAB || b === SP || (b >= 0x21 && b <= 0x7e) || b >= 0x80);

/** HEXDIG value of an octet, or NOT_HEX. */
export const NOT_HEX = 0xff;
export const HEX_VALUE = (() => {
  const t = new Uint8Array(256).fill(NOT_HEX);
  for (let d = 0; d < 10; d++) t[0x30 + d] = d;
  for (let d = 0; d < 6; d++) {
    t[0x41 + d] = 10 + d;
    t[0x61 + d] = 10 + d;
  }
  return t;
})();


/** A readable name for an octet in error reasons: `'('` or `0x00`. */
export function describeOctet(b: number | undefined): string {
  if (b === undefined) return 'end of input';
  if (b > 0x20 && b < 0x7f && b !== 0x27) return `'${String.fromCharCode(b)}'`;
  return `0x${b.toString(16).padStart(2, '0')}`;
}

/** Whether `value` equals `lower` (a lower-case ASCII string) ignoring the case of letters. */
export function equalsIgnoreCase(value: string, lower: string): boolean {
  const n = lower.length;
  if (value.length !== n) return false;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    const t = lower.charCodeAt(i);
    // Only letters fold: `| 0x20` alone would also map 0x10-0x19 onto digits.
    if (c !== t && ((c | 0x20) !== t || t < 0x61 || t > 0x7a)) return false;
  }
  return true;
}
