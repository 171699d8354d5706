// Comma-separated list fields (Connection, Expect), compared case-insensitively without
// allocating (no split, no toLowerCase, no callbacks: these run for most requests).

// https://www.rfc-editor.org/rfc/rfc9110#section-5.6.1
// #element => [ element ] *( OWS "," OWS [ element ] ); empty elements are ignored.

/** Whether one of the elements of `value`, OWS trimmed, equals `lower` ignoring the case of letters. */
export function listHas(value: string, lower: string): boolean {
  const n = value.length;
  let i = 0;
  while (i < n) {
    while (i < n && isOws(value.charCodeAt(i))) i++;
    const start = i;
    while (i < n && value.charCodeAt(i) !== 0x2c) i++;
    let end = i;
    while (end > start && isOws(value.charCodeAt(end - 1))) end--;
    if (elementIs(value, start, end, lower)) return true;
    i++;
  }
  return false;
}

/** How many non-empty elements `value` holds. */
export function listLength(value: string): number {
  const n = value.length;
  let count = 0;
  let i = 0;
  while (i < n) {
    let nonEmpty = false;
    while (i < n && value.charCodeAt(i) !== 0x2c) {
      if (!isOws(value.charCodeAt(i))) nonEmpty = true;
      i++;
    }
    if (nonEmpty) count++;
    i++;
  }
  return count;
}

function elementIs(value: string, start: number, end: number, lower: string): boolean {
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
