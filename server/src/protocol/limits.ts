// Size limits of the request parser. Every limit is checked as soon as it is passed, so a peer
// can never make the parser buffer more than the limit while it waits for a terminator.

export type ParserLimits = {
  /** Request line, CRLF included. Over it: 414. RFC 9112 §3 recommends supporting 8000 octets. */
  maxRequestLineBytes: number;
  /** Header section after the request line: field lines and the final empty line, CRLFs included. Over it: 431. */
  maxHeaderBytes: number;
  /** Field lines in the header section (also applied to the trailer section). Over it: 431. */
  maxHeaderCount: number;
  /** Decoded body octets (Content-Length, or the sum of the chunk sizes). Over it: 413. */
  maxBodyBytes: number;
  /** Chunk-extension octets over the whole chunked body (everything between a chunk size and its CRLF). Over it: 413. */
  maxChunkExtensionBytes: number;
  /** Trailer section after the last chunk: field lines and the final empty line. Over it: 431. */
  maxTrailerBytes: number;
  /** Empty lines ignored before a request line (RFC 9112 §2.2). One more: 400. */
  maxLeadingEmptyLines: number;
};

export const DEFAULT_LIMITS: Readonly<ParserLimits> = Object.freeze({
  maxRequestLineBytes: 8192,
  maxHeaderBytes: 65536,
  maxHeaderCount: 256,
  // 4 GiB: streamed uploads of several GiB pass, absurd declared sizes (1 TiB, 2^64 + 5) get an
  // immediate 413 instead of a connection held open for a body that will never come.
  maxBodyBytes: 2 ** 32,
  maxChunkExtensionBytes: 4096,
  maxTrailerBytes: 16384,
  maxLeadingEmptyLines: 16,
});

/** Defaults overlaid with `overrides`; throws a RangeError naming the first invalid limit. */
export function resolveLimits(overrides: Partial<ParserLimits> | undefined): ParserLimits {
  const limits: ParserLimits = { ...DEFAULT_LIMITS, ...overrides };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`parser limit ${name} must be a non-negative safe integer, got ${String(value)}`);
    }
  }
  return limits;
}
