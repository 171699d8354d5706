// Opt-in deviations from the strict parser, one flag per deviation (llhttp style). All are off by
// default. Some are deviations RFC 9110/9112 permit; others are deliberately broken and exist to
// build quirky servers that the conformance harness must catch. Each flag changes one rule only.

export const LENIENCIES = [
  'bare-lf',
  'bare-cr',
  'request-line-whitespace',
  'obs-fold',
  'space-before-colon',
  'invalid-header-chars',
  'missing-host',
  'duplicate-host',
  'invalid-host',
  'content-length-lenient',
  'te-with-content-length',
  'transfer-encoding-identity',
  'chunk-size-lenient',
  'chunked-bare-lf',
  'trust-content-length-over-te',
  'ignore-chunked',
  'header-name-case-sensitive',
] as const;

export type Leniency = (typeof LENIENCIES)[number];

export const LENIENCY_DOCS: Readonly<Record<Leniency, string>> = {
  'bare-lf':
    'RFC 9112 §2.2 MAY: in the head (empty lines before the request line, request line, field lines, final empty line) a LF without CR ends the line.',
  'bare-cr':
    'Broken: in the head a CR not followed by LF ends the line, as if it were CRLF.',
  'request-line-whitespace':
    'RFC 9112 §3 MAY: the request line is split on runs of SP, HTAB, VT or FF, and leading or trailing runs are ignored.',
  'obs-fold':
    'RFC 9112 §5.2 MAY: a field line starting with SP or HTAB continues the previous field; the fold becomes one SP.',
  'space-before-colon':
    'Broken (RFC 9112 §5.1 MUST reject): SP/HTAB between a field name and its colon is dropped and the field kept.',
  'invalid-header-chars':
    'Field values may hold any octet except CR and LF (NUL and other CTLs are kept as is).',
  'missing-host': 'Broken: an HTTP/1.1 request without Host is accepted (host is "").',
  'duplicate-host': 'Broken: several Host fields are accepted; the first one is used (each is still validated).',
  'invalid-host': 'Broken: Host values are not checked against uri-host [":" port].',
  'content-length-lenient':
    'Broken: each Content-Length value is read like parseInt(value, 10): leading whitespace, an optional "+", then the leading digits; whatever follows is ignored.',
  'te-with-content-length':
    'RFC 9112 §6.1 MAY: Transfer-Encoding with Content-Length frames the body by Transfer-Encoding (keepAlive is false).',
  'transfer-encoding-identity':
    'The coding "identity" is dropped from Transfer-Encoding; if nothing is left the field counts as absent.',
  'chunk-size-lenient':
    'Broken: a chunk-size line is read like parseInt(line, 16): leading SP/HTAB, optional "+" and "0x", the leading hex digits; the rest of the line is ignored.',
  'chunked-bare-lf':
    'In a chunked body (size lines, the CRLF after data, trailer lines) a LF without CR ends the line.',
  'trust-content-length-over-te':
    'Broken: when Content-Length is present, Transfer-Encoding is ignored entirely (not even parsed) and the body is framed by Content-Length (keepAlive is false).',
  'ignore-chunked': 'Broken: a chunked request is treated as having no body; the chunks are read as the next request.',
  'header-name-case-sensitive':
    'Broken: Host, Content-Length, Transfer-Encoding, Connection and Expect are recognised only in exactly that spelling.',
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
