// Deliberately broken behaviours of the reference server, one switch per deviation. They exist
// so that the conformance corpus can be tested against servers that are wrong in known ways:
// every case must be failed by at least one quirk (or student server), and every quirk must be
// caught by at least one case. All are off by default; none is ever right to turn on in use.
//
// A quirk is either a parser leniency or limit (the parser is never edited for a quirk), or a
// deviation in the driver, the router or the static file handler. The switches are resolved once
// per server into one object of booleans, null when none is on, so the default path costs one
// null test where a quirk could apply (and nothing per octet).
// `npm run serve -- --root DIR --quirk NAME` (repeatable) starts a broken server.

import type { Leniency } from './protocol/leniency.ts';
import type { ParserLimits } from './protocol/limits.ts';
import type { Timeouts } from './timeouts.ts';

export type QuirkSpec = {
  /** One line: what the server does wrong. */
  description: string;
  /** The corpus areas (conformance/src/case/types.ts) whose cases should catch it. */
  areas: readonly string[];
  /** Parser leniencies this quirk turns on. */
  lenient?: readonly Leniency[];
  /** Parser limits this quirk overrides. */
  limits?: Partial<ParserLimits>;
  /** Timeouts this quirk overrides (command-line timeouts still win). */
  timeouts?: Partial<Timeouts>;
  /** Only slow cases (tag `slow`, tens of seconds each) can catch it. */
  slowOnly?: boolean;
};

// Large enough to buffer any case in the corpus, small enough that a flood cannot exhaust memory.
const HUGE = 64 * 1024 * 1024;

