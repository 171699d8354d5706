// Every variant of the reference server, each exactly the server plus one deviation, composed
// through its seams (server/src/seams.ts) and never reachable from the server's own command
// line (`npm run serve`). Two kinds:
//
// - broken: a deliberate mistake that the corpus must catch (the mutant proof,
//   conformance/test/corpus/every-case-can-fail.test.ts: every case is failed by some broken
//   server, every broken variant is caught by some case);
// - permitted: something RFC 9110/9112 allow that the strict server does not do; the corpus must
//   never grade it fail (the specificity proof, conformance/test/corpus/permitted-variants.test.ts).
//
// `tsx server/variants/cli.ts --variant NAME --root DIR ...` starts one.

import type { Persistence } from '../src/connection-rules.ts';
import { CLOSE, SERVER_RULES } from '../src/connection-rules.ts';
import type { ConnectionRules } from '../src/connection-rules.ts';
import type { RequestHead } from '../src/protocol/events.ts';
import type { Leniency } from '../src/protocol/leniency.ts';
import type { ParserLimits } from '../src/protocol/limits.ts';
import { RequestParser } from '../src/protocol/request-parser.ts';
import type { ParserOptionsInput, ParserSeams } from '../src/protocol/request-parser.ts';
import { errorResponse } from '../src/response.ts';
import type { RequestReader, Seams } from '../src/seams.ts';
import { SERVER_SEAMS } from '../src/seams.ts';
import type { ServerOptions } from '../src/server.ts';
import type { Timeouts } from '../src/timeouts.ts';
import * as answers from './file-answers.ts';
import * as heads from './heads.ts';
import * as faults from './parser-faults.ts';
import * as readers from './readers.ts';
import * as routes from './routes.ts';

export type VariantKind = 'broken' | 'permitted';

export type VariantParts = {
  seams?: Partial<Seams>;
  limits?: Partial<ParserLimits>;
  /** Timeouts (command-line timeouts still win). */
  timeouts?: Partial<Timeouts>;
  lenient?: readonly Leniency[];
};

export type VariantSpec = {
  kind: VariantKind;
  /** One line: what the variant does differently. */
  description: string;
  /** For a permitted one: the RFC text that allows it. */
  allowedBy?: string;
  /** The corpus areas (conformance/src/case/types.ts) whose cases should catch a broken one. */
  areas: readonly string[];
  /** Only slow cases (tag `slow`, tens of seconds each) can catch it. */
  slowOnly?: boolean;
  /** Must run in a process of its own (it may end the process). */
  ownProcess?: boolean;
  parts: VariantParts;
};

// Large enough to buffer any case in the corpus, small enough that a flood cannot exhaust memory.
const HUGE = 64 * 1024 * 1024;

const rules = (change: Partial<ConnectionRules>): VariantParts => ({ seams: { rules: { ...SERVER_RULES, ...change } } });
const parser = (seams: ParserSeams): VariantParts => ({ seams: { newReader: (options) => new RequestParser({ ...options, seams }) } });
const reader = (make: (options: ParserOptionsInput) => RequestReader): VariantParts => ({ seams: { newReader: make } });
const head = (writeHead: Seams['writeHead']): VariantParts => ({ seams: { writeHead } });
const files = (fileAnswer: Seams['fileAnswer']): VariantParts => ({ seams: { fileAnswer } });
const router = (route: Seams['route']): VariantParts => ({ seams: { route } });
const filter = (inputFilter: faults.InputFilter): VariantParts => ({ seams: { inputFilter } });

/** The server's persistence, except that the connection stays open (unannounced) when `keep` says so. */
const keepIf = (keep: (head: RequestHead, http10: boolean) => boolean) =>
  function persistence(this: void, h: RequestHead, http10: boolean, mustClose: boolean): Persistence {
    // Kept open, and nothing said about it (an HTTP/1.0 client is not told keep-alive).
    if (!mustClose && keep(h, http10)) return { close: false, line: '' };
    return SERVER_RULES.persistence(h, http10, mustClose);
  };
