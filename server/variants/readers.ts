// Request readers that wrap the server's parser (seams.ts RequestReader) to read requests the
// way naive servers do: per socket read, by the head alone, ignoring a body. Each keeps the input
// of the message in progress so that it can restart the parser on what is left, as the naive
// server would have gone on reading.

import type { NeedData, ParserEvent, RequestHead } from '../src/protocol/events.ts';
import { NEED_DATA } from '../src/protocol/events.ts';
import { RequestParser } from '../src/protocol/request-parser.ts';
import type { ParserOptionsInput } from '../src/protocol/request-parser.ts';
import type { RequestReader } from '../src/seams.ts';

/** The parser, restartable on the input not yet consumed (or on nothing). */
class Restartable {
  #parser: RequestParser;
  readonly #options: ParserOptionsInput;
  /** Input fed since `#base` (stream offset of the parser in use). */
  #kept: Buffer[] = [];
  #keptBase = 0;
  #eof = false;

  constructor(options: ParserOptionsInput) {
    this.#options = options;
    this.#parser = new RequestParser(options);
  }

  get parser(): RequestParser {
    return this.#parser;
  }

  feed(bytes: Buffer): void {
    this.#kept.push(bytes);
    this.#parser.feed(bytes);
  }

  feedEof(): void {
    this.#eof = true;
    this.#parser.feedEof();
  }

  /** Forgets what the parser consumed (call at message boundaries to bound what is kept). */
  trim(): void {
    const rest = this.#from(this.#parser.consumed);
    this.#kept = rest.length > 0 ? [rest] : [];
    this.#keptBase = this.#parser.consumed;
  }

  /** What arrived of the message in progress, from the last trim() on. */
  pending(): Buffer {
    return this.#from(this.#keptBase);
  }

