// Content-Length field values. Values are decoded latin1 strings with OWS already trimmed.

export type ContentLengthValue =
  /** The length; Infinity when it does not fit in a safe integer. */
  | { ok: true; length: number }
  | { ok: false; /** Index in the value. */ at: number; conflict: boolean; detail: string };

// https://www.rfc-editor.org/rfc/rfc9110#section-8.6
// Content-Length = 1*DIGIT. "a recipient MAY [...] accept a list of identical values such as
// `Content-Length: 42, 42`". No sign, no inner space, no hex, no "_", not empty.
// https://www.rfc-editor.org/rfc/rfc9112#section-6.3 (item 5): any other value is an
// unrecoverable framing error. The value is read digit by digit and saturates to Infinity past
// Number.MAX_SAFE_INTEGER, so huge values can never wrap to small ones.
export function parseContentLength(value: string): ContentLengthValue {
  const n = value.length;
  let length = -1;
  let i = 0;
  for (;;) {
    const start = i;
    let v = 0;
    while (i < n) {
      const d = value.charCodeAt(i) - 0x30;
      if (d < 0 || d > 9) break;
      v = v > MAX_BEFORE_DIGIT ? Infinity : v * 10 + d;
      i++;
    }
    if (i === start) {
      return { ok: false, at: i, conflict: false, detail: i === n ? 'missing digits' : `unexpected ${describe(value, i)}` };
    }
    if (v > Number.MAX_SAFE_INTEGER) v = Infinity;
    if (length !== -1 && v !== length) return { ok: false, at: start, conflict: true, detail: 'list of differing values' };
    length = v;
    while (i < n && isOws(value.charCodeAt(i))) i++;
    if (i === n) return { ok: true, length };
    if (value.charCodeAt(i) !== 0x2c) return { ok: false, at: i, conflict: false, detail: `unexpected ${describe(value, i)}` };
    i++;
    while (i < n && isOws(value.charCodeAt(i))) i++;
  }
}

// Above this, one more digit certainly leaves the safe-integer range.
const MAX_BEFORE_DIGIT = Math.floor(Number.MAX_SAFE_INTEGER / 10);

function isOws(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

function describe(value: string, i: number): string {
  const c = value.charCodeAt(i);
  return c > 0x20 && c < 0x7f ? `'${value[i]}'` : `0x${c.toString(16).padStart(2, '0')}`;
}