const hasCloseToken = (h: Pick<RequestHead, 'headers'>): boolean => routes.fieldHas(h, 'connection', 'close');

// An empty SETTINGS frame (RFC 9113 §6.5): what an h2c server sends first.
const H2_SETTINGS = Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0]);
const H2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');
// A tunnel "opened" before anything is parsed; what follows is read and ignored.
const CONNECTED = Buffer.from('HTTP/1.1 200 Connection Established\r\n\r\n', 'latin1');

/** SETTINGS when the first read is the HTTP/2 preface (or its start), else null: HTTP/1.1 as usual. */
function h2cGreeting(first: Buffer): Buffer | null {
  const n = Math.min(first.length, H2_PREFACE.length);
  return n >= 3 && first.subarray(0, n).equals(H2_PREFACE.subarray(0, n)) ? H2_SETTINGS : null;
}

export const VARIANTS = {
  // ---- Broken: parser faults.
  'bare-cr': { kind: 'broken', description: 'a CR without LF ends a line of the head', areas: ['request-line', 'header-fields'], parts: filter(faults.bareCrEndsLines) },
  'space-before-colon': { kind: 'broken', description: 'whitespace between a field name and its colon is accepted and dropped', areas: ['header-fields'], parts: filter(faults.spaceBeforeColonDropped) },
  'missing-host': { kind: 'broken', description: 'an HTTP/1.1 request without Host is served', areas: ['host'], parts: parser({ reviseFields: faults.missingHostServed }) },
  'duplicate-host': { kind: 'broken', description: 'several Host fields are accepted, the first one wins', areas: ['host'], parts: parser({ reviseFields: faults.firstHostWins }) },
  'invalid-host': { kind: 'broken', description: 'the Host value is not validated', areas: ['host'], parts: parser({ reviseFields: faults.anyHost }) },
  'content-length-lenient': { kind: 'broken', description: 'Content-Length is read with parseInt: sign, trailing garbage and lists pass', areas: ['content-length'], parts: parser({ reviseFields: faults.parseIntContentLength }) },
  'transfer-encoding-identity': { kind: 'broken', description: 'Transfer-Encoding: identity is accepted and dropped', areas: ['transfer-encoding'], parts: parser({ reviseFields: faults.dropIdentityCoding }) },
  'chunk-size-lenient': { kind: 'broken', description: 'chunk sizes are read with parseInt(line, 16): signs, 0x and trailing garbage pass', areas: ['chunked'], parts: parser({ chunkLine: faults.parseIntChunkLine }) },
  'chunked-bare-lf': { kind: 'broken', description: 'a bare LF ends the lines of a chunked body', areas: ['chunked'], parts: { lenient: ['chunked-bare-lf'] } },
  'trust-content-length-over-te': { kind: 'broken', description: 'with both Transfer-Encoding and Content-Length, Content-Length frames the body', areas: ['smuggling', 'transfer-encoding'], parts: parser({ reviseFields: faults.contentLengthOverTe }) },
  'ignore-chunked': { kind: 'broken', description: 'a chunked body is not decoded: the chunks are read as the next request', areas: ['chunked', 'transfer-encoding', 'expect-continue', 'fragmentation', 'limits', 'response-framing'], parts: parser({ reviseFields: faults.ignoreChunked }) },
  'header-name-case-sensitive': { kind: 'broken', description: 'Host, Content-Length, Transfer-Encoding, Connection and Expect are recognised in one spelling only', areas: ['header-fields', 'smuggling', 'host'], parts: parser({ reviseFields: faults.caseSensitiveNames }) },
  'keep-alive-after-framing-doubt': { kind: 'broken', description: 'a request with both Transfer-Encoding and Content-Length is framed by the chunks and the connection kept open', areas: ['smuggling'], parts: parser({ reviseFields: faults.chunkedDespiteLength }) },
  'nul-terminates-input': { kind: 'broken', description: 'each read is handled as a C string: a NUL octet ends it, the rest is dropped', areas: ['header-fields', 'methods', 'request-line'], parts: filter(faults.nulTerminates) },

  // ---- Broken: limits.
  'stall-when-buffer-full': { kind: 'broken', description: 'a request line or header section over the buffer is never answered: the server stops reading and waits', areas: ['limits'], parts: rules({ afterParseError: (_code, status) => (status === 414 || status === 431 ? 'stall' : 'answer-and-close') }) },
  // Once catalogued as permitted ("waits for CRLF"), but every case it stalls on carries a CRLF
  // later: a server that does not take a bare LF as a line end then holds an invalid line, which
  // it must refuse (RFC 9110 §5.5: a field value with LF MUST be rejected or the LF replaced with
  // SP), not wait on forever.
  'bare-lf-stalls': { kind: 'broken', description: 'a bare LF in the head or a chunk line is never answered: the server stops reading and waits', areas: ['request-line', 'header-fields', 'chunked', 'smuggling'], parts: rules({ afterParseError: (code, status, peerEnded) => (code === 'BARE_LF' && !peerEnded ? 'stall' : SERVER_RULES.afterParseError(code, status, peerEnded)) }) },
  'no-header-limits': { kind: 'broken', description: 'no 414 or 431: request lines and header sections are buffered without a practical bound', areas: ['limits'], parts: { limits: { maxRequestLineBytes: HUGE, maxHeaderBytes: HUGE, maxHeaderCount: HUGE, maxTrailerBytes: HUGE, maxChunkExtensionBytes: HUGE, maxLeadingEmptyLines: HUGE } } },
  'small-buffers': { kind: 'broken', description: 'a fixed 1 KiB buffer for the request line and the header section', areas: ['header-fields', 'request-line'], parts: { limits: { maxRequestLineBytes: 1024, maxHeaderBytes: 1024 } } },

  // ---- Broken: response heads.
  'bad-request-500': { kind: 'broken', description: 'a malformed request is answered 500 Internal Server Error instead of 400', areas: ['request-line', 'header-fields', 'host', 'static-files', 'methods'], parts: head(heads.badRequestIs500) },
  'close-delimited': { kind: 'broken', description: 'responses carry no Content-Length: the body ends where the server closes the connection', areas: ['request-line', 'response-framing'], parts: { seams: { writeHead: heads.closeDelimited, rules: { ...SERVER_RULES, persistence: () => CLOSE } } } },
  'status-line-http10': { kind: 'broken', description: 'every status line says HTTP/1.0, whatever the request and the server speak', areas: ['response-framing'], parts: head(heads.statusLineHttp10) },
  'chunked-responses': { kind: 'broken', description: 'every response body is sent chunked, to HTTP/1.0 too, with its Content-Length line left in', areas: ['response-framing'], parts: { seams: { writeHead: heads.chunkedEverything, encodeBody: heads.chunkedBody, fileAnswer: answers.inMemoryBodies } } },
  'no-date': { kind: 'broken', description: 'responses carry no Date field', areas: ['response-framing', 'conditional', 'ranges'], parts: head(heads.noDate) },
  'date-local-format': { kind: 'broken', description: 'the Date field is written in the JavaScript local format, not IMF-fixdate', areas: ['response-framing'], parts: head(heads.localDate) },
  'duplicate-headers': { kind: 'broken', description: 'every field line of a response head is sent twice (Date, Content-Type, Content-Length...)', areas: ['response-framing', 'static-files', 'ranges'], parts: head(heads.duplicateFields) },
  'head-with-body': { kind: 'broken', description: 'a HEAD response carries the body a GET would', areas: ['methods', 'ranges', 'pipelining', 'connection', 'content-length'], parts: reader(readers.mappedHeads((h) => (h.method === 'HEAD' ? { ...h, method: 'GET' } : h))) },
  'head-content-length-zero': { kind: 'broken', description: 'a HEAD response says Content-Length: 0 instead of the length a GET would send', areas: ['methods'], parts: head(heads.headLengthZero) },
  'error-without-length': { kind: 'broken', description: 'error responses (4xx, 5xx) carry no Content-Length on a connection that stays open', areas: ['response-framing', 'static-files', 'methods', 'connection', 'pipelining', 'conditional', 'ranges', 'content-length'], parts: head(heads.errorsWithoutLength) },
  '204-with-content-length': { kind: 'broken', description: 'a 204 response carries Content-Length: 0', areas: ['response-framing'], parts: head(heads.noContentWithLength) },
  '304-with-body': { kind: 'broken', description: 'a 304 response carries the representation and its Content-Length', areas: ['response-framing', 'conditional'], parts: files(answers.notModifiedWithBody) },
  'unquoted-etag': { kind: 'broken', description: 'the ETag value is sent without its double quotes', areas: ['response-framing', 'conditional'], parts: files(answers.unquotedEtag) },
  'content-length-chars': { kind: 'broken', description: 'Content-Length counts the characters of a text file, not its octets', areas: ['response-framing', 'static-files'], parts: files(answers.lengthInCharacters) },
  'location-crlf-injection': { kind: 'broken', description: 'the Location of a redirect is the decoded request path, CR and LF included', areas: ['response-framing'], parts: router(routes.locationFromRequest) },

  // ---- Broken: connection management.
  'timeout-408-stays-open': { kind: 'broken', description: 'a connection that times out (after 1 s) is sent 408 but not closed', areas: ['limits'], parts: { timeouts: { idleMs: 1000, headersMs: 1000, bodyMs: 1000 }, ...rules({ expired: (stage, reading, started) => (stage === 'idle' || stage === 'head' || (stage === 'body' && reading && !started) ? 'answer-408-and-continue' : SERVER_RULES.expired(stage, reading, started)) }) } },
  'header-timeout-per-read': { kind: 'broken', description: 'the header timeout restarts with every read (socket.settimeout), so a trickled head never times out', areas: ['limits'], slowOnly: true, parts: rules({ headDeadlineAfterRead: (_deadline, now, t) => now + t.headersMs }) },
  'body-timeout-per-read': { kind: 'broken', description: 'a request body times out only after a gap between reads, however slowly it trickles', areas: ['limits'], slowOnly: true, parts: { timeouts: { minBodyRate: 0 } } },
  'no-idle-timeout': { kind: 'broken', description: 'an idle keep-alive connection is kept open for an hour', areas: ['connection'], slowOnly: true, parts: { timeouts: { idleMs: 3_600_000 } } },
  'upgrade-always': { kind: 'broken', description: 'Connection: Upgrade is answered 101 Switching Protocols, whatever the protocol and HTTP version', areas: ['connection'], parts: router(routes.upgradeAlways) },
  'close-without-announcing': { kind: 'broken', description: 'the connection closes after every response without Connection: close', areas: ['connection', 'response-framing', 'pipelining'], parts: { seams: { writeHead: heads.closeUnannounced, rules: { ...SERVER_RULES, persistence: () => CLOSE } } } },
  'ignore-connection-close': { kind: 'broken', description: 'Connection: close in a request is ignored: the connection stays open', areas: ['connection', 'pipelining'], parts: rules({ persistence: keepIf((h, http10) => !http10 && hasCloseToken(h)) }) },
  'http10-keep-alive': { kind: 'broken', description: 'an HTTP/1.0 connection stays open after the response without being asked to', areas: ['connection', 'request-line'], parts: rules({ persistence: keepIf((h, http10) => http10 && !hasCloseToken(h)) }) },
  'keep-open-after-400': { kind: 'broken', description: 'after a malformed request the server answers 400 without closing and reads on', areas: ['request-line', 'header-fields', 'content-length', 'chunked', 'transfer-encoding', 'smuggling', 'connection', 'pipelining'], parts: rules({ afterParseError: (_code, _status, peerEnded) => (peerEnded ? 'answer-and-close' : 'answer-and-continue') }) },
  'one-connection-at-a-time': { kind: 'broken', description: 'connections are served one at a time: a new one waits, unread, until the current one closes', areas: ['connection'], parts: { seams: { admission: 'one-at-a-time' } } },
  'crash-on-socket-error': { kind: 'broken', description: 'socket errors are not handled: a client reset (ECONNRESET, EPIPE) crashes the process', areas: ['connection'], ownProcess: true, parts: rules({ socketErrors: 'crash' }) },
  'fin-is-abort': { kind: 'broken', description: 'a half-close by the client aborts the connection: pending requests are dropped', areas: ['connection'], parts: rules({ peerEnd: 'abort', answerDelayMs: 20 }) },
  'close-with-unread-input': { kind: 'broken', description: 'the socket is closed at once after the response, unread input turning the FIN into a reset', areas: ['connection'], parts: rules({ closeStyle: 'reset' }) },

  // ---- Broken: reading requests.
  'one-request-per-read': { kind: 'broken', description: 'one request is handled per socket read; the rest of the read is dropped', areas: ['pipelining', 'connection', 'fragmentation', 'content-length', 'chunked', 'limits', 'methods', 'expect-continue'], parts: reader((o) => new readers.OneRequestPerRead(o)) },
  'single-read-body': { kind: 'broken', description: 'the body is whatever arrived with the head, or in the first read after it, and no size is checked first', areas: ['fragmentation', 'content-length', 'chunked', 'limits'], parts: { seams: { newReader: (o) => new readers.SingleReadBody(o), route: routes.echoWithoutSizeCheck } } },
  'ignore-body-on-get': { kind: 'broken', description: 'only POST /echo reads a body: GET, HEAD, OPTIONS and error answers leave it to be parsed as the next request', areas: ['content-length', 'transfer-encoding', 'methods', 'chunked', 'expect-continue'], parts: reader((o) => new readers.BodyOnlyForEcho(o)) },
  'partial-body-on-fin': { kind: 'broken', description: 'a body cut short by the client closing is answered as if complete', areas: ['content-length', 'chunked', 'connection'], parts: reader((o) => new readers.PartialBodyOnFin(o)) },
  'answer-incomplete-head': { kind: 'broken', description: 'the request is answered once its request line has arrived, without waiting for the empty line', areas: ['fragmentation', 'limits', 'connection'], parts: reader((o) => new readers.AnswerIncompleteHead(o)) },

  // ---- Broken: 100-continue.
  'no-continue': { kind: 'broken', description: 'never sends 100 Continue: waits for the body instead', areas: ['expect-continue'], parts: rules({ invite100: () => false, answerBeforeBody: (h, discard) => h.framing.kind === 'length' && h.framing.length > discard }) },
  'continue-to-http10': { kind: 'broken', description: 'sends 100 Continue to HTTP/1.0 requests that ask for it', areas: ['expect-continue'], parts: rules({ invite100: (h, http10, hasBody) => h.expectContinue || (http10 && hasBody && routes.fieldHas(h, 'expect', '100-continue')) }) },

  // ---- Broken: field values, methods, routing.
  'strict-field-values': { kind: 'broken', description: 'field values are refused with 400 unless made of token characters, spaces and , ; = / " (a colon only in Host)', areas: ['header-fields'], parts: router(routes.strictFieldValues) },
  'host-must-match': { kind: 'broken', description: 'the Host must equal the address the server listens on, byte for byte, or the answer is 421', areas: ['host'], parts: router(routes.hostMustMatch) },
  'connect-tunnels': { kind: 'broken', description: 'CONNECT is answered 200 Connection Established, whatever the target', areas: ['methods'], parts: { seams: { greet: (first) => (first.toString('latin1', 0, 8) === 'CONNECT ' ? CONNECTED : null) } } },
  'no-allow-on-405': { kind: 'broken', description: 'a 405 response carries no Allow field', areas: ['methods'], parts: router(routes.noAllowOn405) },
  'any-method-is-get': { kind: 'broken', description: 'every method on a static path, known or not, is answered as GET', areas: ['methods', 'request-line', 'ranges', 'conditional'], parts: router(routes.anyMethodIsGet) },
  'method-case-insensitive': { kind: 'broken', description: 'methods are compared case-insensitively', areas: ['request-line'], parts: router(routes.methodCaseInsensitive) },
  'query-string-404': { kind: 'broken', description: 'the query is taken as part of the file name', areas: ['request-line'], parts: router(routes.queryInFileName) },
  'absolute-form-404': { kind: 'broken', description: 'an absolute-form target is taken as a file name', areas: ['request-line'], parts: router(routes.absoluteFormIsAName) },
  'any-scheme-served': { kind: 'broken', description: 'absolute-form targets of any scheme (https too) are served from the path', areas: ['request-line'], parts: router(routes.anySchemeServed) },

  // ---- Broken: static files and paths.
  'no-traversal-check': { kind: 'broken', description: 'the decoded path is joined to the root like os.path.join, with no confinement (directories are listed)', areas: ['traversal', 'static-files'], parts: router(routes.pathRouter(routes.PATH_FAULTS.noTraversalCheck)) },
  'no-percent-decoding': { kind: 'broken', description: 'the path is used without percent-decoding', areas: ['static-files'], parts: router(routes.pathRouter(routes.PATH_FAULTS.noPercentDecoding)) },
  'double-decode': { kind: 'broken', description: 'each path segment is percent-decoded twice, after the dot-segment check', areas: ['traversal'], parts: router(routes.pathRouter(routes.PATH_FAULTS.doubleDecode)) },
  'nul-truncation': { kind: 'broken', description: 'a decoded NUL ends the file name, as in C', areas: ['traversal'], parts: router(routes.pathRouter(routes.PATH_FAULTS.nulTruncation)) },
  'backslash-is-slash': { kind: 'broken', description: 'a backslash in the path separates segments, as on Windows', areas: ['traversal'], parts: router(routes.pathRouter(routes.PATH_FAULTS.backslashIsSlash)) },
  'strip-path-params': { kind: 'broken', description: 'a ";" and what follows is cut from each segment before the dot-segment check', areas: ['traversal'], parts: router(routes.pathRouter(routes.PATH_FAULTS.stripPathParams)) },
  'overlong-utf8': { kind: 'broken', description: 'overlong UTF-8 forms such as %c0%ae decode to the character they spell', areas: ['traversal'], parts: router(routes.pathRouter(routes.PATH_FAULTS.overlongUtf8)) },
  'unicode-normalize': { kind: 'broken', description: 'decoded path segments are NFKC-normalised after the dot-segment check (fullwidth dots become dots)', areas: ['traversal'], parts: router(routes.pathRouter(routes.PATH_FAULTS.unicodeNormalize)) },
  'basename-only': { kind: 'broken', description: 'only the last path segment names the file: subdirectories are never served', areas: ['static-files', 'connection'], parts: router(routes.pathRouter(routes.PATH_FAULTS.basenameOnly)) },
  'text-mode-files': { kind: 'broken', description: 'files are read as UTF-8 text and written back re-encoded, which mangles binary files', areas: ['static-files', 'response-framing'], parts: files(answers.textModeFiles) },
  'future-last-modified': { kind: 'broken', description: 'Last-Modified is the file time even when that lies in the future', areas: ['response-framing', 'static-files'], parts: files(answers.futureLastModified) },
  'no-index': { kind: 'broken', description: 'a directory is never answered with its index.html', areas: ['static-files', 'methods'], parts: router(routes.noIndex) },
  'no-dir-redirect': { kind: 'broken', description: 'a directory named without its trailing slash is a 404 instead of a redirect', areas: ['static-files'], parts: router(routes.noDirRedirect) },
  'everything-text-html': { kind: 'broken', description: 'every file is sent as text/html', areas: ['static-files', 'methods', 'ranges'], parts: files(answers.everythingHtml) },

  // ---- Broken: conditional requests and ranges.
  'no-etag-conditionals': { kind: 'broken', description: 'If-None-Match and If-Modified-Since are ignored', areas: ['conditional', 'response-framing'], parts: files(answers.ignoreInmAndIms) },
  'conditional-presence-304': { kind: 'broken', description: 'any If-None-Match or If-Modified-Since gives 304, whatever its value', areas: ['conditional'], parts: files(answers.anyConditionalIs304) },
  'if-match-literal': { kind: 'broken', description: 'If-Match is compared as a string with the ETag: * and lists never match', areas: ['conditional'], parts: files(answers.ifMatchLiteral) },
  'ius-strictly-after': { kind: 'broken', description: 'If-Unmodified-Since holds only for a valid date strictly after Last-Modified', areas: ['conditional'], parts: files(answers.iusStrictlyAfter) },
  'strong-inm': { kind: 'broken', description: 'If-None-Match uses the strong comparison', areas: ['conditional'], parts: files(answers.strongInm) },
  'ignore-if-match': { kind: 'broken', description: 'If-Match and If-Unmodified-Since are ignored', areas: ['conditional'], parts: files(answers.ignoreIfMatch) },
  'imf-dates-only': { kind: 'broken', description: 'conditional dates are only understood in IMF-fixdate', areas: ['conditional'], parts: files(answers.imfDatesOnly) },
  'range-off-by-one': { kind: 'broken', description: 'the last position of a byte range is taken as exclusive', areas: ['ranges'], parts: files(answers.rangeOffByOne) },
  'range-416-without-length': { kind: 'broken', description: 'a 416 response carries no Content-Range', areas: ['ranges'], parts: files(answers.range416WithoutLength) },
  'range-any-method': { kind: 'broken', description: 'Range is honoured for every method: HEAD too', areas: ['ranges'], parts: { seams: { fileAnswer: answers.rangeAnyMethod, echoAnswer: answers.rangedEcho } } },
  'multipart-ranges': { kind: 'broken', description: 'a Range with several ranges is answered multipart/byteranges, one part each, however many or overlapping', areas: ['ranges'], parts: files(answers.multipartRanges) },
  'range-lenient-parse': { kind: 'broken', description: 'Range is read with split("=") and split("-") and parseInt: unit, syntax and bounds are never checked', areas: ['ranges'], parts: files(answers.rangeParseInt) },
  'if-range-is-inm': { kind: 'broken', description: 'If-Range is evaluated like If-None-Match: a matching validator gives 304', areas: ['ranges'], parts: files(answers.ifRangeIsInm) },
  'if-range-ignored': { kind: 'broken', description: 'If-Range is ignored: the range is served whatever the validator', areas: ['ranges'], parts: files(answers.ifRangeIgnored) },

  // ---- Permitted: what the RFCs allow and the strict server does not do.
  'no-persistence': { kind: 'permitted', description: 'every response says Connection: close and the connection closes', allowedBy: 'RFC 9112 §9.3: a server that does not support persistent connections MUST send "close" in every response', areas: [], parts: rules({ persistence: () => CLOSE }) },
  'no-validators': { kind: 'permitted', description: 'no ETag and no Last-Modified, so no precondition ever applies', allowedBy: 'RFC 9110 §8.8: validators are SHOULD; §13.1.1-§13.1.5: a condition on a validator the server lacks is ignored (or is false)', areas: [], parts: files(answers.noValidators) },
  'answer-then-close': { kind: 'permitted', description: 'a body the answer does not need is not read: the answer goes at once and the connection closes', allowedBy: 'RFC 9112 §9.3 (and §6.3): a server that does not read a body closes the connection after the response', areas: [], parts: rules({ answerBeforeBody: () => true }) },
  'enametoolong-403': { kind: 'permitted', description: 'targets up to 64 KiB are parsed, and a file name the file system refuses (ENAMETOOLONG) is answered 403', allowedBy: 'RFC 9110 §15.5.4: 403 for a request the server refuses to fulfil (and §4.1: 8000 octets is a minimum to support, not a maximum)', areas: [], parts: { limits: { maxRequestLineBytes: 65536 }, ...router(routes.mapAnswers((res, h) => (res.status === 404 && h.target.split(/[/?]/).some((s) => s.length > 255) ? errorResponse(403, 'file name too long') : res))) } },
  'any-4xx-at-limit': { kind: 'permitted', description: 'a header section over the limit is answered 400 instead of 431', allowedBy: 'RFC 9110 §5.4: a field section larger than the server wishes to process MUST get an appropriate 4xx', areas: [], parts: head((status, fields, line) => SERVER_SEAMS.writeHead(status === 431 ? 400 : status, fields, line, null, false)) },
  'h2c-preface': { kind: 'permitted', description: 'the HTTP/2 prior-knowledge preface is answered with an HTTP/2 SETTINGS frame (the server speaks h2c)', allowedBy: 'RFC 9113 §3.3: prior knowledge of h2c; a server that supports it answers the preface with SETTINGS', areas: [], parts: { seams: { greet: h2cGreeting } } },
  'bare-lf': { kind: 'permitted', description: 'a bare LF ends a line of the head', allowedBy: 'RFC 9112 §2.2: a recipient MAY recognize a single LF as a line terminator', areas: [], parts: { lenient: ['bare-lf'] } },
  'obs-fold': { kind: 'permitted', description: 'a folded field line is joined to the previous one with SP', allowedBy: 'RFC 9112 §5.2: a server MUST either reject obs-fold with 400 or replace each obs-fold with SP', areas: [], parts: { lenient: ['obs-fold'] } },
  'request-line-whitespace': { kind: 'permitted', description: 'the request line is split on any run of whitespace', allowedBy: 'RFC 9112 §3: recipients MAY parse on whitespace-delimited word boundaries', areas: ['request-line'], parts: { lenient: ['request-line-whitespace'] } },
  'te-with-content-length': { kind: 'permitted', description: 'Transfer-Encoding with Content-Length: framed by the chunks, then the connection closes', allowedBy: 'RFC 9112 §6.1: a server MAY process such a request by Transfer-Encoding alone, and MUST close after responding', areas: [], parts: { lenient: ['te-with-content-length'] } },
  'no-ranges': { kind: 'permitted', description: 'Range is ignored: every GET gets the whole file, and no Accept-Ranges is sent', allowedBy: 'RFC 9110 §14.2: a server MAY ignore the Range header field', areas: [], parts: files(answers.noRanges) },
  'header-limit-8k': { kind: 'permitted', description: 'a header section is refused (431) past 8 KiB, not 64 KiB', allowedBy: 'RFC 9110 §5.4: a server that receives a field section larger than it wishes to process MUST respond with an appropriate 4xx; RFC 9110 §4.1 recommends 8000-octet URIs, which fit', areas: [], parts: { limits: { maxHeaderBytes: 8192 } } },
  'follow-symlinks-out': { kind: 'permitted', description: 'a symlink inside the docroot is followed wherever it leads (nginx, Apache and lighttpd by default)', allowedBy: 'operator configuration: the link is placed inside the docroot by whoever runs the server; `..` is still refused', areas: ['traversal'], parts: { seams: { servable: () => true } } },
} as const satisfies Record<string, VariantSpec>;

export type VariantName = keyof typeof VARIANTS;

export const VARIANT_NAMES = Object.keys(VARIANTS) as VariantName[];

export function isVariantName(name: string): name is VariantName {
  return Object.hasOwn(VARIANTS, name);
}

/** The spec of a variant, typed as the general shape (optional fields included). */
export function variantSpec(name: VariantName): VariantSpec {
  return VARIANTS[name];
}

export function variantsOfKind(kind: VariantKind): VariantName[] {
  return VARIANT_NAMES.filter((name) => variantSpec(name).kind === kind);
}

/** The server's options for variant `name`: its parts over `base`; explicit limits and timeouts in `base` win. */
export function variantOptions(name: VariantName, base: ServerOptions): ServerOptions {
  const parts = variantSpec(name).parts;
  return {
    ...base,
    limits: { ...parts.limits, ...base.limits },
    timeouts: { ...parts.timeouts, ...base.timeouts },
    lenient: [...(base.lenient ?? []), ...(parts.lenient ?? [])],
    seams: { ...base.seams, ...parts.seams },
  };
}
