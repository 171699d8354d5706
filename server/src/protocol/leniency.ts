// Opt-in deviations from the strict parser that RFC 9110/9112 permit, one flag per deviation and
// each changing one rule only (as llhttp's LENIENT_* flags do). All are off by default. Nothing
// here is a fault: deliberately broken parsers are built outside the server, in
// server/variants/, through the parser's seams (message-head.ts FieldReviser, the chunk-line
// reader of chunked-decoder.ts).

export const LENIENCIES = [
  'bare-lf',
  'request-line-whitespace',
  'obs-fold',
  'invalid-header-chars',
  'te-with-content-length',
  'chunked-bare-lf',
] as const;

export type Leniency = (typeof LENIENCIES)[number];

export const LENIENCY_DOCS: Readonly<Record<Leniency, string>> = {
  'bare-lf':
    'RFC 9112 §2.2 MAY: in the head (empty lines before the request line, request line, field lines, final empty line) a LF without CR ends the line.',
  'request-line-whitespace':
    'RFC 9112 §3 MAY: the request line is split on runs of SP, HTAB, VT or FF, and leading or trailing runs are ignored.',
  'obs-fold':
    'RFC 9112 §5.2 MAY: a field line starting with SP or HTAB continues the previous field; the fold becomes one SP.',
  'invalid-header-chars':
    'RFC 9110 §5.5: field values may hold any octet but CR, LF and NUL, which are still refused (other CTLs are kept as is).',
  'te-with-content-length':
    'RFC 9112 §6.1 MAY: Transfer-Encoding with Content-Length frames the body by Transfer-Encoding, and the connection closes after the answer.',
  'chunked-bare-lf':
    'RFC 9112 §2.2 MAY, applied to the lines of a chunked body (size lines, the CRLF after data, trailer lines): a LF without CR ends the line.',
};

export type LenientFlags = Readonly<Record<Leniency, boolean>>;

/** The set as one boolean per flag; throws a RangeError for an unknown name. */
export function resolveLeniency(set: ReadonlySet<string> | undefined): LenientFlags {
  const flags = Object.fromEntries(LENIENCIES.map((name) => [name, false])) as Record<Leniency, boolean>;
  for (const name of set ?? []) {
    if (!(LENIENCIES as readonly string[]).includes(name)) {
      throw new RangeError(`unknown parser leniency "${name}" (known: ${LENIENCIES.join(', ')})`);
    }
    flags[name as Leniency] = true;
  }
  return flags;
}
