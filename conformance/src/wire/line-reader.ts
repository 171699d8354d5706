// Splits a byte stream into lines without re-scanning: a line may arrive in any number of pieces.
// Lines end at LF; a CR before it is stripped and its absence reported, since RFC 9112 §2.2 only
// lets a recipient accept a bare LF, never require one.

import { ByteSink } from './byte-sink.ts';

export type LineTake =
  /** A whole line (latin1, line ending removed); `bytes[pos, next)` were consumed. */
  | { kind: 'line'; text: string; bareLf: boolean; next: number }
  /** No line ending yet: everything given was consumed and is held. */
  | { kind: 'partial'; next: number }
  /** The line grew past the limit; `bytes[pos, next)` were consumed and `partial()` holds the line. */
  | { kind: 'too-long'; next: number };

const LF = Buffer.from('\n', 'latin1');

export class LineReader {
  private readonly held = new ByteSink();

  constructor(private readonly maxLength: number) {}

  /** The bytes of the line read so far (or of the line that was too long). */
  partial(): Buffer {
    return this.held.view();
  }

  take(bytes: Buffer, pos: number): LineTake {
    const lf = bytes.indexOf(0x0a, pos);
    if (lf === -1) {
      this.held.append(bytes.subarray(pos));
      const kind = this.held.length > this.maxLength ? 'too-long' : 'partial';
      return { kind, next: bytes.length };
    }
    let line = bytes.subarray(pos, lf);
    if (this.held.length > 0) {
      this.held.append(line);
      line = this.held.view();
    }
    this.held.clear();
    if (line.length > this.maxLength) {
      // Held with its LF, so the caller can hand back exactly the bytes it was given.
      this.held.append(line);
      this.held.append(LF);
      return { kind: 'too-long', next: lf + 1 };
    }
    const bareLf = line[line.length - 1] !== 0x0d;
    const text = line.toString('latin1', 0, bareLf ? line.length : line.length - 1);
    return { kind: 'line', text, bareLf, next: lf + 1 };
  }
}

/** The raw bytes of a line that `take` returned, line ending included. */
export function lineBytes(text: string, bareLf: boolean): Buffer {
  return Buffer.from(bareLf ? `${text}\n` : `${text}\r\n`, 'latin1');
}
