// Finds line terminators without re-scanning: the search resumes where the previous one stopped.
//
// Every line belongs to a bounded unit (the request line, the header section, a chunk-size line,
// the trailer section) of at most `unitMax` octets, terminators included. A unit is too long as
// soon as the octet at `unitStart + unitMax` is known to belong to it: when a terminator is found
// at or past that offset, or when no terminator can end before it any more. Both tests
// give the same answer however the bytes were split, which keeps errors and their offsets
// independent of how the peer segmented its writes.

import type { InputBuffer } from './input-buffer.ts';
import { CR, LF } from './tokens.ts';

export const LINE_NEED_DATA = -1;
export const LINE_TOO_LONG = -2;

export class LineScanner {
  /** Stream offset where the next search resumes: no terminator starts before it. */
  private scanFrom = 0;
  /** After a successful find(): stream offset of the first octet after the terminator. */
  next = 0;
  /** After a successful find(): the line ended with LF alone. */
  bareLf = false;

  reset(offset: number): void {
    this.scanFrom = offset;
  }

  /**
   * Looks for the end of the line that starts at `lineStart`. Returns the stream offset where the
   * line's content ends (its CR, or its LF when bare), LINE_NEED_DATA, or LINE_TOO_LONG.
   */
  find(input: InputBuffer, lineStart: number, unitStart: number, unitMax: number): number {
    const buf = input.buf;
    const base = input.base;
    const lf = buf.indexOf(LF, this.scanFrom - base);
    if (lf === -1) {
      // No LF before `end`: it can only come at `end` or later.
      this.scanFrom = input.end;
      return input.end - unitStart >= unitMax ? LINE_TOO_LONG : LINE_NEED_DATA;
    }
    const at = base + lf;
    if (at - unitStart >= unitMax) return LINE_TOO_LONG;
    this.next = at + 1;
    if (at > lineStart && buf[lf - 1] === CR) {
      this.bareLf = false;
      return at - 1;
    }
    this.bareLf = true;
    return at;
  }
}
