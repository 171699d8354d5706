// The sans-I/O HTTP/1.1 request parser (h11 style): bytes in with feed()/feedEof(), events out
// with nextEvent(), one at a time, NEED_DATA when it cannot go on. It never touches a socket, a
// timer or the file system; the socket driver owns all of that.
//
// Event order per message: `request`, zero or more `data`, `endOfMessage`; then the next
// pipelined request is parsed straight from the buffered bytes. `connectionClosed` ends a
// connection cleanly (EOF between messages). After an `error` or `connectionClosed`, nextEvent()
// returns that same event object forever and feed() ignores its input: the parser is done.
// Bytes fed after feedEof() are ignored too.
//
// Errors carry a stable code, the status to answer with, and the stream offset of the offending
// octet (for limits: the first octet past the limit; for EOF: the end of the stream). They depend
// only on the bytes, never on how the peer split them: limits are reported as soon as they are
// passed, and nothing past a limit is ever examined.
//
// Strict by default (RFC 9110 / RFC 9112); each deviation the RFCs permit is an opt-in leniency
// flag (leniency.ts).

import type { ChunkLineReader } from './chunk-line.ts';
import { ChunkedDecoder } from './chunked-decoder.ts';
import { NEED_DATA, type NeedData, type ParserEvent } from './events.ts';
import { HeadReader } from './head-reader.ts';
import { InputBuffer } from './input-buffer.ts';
import { resolveLeniency, type Leniency } from './leniency.ts';
import { resolveLimits, type ParserLimits } from './limits.ts';
import type { FieldReviser } from './message-head.ts';
import { isParseError, parseError } from './parse-error.ts';

export { DEFAULT_LIMITS, type ParserLimits } from './limits.ts';
export { LENIENCIES, LENIENCY_DOCS, type Leniency } from './leniency.ts';

export type ParserOptions = { limits: ParserLimits; lenient: ReadonlySet<Leniency> };

/**
 * Seams through which server/variants/ builds deliberately faulty parsers from this one: the
 * field lines of each head may be revised before they are interpreted, and chunk-size lines read
 * by another reader. The server never sets them.
 */
export type ParserSeams = { reviseFields?: FieldReviser; chunkLine?: ChunkLineReader };

/** What the constructor accepts: limits may be partial; missing ones take DEFAULT_LIMITS. */
export type ParserOptionsInput = { limits?: Partial<ParserLimits>; lenient?: ReadonlySet<Leniency>; seams?: ParserSeams };

const HEAD = 0;
const LENGTH_BODY = 1;
const CHUNKED_BODY = 2;
const END_OF_MESSAGE = 3;

export class RequestParser {
  private readonly input = new InputBuffer();
  private readonly head: HeadReader;
  private readonly chunked: ChunkedDecoder;
  private state = HEAD;
  private remaining = 0;
  private eof = false;
  private final: ParserEvent | null = null;

  /** Throws a RangeError for an invalid limit or an unknown leniency name. */
  constructor(options: ParserOptionsInput = {}) {
    const limits = resolveLimits(options.limits);
    const lenient = resolveLeniency(options.lenient);
    const seams = options.seams;
    this.head = new HeadReader({ limits, lenient, reviseFields: seams?.reviseFields ?? null });
    this.chunked = new ChunkedDecoder(limits, lenient, seams?.chunkLine ?? null);
  }

  /**
   * Appends bytes from the socket. The parser keeps references to `bytes` (data events are
   * slices of it), so the caller must not modify them afterwards.
   */
  feed(bytes: Buffer): void {
    if (this.eof || this.final !== null) return;
    this.input.append(bytes);
  }

  /** The peer half-closed: no more bytes will come. */
  feedEof(): void {
    this.eof = true;
  }

  /** Stream offset of the next unread octet: how many octets were consumed so far. */
  get consumed(): number {
    return this.input.pos;
  }

  /**
   * True when no message is in progress: nothing but ignorable empty lines has arrived since the
   * last endOfMessage. A driver can use it to tell an idle keep-alive connection from a slow
   * request (close quietly vs. answer 408).
   */
  get betweenMessages(): boolean {
    return this.final === null && this.state === HEAD && !this.head.started(this.input);
  }

  nextEvent(): ParserEvent | NeedData {
    if (this.final !== null) return this.final;
    const input = this.input;
    switch (this.state) {
      case HEAD: {
        const head = this.head.read(input);
        if (head === null) {
          if (!this.eof) return NEED_DATA;
          // https://www.rfc-editor.org/rfc/rfc9112#section-8
          // A message cut short by the close of the connection is incomplete.
          return this.finish(
            this.head.started(input) ? parseError('INCOMPLETE_MESSAGE', input.end, 'in the request head') : { type: 'connectionClosed' },
          );
        }
        if (isParseError(head)) return this.finish(head);
        const framing = head.framing;
        if (framing.kind === 'chunked') {
          this.state = CHUNKED_BODY;
          this.chunked.begin(input.pos);
        } else if (framing.kind === 'length' && framing.length > 0) {
          this.state = LENGTH_BODY;
          this.remaining = framing.length;
        } else {
          // https://www.rfc-editor.org/rfc/rfc9112#section-6.3 (item 7): a request without
          // Content-Length or Transfer-Encoding has a body of length zero, whatever the method.
          this.state = END_OF_MESSAGE;
        }
        return { type: 'request', head };
      }
      case LENGTH_BODY: {
        const p = input.pos;
        const available = input.end - p;
        if (available === 0) {
          if (!this.eof) return NEED_DATA;
          return this.finish(parseError('INCOMPLETE_MESSAGE', p, `${this.remaining} body octets missing`));
        }
        const n = available < this.remaining ? available : this.remaining;
        const chunk = input.slice(p, p + n);
        input.skipTo(p + n);
        this.remaining -= n;
        if (this.remaining === 0) this.state = END_OF_MESSAGE;
        return { type: 'data', chunk };
      }
      case CHUNKED_BODY: {
        const result = this.chunked.read(input);
        if (result === null) {
          if (!this.eof) return NEED_DATA;
          return this.finish(parseError('INCOMPLETE_MESSAGE', input.end, 'in the chunked body'));
        }
        if (result === true) {
          this.state = HEAD;
          return { type: 'endOfMessage', trailers: this.chunked.trailerFields() };
        }
        if (isParseError(result)) return this.finish(result);
        return { type: 'data', chunk: result };
      }
      default:
        this.state = HEAD;
        return { type: 'endOfMessage', trailers: [] };
    }
  }

  private finish(event: ParserEvent): ParserEvent {
    this.final = event;
    return event;
  }
}
