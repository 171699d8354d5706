// Test helper: runs one input through the parser in three feeding styles (whole, byte by byte,
// whole followed by the start of another request) and checks that they produce the same events.
// Data events are concatenated, since their sizes legitimately depend on the split.

import { expect } from 'vitest';
import type { HeaderField, ParserEvent, RequestHead } from '../../src/protocol/events.ts';
import { PARSE_ERRORS, type ParseErrorCode } from '../../src/protocol/errors.ts';
import { RequestParser, type ParserOptionsInput, type ParserSeams } from '../../src/protocol/request-parser.ts';
import type { Leniency } from '../../src/protocol/leniency.ts';

export type Seen =
  | { type: 'request'; head: RequestHead }
  | { type: 'data'; body: string }
  | { type: 'endOfMessage'; trailers: HeaderField[] }
  | { type: 'connectionClosed' }
  | { type: 'error'; code: ParseErrorCode; offset: number; status: number; reason: string }
  /** The input ran out and the parser asked for more. */
  | { type: 'needData' };

export type ErrorSeen = Extract<Seen, { type: 'error' }>;

export type RunOptions = {
  lenient?: Leniency[];
  /** Parser seams, for the faulty parsers of server/variants/. */
  seams?: ParserSeams;
  limits?: ParserOptionsInput['limits'];
  /** Call feedEof() after the last byte. */
  eof?: boolean;
};

/** The request appended in the third style: it must come out intact after a complete message. */
export const FOLLOWING = 'GET /following HTTP/1.1\r\nHost: following.example\r\n\r\n';

const MAX_EVENTS_PER_FEED = 100_000;

export function bytes(input: string | Buffer): Buffer {
  return typeof input === 'string' ? Buffer.from(input, 'latin1') : input;
}

export function makeParser(options: RunOptions = {}): RequestParser {
  return new RequestParser({ limits: options.limits, lenient: new Set(options.lenient ?? []), ...(options.seams ? { seams: options.seams } : {}) });
}

/** Feeds `chunks` one after the other, draining events after each; data events merged. */
export function run(chunks: Buffer[], options: RunOptions = {}): Seen[] {
  return execute(chunks, options).seen;
}

function execute(chunks: Buffer[], options: RunOptions): { seen: Seen[]; betweenMessages: boolean } {
  const parser = makeParser(options);
  const seen: Seen[] = [];
  const drain = (): boolean => {
    for (let n = 0; n < MAX_EVENTS_PER_FEED; n++) {
      const event = parser.nextEvent();
      if (event.type === 'needData') return true;
      record(seen, event);
      if (event.type === 'error' || event.type === 'connectionClosed') return false;
    }
    throw new Error('parser did not ask for data within the event bound');
  };
  const done = { seen, get betweenMessages() { return parser.betweenMessages; } };
  for (const chunk of chunks) {
    parser.feed(chunk);
    if (!drain()) return done;
  }
  if (options.eof) {
    parser.feedEof();
    if (!drain()) return done;
    throw new Error('parser asked for data after EOF');
  }
  seen.push({ type: 'needData' });
  return done;
}

function record(seen: Seen[], event: ParserEvent): void {
  if (event.type === 'data') {
    const last = seen[seen.length - 1];
    const text = event.chunk.toString('latin1');
    if (last?.type === 'data') last.body += text;
    else seen.push({ type: 'data', body: text });
  } else if (event.type === 'error') {
    seen.push({ type: 'error', code: event.code, offset: event.offset, status: event.status, reason: event.reason });
  } else {
    seen.push(event);
  }
}

export function splitBytes(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i++) out.push(buf.subarray(i, i + 1));
  return out;
}

/**
 * Runs `input` whole, byte by byte and (when the input stops at a message boundary or an error)
 * followed by FOLLOWING, asserts the three agree, and returns the events of the whole run.
 */
export function parse(input: string | Buffer, options: RunOptions = {}): Seen[] {
  const buf = bytes(input);
  const whole = run([buf], options);
  expect(run(splitBytes(buf), options), 'byte-by-byte feeding').toEqual(whole);
  const opened = execute([buf], { ...options, eof: false });
  const open = opened.seen;
  const last = open[open.length - 1]!;
  const followed = run([Buffer.concat([buf, bytes(FOLLOWING)])], { ...options, eof: false });
  if (last.type === 'error') {
    expect(followed, 'trailing bytes after an error').toEqual(open);
  } else if (last.type === 'needData' && opened.betweenMessages) {
    const tail = followed.slice(open.length - 1);
    expect(followed.slice(0, open.length - 1), 'trailing bytes of a following request').toEqual(open.slice(0, -1));
    expect(tail[0]?.type === 'request' && tail[0].head.target, 'the following request starts right after the message').toBe('/following');
    expect(tail.slice(1)).toEqual([{ type: 'endOfMessage', trailers: [] }, { type: 'needData' }]);
  }
  return whole;
}

export type Message = { head: RequestHead; body: string; trailers: HeaderField[] };

/** The complete messages of `input` (all three styles checked) and how the run ended. */
export function messages(input: string | Buffer, options: RunOptions = {}): { messages: Message[]; end: Seen } {
  const seen = parse(input, options);
  const out: Message[] = [];
  let current: Message | null = null;
  for (const event of seen) {
    if (event.type === 'request') current = { head: event.head, body: '', trailers: [] };
    else if (event.type === 'data') current!.body += event.body;
    else if (event.type === 'endOfMessage') {
      current!.trailers = event.trailers;
      out.push(current!);
      current = null;
    }
  }
  return { messages: out, end: seen[seen.length - 1]! };
}

/** The single complete message of `input`; fails if there is not exactly one or the run ended in an error. */
export function one(input: string | Buffer, options: RunOptions = {}): Message {
  const result = messages(input, options);
  if (result.end.type === 'error') throw new Error(`unexpected error ${result.end.code} at ${result.end.offset}: ${result.end.reason}`);
  expect(result.messages).toHaveLength(1);
  return result.messages[0]!;
}

/** Asserts that `input` ends in error `code` (and at `offset`, when given); returns the error. */
export function fails(input: string | Buffer, code: ParseErrorCode, offset?: number, options: RunOptions = {}): ErrorSeen {
  const seen = parse(input, options);
  const end = seen[seen.length - 1]!;
  expect(end.type === 'error' ? `${end.code} (${end.reason})` : end.type).toMatch(new RegExp(`^${code} `));
  const error = end as ErrorSeen;
  expect(error.status).toBe(PARSE_ERRORS[code].status);
  if (offset !== undefined) expect(error.offset, 'error offset').toBe(offset);
  return error;
}

/** A request with the usual request line and Host, then `rest` (more fields, blank line, body). */
export function post(rest: string): string {
  return `POST /upload HTTP/1.1\r\nHost: example.com\r\n${rest}`;
}
