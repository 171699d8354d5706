// POST /echo: the response body is exactly the decoded request body. The body is collected up
// to a bound and answered once it is complete, so the answer carries a Content-Length, a framing
// error found late in the body still gets a clean 400, and no response ever goes out before the
// request it answers has fully arrived. Past the bound the answer is 413.

import { errorResponse } from './response.ts';
import type { OutgoingResponse } from './response.ts';

const OCTETS = 'Content-Type: application/octet-stream\r\n';

export class EchoBody {
  readonly #maxBytes: number;
  #parts: Buffer[] = [];
  #bytes = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /** Keeps a chunk; false once the body is over the bound (the chunk is then dropped). */
  add(chunk: Buffer): boolean {
    this.#bytes += chunk.length;
    if (this.#bytes > this.#maxBytes) {
      this.#parts = [];
      return false;
    }
    // Kept without a copy: a data event is a slice of a buffer the socket delivered (a fresh one
    // for every read) or of parser storage that is never written over once handed out
    // (protocol/input-buffer.ts), so nothing changes it after this. The one copy is concat().
    if (chunk.length > 0) this.#parts.push(chunk);
    return true;
  }

  response(): OutgoingResponse {
    const body = Buffer.concat(this.#parts, this.#bytes);
    this.#parts = [];
    return { status: 200, fields: `${OCTETS}Content-Length: ${body.length}\r\n`, body };
  }
}

// RFC 9110 §15.5.14: 413 for content larger than the server is willing to process; the body is
// left unread, so the connection closes after it.
export function echoTooLarge(maxBytes: number): OutgoingResponse {
  return { ...errorResponse(413, `/echo takes at most ${maxBytes} octets`), close: true };
}
