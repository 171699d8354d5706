// A field section (the header section, or the trailer section of a chunked body): field lines up
// to an empty line, bounded in octets and in number of fields. Lines are checked as soon as they
// are complete and the limits as soon as they are passed; the strings are made once, when the
// section is complete, from a single latin1 decode of the whole section.

import type { ParseErrorCode } from './errors.ts';
import type { HeaderField } from './events.ts';
import { checkFieldValue, parseFieldLine, type FieldLineParts, type FieldLineRules } from './header-fields.ts';
import { latin1, type InputBuffer } from './input-buffer.ts';
import { LINE_NEED_DATA, LINE_TOO_LONG, LineScanner } from './line-scanner.ts';
import { parseError, type ParseErrorEvent } from './parse-error.ts';
import { CR, HTAB, LF, OWS, SP } from './tokens.ts';

export type FieldSectionRules = FieldLineRules & {
  maxBytes: number;
  maxCount: number;
  bareLf: boolean;
  obsFold: boolean;
  tooLarge: ParseErrorCode;
  tooMany: ParseErrorCode;
  /** When set, field-syntax errors are reported under this code (trailers: INVALID_TRAILER). */
  syntaxCode: ParseErrorCode | null;
};

export class FieldSection {
  /** After read() returned true: the fields in order, names as sent, values OWS-trimmed. */
  fields: HeaderField[] = [];
  /** After read() returned true: stream offset of the empty line that ended the section. */
  endOffset = 0;
  private start = 0;
  /** Per field: name start, name end, value start, value end (stream offsets); reused. */
  private readonly spans: number[] = [];
  /** Values rebuilt by the `obs-fold` leniency, by field index. */
  private unfolded: Map<number, string> | null = null;
  private readonly scanner = new LineScanner();
  private readonly parts: FieldLineParts = { nameEnd: 0, valueStart: 0, valueEnd: 0 };

  constructor(private readonly rules: FieldSectionRules) {}

  /** Starts a section at `offset`; its bytes are kept in `input` until it is complete. */
  begin(input: InputBuffer, offset: number): void {
    this.start = offset;
    this.spans.length = 0;
    this.unfolded = null;
    this.scanner.reset(offset);
    input.keep = offset;
  }

  /** True when the section is complete, an error, or null when more bytes are needed. */
  read(input: InputBuffer): true | ParseErrorEvent | null {
    const rules = this.rules;
    const limit = this.start + rules.maxBytes;
    for (;;) {
      const p = input.pos;
      if (p === input.end) return null;
      if (p >= limit) return parseError(rules.tooLarge, limit, `more than ${rules.maxBytes} octets`);
      const b = input.byteAt(p);
      // https://www.rfc-editor.org/rfc/rfc9112#section-2.2
      // The empty line ends the section; CR must be followed by LF; a bare LF is accepted only
      // with the `bare-lf` leniency (head) or `chunked-bare-lf` (trailers).
      if (b === CR) {
        if (p + 1 === input.end) return null;
        if (input.byteAt(p + 1) === LF) {
          if (p + 1 >= limit) return parseError(rules.tooLarge, limit, `more than ${rules.maxBytes} octets`);
          return this.done(input, p, p + 2);
        }
        return parseError('BARE_CR', p);
      }
      if (b === LF) {
        if (!rules.bareLf) return parseError('BARE_LF', p);
        return this.done(input, p, p + 1);
      }
      const count = this.spans.length >> 2;
      const folded = b === SP || b === HTAB;
      if (folded) {
        // https://www.rfc-editor.org/rfc/rfc9112#section-5.2
        // obs-fold = OWS CRLF RWS: "A server that receives an obs-fold in a request message
        // [...] MUST either reject the message by sending a 400 (Bad Request) [...] or replace
        // each received obs-fold with one or more SP octets". A whitespace-preceded line right
        // after the request line (RFC 9112 §2.2) has nothing to continue and is rejected too.
        if (!rules.obsFold || count === 0) {
          return this.syntax(parseError('OBS_FOLD', p, count === 0 ? 'whitespace before the first field line' : undefined));
        }
      } else if (count >= rules.maxCount) {
        return parseError(rules.tooMany, p, `more than ${rules.maxCount} fields`);
      }
      const contentEnd = this.scanner.find(input, p, this.start, rules.maxBytes);
      if (contentEnd === LINE_NEED_DATA) return null;
      if (contentEnd === LINE_TOO_LONG) return parseError(rules.tooLarge, limit, `more than ${rules.maxBytes} octets`);
      if (this.scanner.bareLf && !rules.bareLf) return parseError('BARE_LF', contentEnd);
      const error = folded ? this.unfold(input, p, contentEnd) : this.add(input, p, contentEnd);
      if (error !== null) return this.syntax(error);
      const next = this.scanner.next;
      input.skipTo(next);
      this.scanner.reset(next);
    }
  }

  /** Stream offset of field `index`'s (trimmed) value, until the next begin(). */
  valueOffset(index: number): number {
    return this.spans[index * 4 + 2]!;
  }

  private done(input: InputBuffer, emptyLine: number, next: number): true {
    this.endOffset = emptyLine;
    const spans = this.spans;
    const fields: HeaderField[] = [];
    if (spans.length > 0) {
      const start = this.start;
      const text = latin1(input.buf, start - input.base, emptyLine - input.base);
      const unfolded = this.unfolded;
      for (let k = 0; k < spans.length; k += 4) {
        const name = text.slice(spans[k]! - start, spans[k + 1]! - start);
        const value = (unfolded === null ? undefined : unfolded.get(k >> 2)) ?? text.slice(spans[k + 2]! - start, spans[k + 3]! - start);
        fields.push([name, value]);
      }
    }
    this.fields = fields;
    input.keep = -1;
    input.skipTo(next);
    return true;
  }

  private add(input: InputBuffer, s: number, e: number): ParseErrorEvent | null {
    const base = input.base;
    const parts = this.parts;
    const error = parseFieldLine(input.buf, s - base, e - base, base, this.rules, parts);
    if (error !== null) return error;
    this.spans.push(s, base + parts.nameEnd, base + parts.valueStart, base + parts.valueEnd);
    return null;
  }

  // https://www.rfc-editor.org/rfc/rfc9112#section-5.2 (with the `obs-fold` leniency): the fold
  // and the whitespace around it become one SP in the previous field's value.
  private unfold(input: InputBuffer, s: number, e: number): ParseErrorEvent | null {
    const buf = input.buf;
    const base = input.base;
    let vs = s - base;
    let ve = e - base;
    while (vs < ve && OWS[buf[vs]!] === 1) vs++;
    while (ve > vs && OWS[buf[ve - 1]!] === 1) ve--;
    const error = checkFieldValue(buf, vs, ve, base, this.rules.invalidChars);
    if (error !== null) return error;
    const last = (this.spans.length >> 2) - 1;
    const unfolded = (this.unfolded ??= new Map());
    const k = last * 4;
    const value = unfolded.get(last) ?? latin1(buf, this.spans[k + 2]! - base, this.spans[k + 3]! - base);
    const more = latin1(buf, vs, ve);
    unfolded.set(last, value === '' ? more : more === '' ? value : `${value} ${more}`);
    return null;
  }

  private syntax(error: ParseErrorEvent): ParseErrorEvent {
    const code = this.rules.syntaxCode;
    if (code === null || error.code === 'BARE_CR' || error.code === 'BARE_LF') return error;
    return parseError(code, error.offset, error.reason);
  }
}
