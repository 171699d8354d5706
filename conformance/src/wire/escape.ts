// Bytes as readable escaped text, the same notation case files use: printable ASCII as is,
// `\r`, `\n`, `\t`, `\0`, `\\` and `\xHH` for everything else. `unescapeBytes` reverses it.

const NAMED: Record<number, string> = { 0x0d: '\\r', 0x0a: '\\n', 0x09: '\\t', 0x00: '\\0', 0x5c: '\\\\' };

export function escapeBytes(bytes: Uint8Array, maxBytes = Infinity): string {
  const n = Math.min(bytes.length, maxBytes);
  let out = '';
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    const named = NAMED[b];
    if (named !== undefined) out += named;
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += '\\x' + b.toString(16).padStart(2, '0');
  }
  if (n < bytes.length) out += `... (${bytes.length - n} more bytes)`;
  return out;
}

/** Escaped text back to bytes; the inverse of `escapeBytes` for untruncated output. */
export function unescapeBytes(text: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x5c || i + 1 >= text.length) {
      out.push(c & 0xff);
      continue;
    }
    const next = text[++i]!;
    if (next === 'r') out.push(0x0d);
    else if (next === 'n') out.push(0x0a);
    else if (next === 't') out.push(0x09);
    else if (next === '0') out.push(0x00);
    else if (next === 'x') {
      out.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(next.charCodeAt(0) & 0xff);
  }
  return Buffer.from(out);
}

/** `escapeBytes` for a latin1 string (one char per octet), as parsers hold header lines. */
export function escapeLatin1(text: string, maxBytes = Infinity): string {
  return escapeBytes(Buffer.from(text, 'latin1'), maxBytes);
}
