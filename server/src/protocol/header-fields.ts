// One field line, once its terminator has been found: `field-name ":" OWS field-value OWS`.

import { parseError, type ParseErrorEvent } from './parse-error.ts';
import { COLON, CR, FIELD_VALUE, FIELD_VALUE_LENIENT, OWS, TCHAR, describeOctet } from './tokens.ts';

export type FieldLineRules = {
  /** `invalid-header-chars`: allow every octet but CR and LF in values. */
  invalidChars: boolean;
};

/** Where the parts of a field line lie; filled by parseFieldLine. */
export type FieldLineParts = { nameEnd: number; valueStart: number; valueEnd: number };

/**
 * Checks the field line in `buf[s, e)` (terminator excluded, first octet not SP/HTAB) and fills
 * `out` with buffer indexes. `base` is the stream offset of `buf[0]`.
 */
// https://www.rfc-editor.org/rfc/rfc9112#section-5
// field-line = field-name ":" OWS field-value OWS
export function parseFieldLine(
  buf: Buffer,
  s: number,
  e: number,
  base: number,
  rules: FieldLineRules,
  out: FieldLineParts,
): ParseErrorEvent | null {
  // https://www.rfc-editor.org/rfc/rfc9110#section-5.1
  // field-name = token
  let i = s;
  while (i < e && TCHAR[buf[i]!] === 1) i++;
  let nameEnd = i;
  if (i < e && buf[i] === COLON) {
    if (i === s) return parseError('INVALID_HEADER_NAME', base + s, 'empty field name');
  } else {
    if (i < e && buf[i] === CR) return parseError('BARE_CR', base + i);
    const colon = buf.indexOf(COLON, i);
    if (colon === -1 || colon >= e) return parseError('MISSING_COLON', base + s);
    let j = i;
    while (j < colon && OWS[buf[j]!] === 1) j++;
    if (j === colon && i > s) {
      // https://www.rfc-editor.org/rfc/rfc9112#section-5.1
      // "No whitespace is allowed between the field name and colon. [...] A server MUST reject,
      // with a response status code of 400 (Bad Request), any received request message that
      // contains whitespace between a header field name and colon."
      return parseError('WHITESPACE_BEFORE_COLON', base + i);
    } else {
      return parseError('INVALID_HEADER_NAME', base + i, `unexpected ${describeOctet(buf[i])}`);
    }
  }
  // https://www.rfc-editor.org/rfc/rfc9110#section-5.5
  // Leading and trailing OWS is not part of the value.
  let vs = i + 1;
  let ve = e;
  while (vs < ve && OWS[buf[vs]!] === 1) vs++;
  while (ve > vs && OWS[buf[ve - 1]!] === 1) ve--;
  const bad = checkFieldValue(buf, vs, ve, base, rules.invalidChars);
  if (bad !== null) return bad;
  out.nameEnd = nameEnd;
  out.valueStart = vs;
  out.valueEnd = ve;
  return null;
}

// https://www.rfc-editor.org/rfc/rfc9110#section-5.5
// "Field values containing CR, LF, or NUL characters are invalid and dangerous [...] a recipient
// of CR, LF, or NUL within a field value MUST either reject the message or replace each of those
// characters with SP". This parser rejects them, and other CTLs too (field-vchar); obs-text
// (0x80-0xff) is kept as opaque data.
export function checkFieldValue(buf: Buffer, vs: number, ve: number, base: number, lenient: boolean): ParseErrorEvent | null {
  const allowed = lenient ? FIELD_VALUE_LENIENT : FIELD_VALUE;
  for (let k = vs; k < ve; k++) {
    const b = buf[k]!;
    if (allowed[b] !== 1) {
      if (b === CR) return parseError('BARE_CR', base + k);
      return parseError('INVALID_HEADER_VALUE', base + k, `unexpected ${describeOctet(b)}`);
    }
  }
  return null;
}
