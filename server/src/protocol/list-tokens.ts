// Comma-separated list fields (Connection, Expect), compared case-insensitively without
// allocating.

// https://www.rfc-editor.org/rfc/rfc9110#section-5.6.1
// #element => [ element ] *( OWS "," OWS [ element ] ); empty elements are ignored.
/** Calls `visit(start, end)` for each non-empty element of `value`, OWS trimmed. */
export function forEachListElement(value: string, visit: (start: number, end: number) => void): void {
  const n = value.length;
  let i = 0;
  while (i < n) {
    while (i < n && isOws(value.charCodeAt(i))) i++;
    const start = i;
    while (i < n && value.charCodeAt(i) !== 0x2c) i++;
    let end = i;
    while (end > start && isOws(value.charCodeAt(end - 1))) end--;
    if (end > start) visit(start, end);
    i++;
  }
}

/** Whether `value[start, end)` equals `lower` ignoring the case of letters. */
export function elementIs(value: string, start: number, end: number, lower: string): boolean {
  if (end - start !== lower.length) return false;
  for (let i = 0; i < lower.length; i++) {
    const c = value.charCodeAt(start + i);
    const t = lower.charCodeAt(i);
    if (c !== t && ((c | 0x20) !== t || t < 0x61 || t > 0x7a)) return false;
  }
  return true;
}

function isOws(c: number): boolean {
  return c === 0x20 || c === 0x09;
}