export const QUIRKS = {
  // Parser leniencies.
  'bare-cr': {
    description: 'a CR without LF ends a line of the head',
    areas: ['request-line', 'header-fields'],
    lenient: ['bare-cr'],
  },
  'space-before-colon': {
    description: 'whitespace between a field name and its colon is accepted and dropped',
    areas: ['header-fields'],
    lenient: ['space-before-colon'],
  },
  'request-line-whitespace': {
    description: 'the request line is split on any run of whitespace',
    areas: ['request-line'],
    lenient: ['request-line-whitespace'],
  },
  'missing-host': {
    description: 'an HTTP/1.1 request without Host is served',
    areas: ['host'],
    lenient: ['missing-host'],
  },
  'duplicate-host': {
    description: 'several Host fields are accepted, the first one wins',
    areas: ['host'],
    lenient: ['duplicate-host'],
  },
  'invalid-host': {
    description: 'the Host value is not validated',
    areas: ['host'],
    lenient: ['invalid-host'],
  },
  'content-length-lenient': {
    description: 'Content-Length is read with parseInt: sign, trailing garbage and lists pass',
    areas: ['content-length'],
    lenient: ['content-length-lenient'],
  },
  'transfer-encoding-identity': {
    description: 'Transfer-Encoding: identity is accepted and dropped',
    areas: ['transfer-encoding'],
    lenient: ['transfer-encoding-identity'],
  },
  'chunk-size-lenient': {
    description: 'chunk sizes are read with parseInt(line, 16): signs, 0x and trailing garbage pass',
    areas: ['chunked'],
    lenient: ['chunk-size-lenient'],
  },
  'chunked-bare-lf': {
    description: 'a bare LF ends the lines of a chunked body',
    areas: ['chunked'],
    lenient: ['chunked-bare-lf'],
  },
  'trust-content-length-over-te': {
    description: 'with both Transfer-Encoding and Content-Length, Content-Length frames the body',
    areas: ['smuggling', 'transfer-encoding'],
    lenient: ['trust-content-length-over-te'],
  },
  'ignore-chunked': {
    description: 'a chunked body is not decoded: the chunks are read as the next request',
    areas: ['chunked', 'transfer-encoding', 'expect-continue', 'fragmentation', 'limits', 'response-framing'],
    lenient: ['ignore-chunked'],
  },
  'header-name-case-sensitive': {
    description: 'Host, Content-Length, Transfer-Encoding, Connection and Expect are recognised in one spelling only',
    areas: ['header-fields', 'smuggling', 'host'],
    lenient: ['header-name-case-sensitive'],
  },

  // Limits.
  'stall-when-buffer-full': {
    description: 'a request line or header section over the buffer is never answered: the server stops reading and waits',
    areas: ['limits'],
  },
  'no-header-limits': {
    description: 'no 414 or 431: request lines and header sections are buffered without a practical bound',
    areas: ['limits'],
    limits: { maxRequestLineBytes: HUGE, maxHeaderBytes: HUGE, maxHeaderCount: HUGE, maxTrailerBytes: HUGE, maxChunkExtensionBytes: HUGE, maxLeadingEmptyLines: HUGE },
  },
  'small-buffers': {
    description: 'a fixed 1 KiB buffer for the request line and the header section',
    areas: ['header-fields', 'request-line'],
    limits: { maxRequestLineBytes: 1024, maxHeaderBytes: 1024 },
  },

  // Response serialisation.
  'bad-request-500': {
    description: 'a malformed request is answered 500 Internal Server Error instead of 400',
    areas: ['request-line', 'header-fields', 'host', 'static-files', 'methods'],
  },
  'close-delimited': {
    description: 'responses carry no Content-Length: the body ends where the server closes the connection',
    areas: ['request-line', 'response-framing'],
  },
  'status-line-http10': {
    description: 'every status line says HTTP/1.0, whatever the request and the server speak',
    areas: ['response-framing'],
  },
  'chunked-responses': {
    description: 'every response body is sent chunked, to HTTP/1.0 too, with its Content-Length line left in',
    areas: ['response-framing'],
  },
  'no-date': {
    description: 'responses carry no Date field',
    areas: ['response-framing', 'conditional', 'ranges'],
  },
  'date-local-format': {
    description: 'the Date field is written in the JavaScript local format, not IMF-fixdate',
    areas: ['response-framing'],
  },
  'duplicate-headers': {
    description: 'every field line of a response head is sent twice (Date, Content-Type, Content-Length...)',
    areas: ['response-framing', 'static-files', 'ranges'],
  },
  'head-with-body': {
    description: 'a HEAD response carries the body a GET would',
    areas: ['methods', 'ranges', 'pipelining', 'connection', 'content-length'],
  },
  'head-content-length-zero': {
    description: 'a HEAD response says Content-Length: 0 instead of the length a GET would send',
    areas: ['methods'],
  },
  'error-without-length': {
    description: 'error responses (4xx, 5xx) carry no Content-Length on a connection that stays open',
    areas: ['response-framing', 'static-files', 'methods', 'connection', 'pipelining', 'conditional', 'ranges', 'content-length'],
  },
  '204-with-content-length': {
    description: 'a 204 response carries Content-Length: 0',
    areas: ['response-framing'],
  },
  '304-with-body': {
    description: 'a 304 response carries the representation and its Content-Length',
    areas: ['response-framing', 'conditional'],
  },
  'unquoted-etag': {
    description: 'the ETag value is sent without its double quotes',
    areas: ['response-framing', 'conditional'],
  },
  'content-length-chars': {
    description: 'Content-Length counts the characters of a text file, not its octets',
    areas: ['response-framing', 'static-files'],
  },
  'location-crlf-injection': {
    description: 'the Location of a redirect is the decoded request path, CR and LF included',
    areas: ['response-framing'],
  },

  // Connection management.
  'timeout-408-stays-open': {
    description: 'a connection that times out (after 1 s) is sent 408 but not closed',
    areas: ['limits'],
    timeouts: { idleMs: 1000, headersMs: 1000, bodyMs: 1000 },
  },
  'header-timeout-per-read': {
    description: 'the header timeout restarts with every read (socket.settimeout), so a trickled head never times out',
    areas: ['limits'],
    slowOnly: true,
  },
  'body-timeout-per-read': {
    description: 'a request body times out only after a gap between reads, however slowly it trickles',
    areas: ['limits'],
    timeouts: { minBodyRate: 0 },
    slowOnly: true,
  },
  'no-idle-timeout': {
    description: 'an idle keep-alive connection is kept open for an hour',
    areas: ['connection'],
    timeouts: { idleMs: 3_600_000 },
    slowOnly: true,
  },
  'upgrade-always': {
    description: 'Connection: Upgrade is answered 101 Switching Protocols, whatever the protocol and HTTP version',
    areas: ['connection'],
  },
  'close-without-announcing': {
    description: 'the connection closes after every response without Connection: close',
    areas: ['connection', 'response-framing', 'pipelining'],
  },
  'ignore-connection-close': {
    description: 'Connection: close in a request is ignored: the connection stays open',
    areas: ['connection', 'pipelining'],
  },
  'http10-keep-alive': {
    description: 'an HTTP/1.0 connection stays open after the response without being asked to',
    areas: ['connection', 'request-line'],
  },
  'keep-alive-after-framing-doubt': {
    description: 'a request with both Transfer-Encoding and Content-Length is framed by the chunks and the connection kept open',
    areas: ['smuggling'],
    lenient: ['te-with-content-length'],
  },
  'keep-open-after-400': {
    description: 'after a malformed request the server answers 400 without closing and reads on',
    areas: ['request-line', 'header-fields', 'content-length', 'chunked', 'transfer-encoding', 'smuggling', 'connection', 'pipelining'],
  },
  'one-connection-at-a-time': {
    description: 'connections are served one at a time: a new one waits, unread, until the current one closes',
    areas: ['connection'],
  },
  'crash-on-socket-error': {
    description: 'socket errors are not handled: a client reset (ECONNRESET, EPIPE) crashes the process',
    areas: ['connection'],
  },
  'fin-is-abort': {
    description: 'a half-close by the client aborts the connection: pending requests are dropped',
    areas: ['connection'],
  },
  'close-with-unread-input': {
    description: 'the socket is closed at once after the response, unread input turning the FIN into a reset',
    areas: ['connection'],
  },

  // Reading requests.
  'nul-terminates-input': {
    description: 'each read is handled as a C string: a NUL octet ends it, the rest is dropped',
    areas: ['header-fields', 'methods', 'request-line'],
  },
  'one-request-per-read': {
    description: 'one request is handled per socket read; the rest of the read is dropped',
    areas: ['pipelining', 'connection', 'fragmentation', 'content-length', 'chunked', 'limits', 'methods', 'expect-continue'],
  },
  'single-read-body': {
    description: 'the body is whatever arrived with the head, or in the first read after it, and no size is checked first',
    areas: ['fragmentation', 'content-length', 'chunked', 'limits'],
  },
  'ignore-body-on-get': {
    description: 'only POST /echo reads a body: GET, HEAD, OPTIONS and error answers leave it to be parsed as the next request',
    areas: ['content-length', 'transfer-encoding', 'methods', 'chunked', 'expect-continue'],
  },
  'partial-body-on-fin': {
    description: 'a body cut short by the client closing is answered as if complete',
    areas: ['content-length', 'chunked', 'connection'],
  },
  'answer-incomplete-head': {
    description: 'the request is answered once its request line has arrived, without waiting for the empty line',
    areas: ['fragmentation', 'limits', 'connection'],
  },

  // 100-continue.
  'no-continue': {
    description: 'never sends 100 Continue: waits for the body instead',
    areas: ['expect-continue'],
  },
  'continue-to-http10': {
    description: 'sends 100 Continue to HTTP/1.0 requests that ask for it',
    areas: ['expect-continue'],
  },

  // Field values.
  'strict-field-values': {
    description: 'field values are refused with 400 unless made of token characters, spaces and , ; = / " (a colon only in Host)',
    areas: ['header-fields'],
  },
  'host-must-match': {
    description: 'the Host must equal the address the server listens on, byte for byte, or the answer is 421',
    areas: ['host'],
  },
  // Methods and routing.
  'connect-tunnels': {
    description: 'CONNECT is answered 200 Connection Established, whatever the target',
    areas: ['methods'],
  },
  'no-allow-on-405': {
    description: 'a 405 response carries no Allow field',
    areas: ['methods'],
  },
  'any-method-is-get': {
    description: 'every method on a static path, known or not, is answered as GET',
    areas: ['methods', 'request-line', 'ranges', 'conditional'],
  },
  'method-case-insensitive': {
    description: 'methods are compared case-insensitively',
    areas: ['request-line'],
  },
  'query-string-404': {
    description: 'the query is taken as part of the file name',
    areas: ['request-line'],
  },
  'absolute-form-404': {
    description: 'an absolute-form target is taken as a file name',
    areas: ['request-line'],
  },
  'any-scheme-served': {
    description: 'absolute-form targets of any scheme (https too) are served from the path',
    areas: ['request-line'],
  },

  // Static files and paths.
  'no-traversal-check': {
    description: 'the decoded path is joined to the root like os.path.join, with no confinement (directories are listed)',
    areas: ['traversal', 'static-files'],
  },
  'follow-symlinks-out': {
    description: 'symlinks are followed out of the docroot',
    areas: ['traversal'],
  },
  'no-percent-decoding': {
    description: 'the path is used without percent-decoding',
    areas: ['static-files'],
  },
  'double-decode': {
    description: 'each path segment is percent-decoded twice, after the dot-segment check',
    areas: ['traversal'],
  },
  'nul-truncation': {
    description: 'a decoded NUL ends the file name, as in C',
    areas: ['traversal'],
  },
  'backslash-is-slash': {
    description: 'a backslash in the path separates segments, as on Windows',
    areas: ['traversal'],
  },
  'strip-path-params': {
    description: 'a ";" and what follows is cut from each segment before the dot-segment check',
    areas: ['traversal'],
  },
  'overlong-utf8': {
    description: 'overlong UTF-8 forms such as %c0%ae decode to the character they spell',
    areas: ['traversal'],
  },
  'unicode-normalize': {
    description: 'decoded path segments are NFKC-normalised after the dot-segment check (fullwidth dots become dots)',
    areas: ['traversal'],
  },
  'basename-only': {
    description: 'only the last path segment names the file: subdirectories are never served',
    areas: ['static-files', 'connection'],
  },
  'text-mode-files': {
    description: 'files are read as UTF-8 text and written back re-encoded, which mangles binary files',
    areas: ['static-files', 'response-framing'],
  },
  'future-last-modified': {
    description: 'Last-Modified is the file time even when that lies in the future',
    areas: ['response-framing', 'static-files'],
  },
  'no-index': {
    description: 'a directory is never answered with its index.html',
    areas: ['static-files', 'methods'],
  },
  'no-dir-redirect': {
    description: 'a directory named without its trailing slash is a 404 instead of a redirect',
    areas: ['static-files'],
  },
  'everything-text-html': {
    description: 'every file is sent as text/html',
    areas: ['static-files', 'methods', 'ranges'],
  },

  // Conditional requests and ranges.
  'no-etag-conditionals': {
    description: 'If-None-Match and If-Modified-Since are ignored',
    areas: ['conditional', 'response-framing'],
  },
  'conditional-presence-304': {
    description: 'any If-None-Match or If-Modified-Since gives 304, whatever its value',
    areas: ['conditional'],
  },
  'if-match-literal': {
    description: 'If-Match is compared as a string with the ETag: * and lists never match',
    areas: ['conditional'],
  },
  'ius-strictly-after': {
    description: 'If-Unmodified-Since holds only for a valid date strictly after Last-Modified',
    areas: ['conditional'],
  },
  'strong-inm': {
    description: 'If-None-Match uses the strong comparison',
    areas: ['conditional'],
  },
  'ignore-if-match': {
    description: 'If-Match and If-Unmodified-Since are ignored',
    areas: ['conditional'],
  },
  'imf-dates-only': {
    description: 'conditional dates are only understood in IMF-fixdate',
    areas: ['conditional'],
  },
  'range-off-by-one': {
    description: 'the last position of a byte range is taken as exclusive',
    areas: ['ranges'],
  },
  'range-416-without-length': {
    description: 'a 416 response carries no Content-Range',
    areas: ['ranges'],
  },
  'range-any-method': {
    description: 'Range is honoured for every method: HEAD and the POST /echo answer too',
    areas: ['ranges'],
  },
  'multipart-ranges': {
    description: 'a Range with several ranges is answered multipart/byteranges, one part each, however many or overlapping',
    areas: ['ranges'],
  },
  'range-lenient-parse': {
    description: 'Range is read with split("=") and split("-") and parseInt: unit, syntax and bounds are never checked',
    areas: ['ranges'],
  },
  'if-range-is-inm': {
    description: 'If-Range is evaluated like If-None-Match: a matching validator gives 304',
    areas: ['ranges'],
  },
  'if-range-ignored': {
    description: 'If-Range is ignored: the range is served whatever the validator',
    areas: ['ranges'],
  },
} as const satisfies Record<string, QuirkSpec>;

