// The chunked transfer coding, incrementally: size lines, data (handed out as slices of the
// input, never copied), the CRLF after each chunk's data, then the trailer section.

import { parseChunkLine, MAX_CHUNK_SIZE_DIGITS, type ChunkLineReader } from './chunk-line.ts';
import type { HeaderField } from './events.ts';
import { FieldSection } from './field-section.ts';
import type { InputBuffer } from './input-buffer.ts';
import type { LenientFlags } from './leniency.ts';
import type { ParserLimits } from './limits.ts';
import { LINE_NEED_DATA, LINE_TOO_LONG, LineScanner } from './line-scanner.ts';
import { isParseError, parseError, type ParseErrorEvent } from './parse-error.ts';
import { CR, HEX_VALUE, LF, NOT_HEX, describeOctet } from './tokens.ts';

const SIZE_LINE = 0;
const DATA = 1;
const DATA_END = 2;
const TRAILERS = 3;

export class ChunkedDecoder {
  private state = SIZE_LINE;
  private remaining = 0;
  private total = 0;
  private extensionBytes = 0;
  private readonly scanner = new LineScanner();
  private readonly trailers: FieldSection;

  constructor(
    private readonly limits: ParserLimits,
    private readonly lenient: LenientFlags,
    /** The size-line reader; a seam for faulty variants (server/variants/), parseChunkLine here. */
    private readonly chunkLine: ChunkLineReader | null = null,
  ) {
    // https://www.rfc-editor.org/rfc/rfc9112#section-7.1.2
    // trailer-section = *( field-line CRLF ): parsed like the header section, bounded on its own.
    this.trailers = new FieldSection({
      maxBytes: limits.maxTrailerBytes,
      maxCount: limits.maxHeaderCount,
      bareLf: lenient['chunked-bare-lf'],
      obsFold: lenient['obs-fold'],
      invalidChars: lenient['invalid-header-chars'],
      tooLarge: 'TRAILERS_TOO_LARGE',
      tooMany: 'TRAILERS_TOO_LARGE',
      syntaxCode: 'INVALID_TRAILER',
    });
  }

  begin(offset: number): void {
    this.state = SIZE_LINE;
    this.total = 0;
    this.extensionBytes = 0;
    this.scanner.reset(offset);
  }

  /** Trailer fields once read() returned true; never merged into the head (RFC 9110 §6.5.1). */
  trailerFields(): HeaderField[] {
    return this.trailers.fields;
  }

  /** A slice of body data, true at the end of the body, an error, or null when more bytes are needed. */
  read(input: InputBuffer): Buffer | true | ParseErrorEvent | null {
    for (;;) {
      switch (this.state) {
        case SIZE_LINE: {
          const error = this.readSizeLine(input);
          if (error !== null) return error === false ? null : error;
          continue;
        }
        case DATA: {
          const p = input.pos;
          const available = input.end - p;
          if (available === 0) return null;
          const n = available < this.remaining ? available : this.remaining;
          const chunk = input.slice(p, p + n);
          input.skipTo(p + n);
          this.remaining -= n;
          if (this.remaining === 0) this.state = DATA_END;
          return chunk;
        }
        case DATA_END: {
          // chunk-data is followed by exactly CRLF; anything else means the size lied.
          const p = input.pos;
          if (p === input.end) return null;
          const b = input.byteAt(p);
          if (b === CR) {
            if (p + 1 === input.end) return null;
            const b2 = input.byteAt(p + 1);
            if (b2 !== LF) return parseError('INVALID_CHUNK_DATA', p + 1, `CR followed by ${describeOctet(b2)}`);
            input.skipTo(p + 2);
          } else if (b === LF && this.lenient['chunked-bare-lf']) {
            input.skipTo(p + 1);
          } else {
            return parseError('INVALID_CHUNK_DATA', p, `${describeOctet(b)} after the chunk data`);
          }
          this.state = SIZE_LINE;
          this.scanner.reset(input.pos);
          continue;
        }
        default: {
          const done = this.trailers.read(input);
          if (done !== true) return done;
          this.state = SIZE_LINE;
          return true;
        }
      }
    }
  }

  /** null when a line was consumed, false when more bytes are needed, or an error. */
  private readSizeLine(input: InputBuffer): ParseErrorEvent | false | null {
    const { limits, lenient } = this;
    const p = input.pos;
    if (p === input.end) return false;
    const reader = this.chunkLine;
    // A size line must start with a hex digit: refusing at once spares waiting for a LF.
    if (reader === null && HEX_VALUE[input.byteAt(p)] === NOT_HEX) {
      const b = input.byteAt(p);
      return parseError('INVALID_CHUNK_SIZE', p, b === CR || b === LF ? 'missing chunk size' : `unexpected ${describeOctet(b)}`);
    }
    // https://www.rfc-editor.org/rfc/rfc9112#section-7.1.1
    // "A server ought to limit the total length of chunk extensions received in a request to an
    // amount reasonable for the services provided, in the same way that it applies length
    // limitations and timeouts for other parts of a message, and generate an appropriate 4xx
    // (Client Error) response if that amount is exceeded." The budget covers the whole body.
    const budget = limits.maxChunkExtensionBytes - this.extensionBytes;
    const max = MAX_CHUNK_SIZE_DIGITS + budget + 2;
    const contentEnd = this.scanner.find(input, p, p, max);
    if (contentEnd === LINE_NEED_DATA) return false;
    if (contentEnd === LINE_TOO_LONG) {
      return parseError('CHUNK_EXTENSIONS_TOO_LARGE', p + max, `chunk-size line over ${max} octets`);
    }
    if (this.scanner.bareLf && !lenient['chunked-bare-lf']) return parseError('BARE_LF', contentEnd);
    const base = input.base;
    const line = (reader ?? parseChunkLine)(input.buf, p - base, contentEnd - base, base);
    if (isParseError(line)) return line;
    if (line.extensionBytes > budget) {
      return parseError('CHUNK_EXTENSIONS_TOO_LARGE', contentEnd - line.extensionBytes + budget, `over ${limits.maxChunkExtensionBytes} octets in this body`);
    }
    this.extensionBytes += line.extensionBytes;
    if (line.size > limits.maxBodyBytes - this.total) {
      return parseError('BODY_TOO_LARGE', p, `chunked body over ${limits.maxBodyBytes} octets`);
    }
    this.total += line.size;
    const next = this.scanner.next;
    input.skipTo(next);
    if (line.size === 0) {
      // https://www.rfc-editor.org/rfc/rfc9112#section-7.1
      // last-chunk = 1*("0") [ chunk-ext ] CRLF, then trailer-section CRLF.
      this.state = TRAILERS;
      this.trailers.begin(input, next);
    } else {
      this.state = DATA;
      this.remaining = line.size;
    }
    return null;
  }
}
