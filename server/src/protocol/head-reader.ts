// The request head, incrementally: empty lines before the request line, the request line, the
// header section. State survives between feeds so no byte is examined twice.

import type { RequestHead } from './events.ts';
import { FieldSection } from './field-section.ts';
import type { InputBuffer } from './input-buffer.ts';
import { LINE_NEED_DATA, LINE_TOO_LONG, LineScanner } from './line-scanner.ts';
import { resolveHead, type HeadConfig } from './message-head.ts';
import { parseError, isParseError, type ParseErrorEvent } from './parse-error.ts';
import { parseRequestLine, type RequestLine } from './request-line.ts';
import { CR, LF, SP, TCHAR, describeOctet } from './tokens.ts';

const START = 0;
const REQUEST_LINE = 1;
const FIELDS = 2;

export class HeadReader {
  private phase = START;
  private emptyLines = 0;
  private lineStart = 0;
  /** Early method check: next octet to look at, and whether the method's end was reached. */
  private methodScan = 0;
  private methodDone = false;
  private line: RequestLine | null = null;
  private readonly scanner = new LineScanner();
  private readonly section: FieldSection;

  constructor(private readonly cfg: HeadConfig) {
    const { limits, lenient } = cfg;
    this.section = new FieldSection({
      maxBytes: limits.maxHeaderBytes,
      maxCount: limits.maxHeaderCount,
      bareLf: lenient['bare-lf'],
      obsFold: lenient['obs-fold'],
      invalidChars: lenient['invalid-header-chars'],
      tooLarge: 'HEADER_TOO_LARGE',
      tooMany: 'TOO_MANY_HEADERS',
      syntaxCode: null,
    });
  }

  /** Whether octets of a request (not just ignorable empty lines) have arrived. */
  started(input: InputBuffer): boolean {
    return this.phase !== START || input.pos !== input.end;
  }

  /** The complete head, an error, or null when more bytes are needed. */
  read(input: InputBuffer): RequestHead | ParseErrorEvent | null {
    if (this.phase === START) {
      const error = this.skipEmptyLines(input);
      if (error !== null) return error;
      if (this.phase === START) return null;
    }
    if (this.phase === REQUEST_LINE) {
      const result = this.readRequestLine(input);
      if (result === null || isParseError(result)) return result;
      this.line = result;
      this.phase = FIELDS;
      this.section.begin(input, input.pos);
    }
    const done = this.section.read(input);
    if (done !== true) return done;
    const head = resolveHead(this.line!, this.section, this.cfg);
    this.reset();
    return head;
  }

  private reset(): void {
    this.phase = START;
    this.emptyLines = 0;
    this.line = null;
  }

  // https://www.rfc-editor.org/rfc/rfc9112#section-2.2
  // "a server that is expecting to receive and parse a request-line SHOULD ignore at least one
  // empty line (CRLF) received prior to the request-line." Bounded by maxLeadingEmptyLines.
  private skipEmptyLines(input: InputBuffer): ParseErrorEvent | null {
    const { limits, lenient } = this.cfg;
    for (;;) {
      const p = input.pos;
      if (p === input.end) return null;
      const b = input.byteAt(p);
      let next: number;
      if (b === CR) {
        if (p + 1 === input.end) return null;
        if (input.byteAt(p + 1) !== LF) return parseError('BARE_CR', p);
        next = p + 2;
      } else if (b === LF) {
        if (!lenient['bare-lf']) return parseError('BARE_LF', p);
        next = p + 1;
      } else {
        this.phase = REQUEST_LINE;
        this.lineStart = p;
        this.methodScan = p;
        this.methodDone = false;
        this.scanner.reset(p);
        return null;
      }
      if (++this.emptyLines > limits.maxLeadingEmptyLines) {
        return parseError('TOO_MANY_EMPTY_LINES', p, `more than ${limits.maxLeadingEmptyLines}`);
      }
      input.skipTo(next);
    }
  }

  private readRequestLine(input: InputBuffer): RequestLine | ParseErrorEvent | null {
    const { limits, lenient } = this.cfg;
    const s = this.lineStart;
    const max = limits.maxRequestLineBytes;
    // Refuse a bad method as soon as its octet arrives, so binary garbage (a TLS ClientHello on
    // the cleartext port) gets a 400 instead of waiting for a LF that never comes. Only octets
    // inside the length limit are looked at, so the verdict does not depend on how the input
    // was split.
    if (!this.methodDone && !lenient['request-line-whitespace']) {
      const buf = input.buf;
      const base = input.base;
      const stop = Math.min(input.end, s + max) - base;
      let i = this.methodScan - base;
      while (i < stop) {
        const b = buf[i]!;
        if (TCHAR[b] === 1) i++;
        else if (b === SP || b === CR || b === LF) {
          this.methodDone = true;
          break;
        } else return parseError('INVALID_METHOD', base + i, `unexpected ${describeOctet(b)}`);
      }
      this.methodScan = base + i;
    }
    // https://www.rfc-editor.org/rfc/rfc9112#section-3
    // "A server that receives a request-target longer than any URI it wishes to parse MUST
    // respond with a 414 (URI Too Long) status code"; 8000 octets at least are RECOMMENDED.
    const contentEnd = this.scanner.find(input, s, s, max);
    if (contentEnd === LINE_NEED_DATA) return null;
    if (contentEnd === LINE_TOO_LONG) {
      // https://www.rfc-editor.org/rfc/rfc9112#section-3
      // "A server that receives a method longer than any that it implements SHOULD respond with
      // a 501 (Not Implemented) status code."
      const inMethod = !this.methodDone && !lenient['request-line-whitespace'];
      if (inMethod) return parseError('METHOD_TOO_LONG', s + max, `method over ${max} octets`);
      return parseError('URI_TOO_LONG', s + max, `request line over ${max} octets`);
    }
    // https://www.rfc-editor.org/rfc/rfc9112#section-2.2
    // "a recipient MAY recognize a single LF as a line terminator": only with `bare-lf`.
    if (this.scanner.bareLf && !lenient['bare-lf']) return parseError('BARE_LF', contentEnd);
    const base = input.base;
    const line = parseRequestLine(input.buf, s - base, contentEnd - base, base, lenient['request-line-whitespace']);
    if (isParseError(line)) return line;
    input.skipTo(this.scanner.next);
    return line;
  }
}