export type QuirkName = keyof typeof QUIRKS;

export const QUIRK_NAMES = Object.keys(QUIRKS) as QuirkName[];

export type QuirkFlags = Readonly<Record<QuirkName, boolean>>;

export function isQuirkName(name: string): name is QuirkName {
  return Object.hasOwn(QUIRKS, name);
}

/** The spec of a quirk, typed as the general shape (optional fields included). */
export function quirkSpec(name: QuirkName): QuirkSpec {
  return QUIRKS[name];
}

/** One boolean per quirk; all false for an empty or absent set. */
export function resolveQuirks(set: Iterable<QuirkName> | undefined): QuirkFlags {
  const flags = Object.fromEntries(QUIRK_NAMES.map((name) => [name, false])) as Record<QuirkName, boolean>;
  for (const name of set ?? []) {
    if (!isQuirkName(name)) throw new RangeError(`unknown quirk "${String(name)}" (known: ${QUIRK_NAMES.join(', ')})`);
    flags[name] = true;
  }
  return flags;
}

/** The parser leniencies the quirks turn on. */
export function quirkLeniencies(set: Iterable<QuirkName>): Leniency[] {
  return [...set].flatMap((name) => quirkSpec(name).lenient ?? []);
}

/** The timeouts the quirks override (later quirks win). */
export function quirkTimeouts(set: Iterable<QuirkName>): Partial<Timeouts> {
  return Object.assign({}, ...[...set].map((name) => quirkSpec(name).timeouts ?? {})) as Partial<Timeouts>;
}

/** The parser limits the quirks override (later quirks win). */
export function quirkLimits(set: Iterable<QuirkName>): Partial<ParserLimits> {
  return Object.assign({}, ...[...set].map((name) => quirkSpec(name).limits ?? {})) as Partial<ParserLimits>;
}
