// Bytes as readable escaped text, the same notation case files use: printable ASCII as is,
// `\r`, `\n`, `\t`, `\0`, `\\` and `\xHH` for everything else. `unescapeBytes` reverses it.

const NAMED: Record<number, string> = { 0x0d: '\\r', 0x0a: '\\n', 0x09: '\\t', 0x00: '\\0', 0x5c: '\\\\' };

export function escapeBytes(bytes: Uint8Array, maxBytes = Infinity): string {
  const n = Math.min(bytes.length, maxBytes);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Runs of printable bytes go in as one slice each and the pieces are joined once: appending a
  // character at a time builds a rope of one cell per byte (a MiB of heap per 32 KiB escaped),
  // and a report holds hundreds of these until it is written.
  const parts: string[] = [];
  let run = 0;
  for (let i = 0; i < n; i++) {
    const b = buf[i]!;
    if (b >= 0x20 && b < 0x7f && b !== 0x5c) continue;
    if (run < i) parts.push(buf.toString('latin1', run, i));
    run = i + 1;
    const named = NAMED[b];
    parts.push(named ?? '\\x' + b.toString(16).padStart(2, '0'));
  }
  if (run < n) parts.push(buf.toString('latin1', run, n));
  if (n < bytes.length) parts.push(`... (${bytes.length - n} more bytes)`);
  return parts.join('');
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