  /** A fresh parser fed the input from stream offset `offset` on; null: the input is dropped. */
  restart(offset: number | null): void {
    const rest = offset === null ? Buffer.alloc(0) : this.#from(offset);
    this.#parser = new RequestParser(this.#options);
    this.#kept = rest.length > 0 ? [rest] : [];
    this.#keptBase = 0;
    if (rest.length > 0) this.#parser.feed(rest);
    if (this.#eof) this.#parser.feedEof();
  }

  #from(offset: number): Buffer {
    const all = this.#kept.length === 1 ? this.#kept[0]! : Buffer.concat(this.#kept);
    return all.subarray(Math.max(0, offset - this.#keptBase));
  }
}

const hasBody = (head: RequestHead): boolean => head.framing.kind === 'chunked' || (head.framing.kind === 'length' && head.framing.length > 0);
const END: ParserEvent = { type: 'endOfMessage', trailers: [] };

/** The base of the readers below: events of the restartable parser, trimmed at each message end. */
abstract class WrappedReader implements RequestReader {
  protected readonly r: Restartable;
  constructor(options: ParserOptionsInput) {
    this.r = new Restartable(options);
  }
  feed(bytes: Buffer): void {
    this.r.feed(bytes);
  }
  feedEof(): void {
    this.r.feedEof();
  }
  get betweenMessages(): boolean {
    return this.r.parser.betweenMessages;
  }
  abstract nextEvent(): ParserEvent | NeedData;
}

/** Only POST /echo reads a body: any other request leaves it to be parsed as the next request. */
export class BodyOnlyForEcho extends WrappedReader {
  /** The synthetic end of a message answered as bodiless comes before anything else. */
  #endNext = false;

  override get betweenMessages(): boolean {
    return !this.#endNext && super.betweenMessages;
  }

  nextEvent(): ParserEvent | NeedData {
    if (this.#endNext) {
      this.#endNext = false;
      return END;
    }
    const event = this.r.parser.nextEvent();
    if (event.type === 'endOfMessage') this.r.trim();
    if (event.type !== 'request' || !hasBody(event.head)) return event;
    const head = event.head;
    if (head.method === 'POST' && /^(?:https?:\/\/[^/]*)?\/echo(?:\?|$)/i.test(head.target)) return event;
    // CL.0 / TE.0: the head is answered as bodiless and the body bytes read as the next request.
    this.r.restart(this.r.parser.consumed);
    this.#endNext = true;
    return { type: 'request', head: { ...head, framing: { kind: 'none' } } };
  }
}

/** One request per socket read: whatever else came in the same read is dropped. */
export class OneRequestPerRead extends WrappedReader {
  nextEvent(): ParserEvent | NeedData {
    const event = this.r.parser.nextEvent();
    if (event.type === 'endOfMessage') this.r.restart(null);
    return event;
  }
}

/** The body is what came with the head or in the first read after it; the rest is dropped. */
export class SingleReadBody extends WrappedReader {
  #inBody = false;
  #received = 0;
  nextEvent(): ParserEvent | NeedData {
    const event = this.r.parser.nextEvent();
    if (event.type === 'request') {
      this.#inBody = hasBody(event.head);
      this.#received = 0;
    } else if (event.type === 'data') {
      this.#received += event.chunk.length;
    } else if (event.type === 'endOfMessage') {
      this.#inBody = false;
      this.r.trim();
    } else if (event.type === 'needData' && this.#inBody && this.#received > 0) {
      this.#inBody = false;
      this.r.restart(null);
      return END;
    }
    return event;
  }
}

/** A body cut short by the client closing is answered as if it were complete. */
export class PartialBodyOnFin extends WrappedReader {
  #inBody = false;
  #ended = false;
  override feedEof(): void {
    this.#ended = true;
    super.feedEof();
  }
  nextEvent(): ParserEvent | NeedData {
    if (this.#ended && this.#inBody) {
      this.#inBody = false;
      this.r.restart(null);
      return END;
    }
    const event = this.r.parser.nextEvent();
    if (event.type === 'request') this.#inBody = hasBody(event.head);
    else if (event.type === 'endOfMessage') this.#inBody = false;
    else if (event.type === 'error' && this.#inBody && this.#ended) {
      this.#inBody = false;
      this.r.restart(null);
      return END;
    }
    return event;
  }
}

// A request line, however the rest of the head looks.
const REQUEST_LINE = /^(?:\r?\n)*([!#$%&'*+\-.^_`|~0-9A-Za-z]+) (\S+) HTTP\/(\d)\.(\d)\r?\n/;

/** The request is answered once its request line is in, without waiting for the empty line. */
export class AnswerIncompleteHead extends WrappedReader {
  #queue: ParserEvent[] = [];
  #done = false;
  nextEvent(): ParserEvent | NeedData {
    const queued = this.#queue.shift();
    if (queued !== undefined) return queued;
    if (this.#done) return NEED_DATA;
    const event = this.r.parser.nextEvent();
    if (event.type === 'endOfMessage') this.r.trim();
    if (event.type !== 'needData' || this.r.parser.betweenMessages) return event;
    const m = REQUEST_LINE.exec(this.r.pending().toString('latin1'));
    if (m === null) return event;
    const target = m[2]!;
    const head: RequestHead = {
      method: m[1]!,
      target,
      targetForm: target.startsWith('/') ? 'origin' : target === '*' ? 'asterisk' : /^https?:\/\//i.test(target) ? 'absolute' : 'authority',
      authority: /^https?:\/\/([^/?]*)/i.exec(target)?.[1] ?? null,
      version: { major: Number(m[3]), minor: Number(m[4]) },
      headers: [],
      framing: { kind: 'none' },
      keepAlive: false,
      expectContinue: false,
      host: '',
    };
    // Answered, and the connection closes after it: nothing more is read as a request.
    this.#done = true;
    this.#queue.push(END);
    return { type: 'request', head };
  }
}

/** Every request head through `map` (a method rewritten, say). */
export function mappedHeads(map: (head: RequestHead) => RequestHead): (options: ParserOptionsInput) => RequestReader {
  return (options) => {
    const parser = new RequestParser(options);
    return {
      feed: (bytes) => parser.feed(bytes),
      feedEof: () => parser.feedEof(),
      nextEvent: () => {
        const event = parser.nextEvent();
        return event.type === 'request' ? { type: 'request', head: map(event.head) } : event;
      },
      get betweenMessages() {
        return parser.betweenMessages;
      },
    };
  };
}
