// Incremental decoder for the chunked transfer coding (RFC 9112 §7.1). It consumes exactly the
// bytes of one chunked body, so whatever follows the last trailer line is left for the next
// response; on a framing error it stops and hands back the bytes of the offending element.

import { escapeBytes, escapeLatin1 } from './escape.ts';
import { parseFieldLine } from './head-lines.ts';
import { LineReader, lineBytes } from './line-reader.ts';

export type ChunkedStep =
  /** Everything given was consumed; the body is not finished. */
  | { kind: 'more' }
  /** The body ended; `bytes[next...]` belong to whatever follows it. */
  | { kind: 'done'; next: number }
  /**
   * The framing broke. `bytes[pos, next)` were consumed, the last `held.length` consumed bytes
   * (possibly from earlier feeds) are the offending element and `bytes[next...]` were not read.
   */
  | { kind: 'error'; next: number; held: Buffer };

// RFC 9112 §7.1: chunk-size = 1*HEXDIG, then chunk-ext = *( BWS ";" BWS ext-name [ ... ] )
const SIZE_LINE = /^([0-9A-Fa-f]+)[ \t]*(;.*)?$/;
// 13 hex digits stay below 2^53: beyond that a length cannot be held exactly.
const MAX_HEX_DIGITS = 13;
const CR = 0x0d;
const LF = 0x0a;

type State =
  | { kind: 'size' }
  | { kind: 'data'; remaining: number }
  | { kind: 'data-cr' } // expecting the CR (or a bare LF) after chunk data
  | { kind: 'data-lf' } // got the CR, expecting LF
  | { kind: 'trailer' };

export class ChunkedDecoder {
  readonly trailers: Array<[name: string, value: string]> = [];
  private state: State = { kind: 'size' };
  private readonly lines: LineReader;
  private trailerBytes = 0;

  constructor(
    private readonly body: { append(bytes: Uint8Array): void },
    private readonly note: (finding: string) => void,
    private readonly maxLine = 8192,
  ) {
    this.lines = new LineReader(maxLine);
  }

  /** Where the body stopped, for a finding when the connection ends in the middle of it. */
  describeState(): string {
    switch (this.state.kind) {
      case 'size':
        return 'in a chunk-size line';
      case 'data':
        return `with ${this.state.remaining} bytes of a chunk missing`;
      case 'data-cr':
      case 'data-lf':
        return 'before the CRLF after chunk data';
      case 'trailer':
        return 'in the trailer section';
    }
  }

  feed(bytes: Buffer, start: number): ChunkedStep {
    let pos = start;
    while (pos < bytes.length) {
      const state = this.state;
      switch (state.kind) {
        case 'data': {
          const take = Math.min(state.remaining, bytes.length - pos);
          this.body.append(bytes.subarray(pos, pos + take));
          pos += take;
          state.remaining -= take;
          if (state.remaining === 0) this.state = { kind: 'data-cr' };
          break;
        }
        case 'data-cr':
        case 'data-lf': {
          const b = bytes[pos]!;
          if (b === LF) {
            if (state.kind === 'data-cr') this.note('bare LF ending a chunk line');
            this.state = { kind: 'size' };
            pos++;
          } else if (b === CR && state.kind === 'data-cr') {
            this.state = { kind: 'data-lf' };
            pos++;
          } else {
            const got = escapeBytes(bytes.subarray(pos, pos + 1));
            this.note(`chunk data not followed by CRLF (got "${got}")`);
            const held = state.kind === 'data-lf' ? Buffer.from('\r') : Buffer.alloc(0);
            return { kind: 'error', next: pos, held };
          }
          break;
        }
        case 'size':
        case 'trailer': {
          const line = this.lines.take(bytes, pos);
          if (line.kind === 'partial') return { kind: 'more' };
          if (line.kind === 'too-long') {
            const what = state.kind === 'size' ? 'chunk-size' : 'trailer';
            this.note(`${what} line longer than ${this.maxLine} bytes`);
            return { kind: 'error', next: line.next, held: this.lines.partial() };
          }
          pos = line.next;
          if (line.bareLf) this.note('bare LF ending a chunk line');
          const step = state.kind === 'size' ? this.sizeLine(line.text) : this.trailerLine(line.text);
          if (step === 'error') return { kind: 'error', next: pos, held: lineBytes(line.text, line.bareLf) };
          if (step === 'done') return { kind: 'done', next: pos };
          break;
        }
      }
    }
    return { kind: 'more' };
  }

  private sizeLine(text: string): 'ok' | 'error' {
    const m = SIZE_LINE.exec(text);
    if (!m) {
      this.note(`invalid chunk-size line "${escapeLatin1(text, 80)}"`);
      return 'error';
    }
    const hex = m[1]!.replace(/^0+(?=.)/, '');
    if (hex.length > MAX_HEX_DIGITS) {
      this.note(`chunk size "${escapeLatin1(m[1]!, 80)}" is too large`);
      return 'error';
    }
    const size = parseInt(hex, 16);
    this.state = size === 0 ? { kind: 'trailer' } : { kind: 'data', remaining: size };
    return 'ok';
  }

  // RFC 9112 §7.1.2: trailer-section = *( field-line CRLF ), then the final CRLF.
  private trailerLine(text: string): 'ok' | 'done' | 'error' {
    if (text === '') return 'done';
    this.trailerBytes += text.length + 2;
    if (this.trailerBytes > this.maxLine * 8) {
      this.note(`trailer section longer than ${this.maxLine * 8} bytes`);
      return 'error';
    }
    const findings: string[] = [];
    const field = parseFieldLine(text, findings);
    for (const f of findings) this.note(`trailer: ${f}`);
    if (field) this.trailers.push(field);
    return 'ok';
  }
}
