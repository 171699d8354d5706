// Incremental, tolerant HTTP/1.x response reader. It describes whatever a server sends and never
// throws: protocol problems become findings, and bytes that cannot be a response end up in
// `unparsed`. Each fed byte is looked at a bounded number of times, so large bodies arriving in
// many pieces cost O(total), and `result()` is a cheap snapshot (bodies are shared, not copied).
// What it holds is bounded whatever the server sends: bodies share KEPT_BODY_BYTES (beyond it,
// a length and a digest), heads and unparsed bytes have their own bounds, and past a number of
// responses no case can use it stops (`stopReason()`), so the exchange ends with a finding.

import { BodyBudget, BodySink } from './body-sink.ts';
import { ByteSink } from './byte-sink.ts';
import { ChunkedDecoder } from './chunked-decoder.ts';
import { escapeBytes } from './escape.ts';
import { decideFraming } from './framing.ts';
import { parseFieldLine, parseStatusLine, statusLineStart, trimOws } from './head-lines.ts';
import { LineReader } from './line-reader.ts';
import type { BodyFraming, ReadResponse, ReadResult, ResponseHead } from './types.ts';

export type ReaderOptions = {
  /** Indexes among FINAL responses (1xx do not count) that answer HEAD: they carry no body. */
  headResponses?: ReadonlySet<number>;
  /** A head (status line and fields) longer than this stops the reader. */
  maxHeadBytes?: number;
  /** Final responses the caller can use; the reader stops once one more than this has come. */
  maxFinals?: number;
  /** Body bytes kept over all responses (see body-sink.ts). */
  keptBodyBytes?: number;
};

// No server of the corpus's kind sends a head near this: nginx's largest default is 8 KiB
// per line, and real response heads are a few hundred bytes.
const DEFAULT_MAX_HEAD_BYTES = 256 * 1024;
/** Field lines in one head. */
export const MAX_FIELD_LINES = 10_000;
/** Interim (1xx) responses: a case waits for one `100 Continue`, perhaps a few `102`s. */
export const MAX_INTERIM = 1000;
/** Final responses, when the caller does not say: far beyond any pipelined case. */
const DEFAULT_MAX_FINALS = 1000;
/** Head bytes kept over all responses of the stream. */
export const MAX_HEAD_BYTES_TOTAL = 4 * 1024 * 1024;
/** Bytes kept once the stream is no longer a response (garbage); more ends reading. */
export const KEPT_UNPARSED_BYTES = 64 * 1024;
const CR = 0x0d;

const addOnce = (list: string[], finding: string): void => {
  if (!list.includes(finding)) list.push(finding);
};

/** A response whose head is complete; its body may still be arriving. */
class Current {
  readonly body: BodySink;
  trailers: Array<[string, string]> | undefined;
  complete = false;

  constructor(
    budget: BodyBudget,
    readonly head: ResponseHead,
    readonly framing: BodyFraming,
    readonly start: number,
    public end: number,
    readonly findings: string[],
  ) {
    this.body = new BodySink(budget);
  }

  snapshot(): ReadResponse {
    const { statusLine, version, status, reason, headers } = this.head;
    const out: ReadResponse = {
      statusLine,
      version,
      status,
      reason,
      headers,
      ...this.body.snapshot(),
      framing: this.framing,
      complete: this.complete,
      start: this.start,
      end: this.end,
      findings: this.findings.slice(),
    };
    if (this.trailers) out.trailers = this.trailers.slice();
    return out;
  }
}

type Phase =
  | { kind: 'head' }
  | { kind: 'length'; length: number; remaining: number }
  | { kind: 'close' }
  | { kind: 'chunked'; decoder: ChunkedDecoder }
  /** Nothing more can be parsed: every further byte is unparsed. */
  | { kind: 'failed' }
  /** A bound was reached: nothing more is read (see `stopReason`). */
  | { kind: 'stopped' };

export class ResponseReader {
  private readonly headResponses: ReadonlySet<number>;
  private readonly maxHeadBytes: number;
  private readonly maxFinals: number;
  private readonly budget: BodyBudget;
  private interim = 0;
  private headBytesTotal = 0;
  private stopped: string | null = null;

  private phase: Phase = { kind: 'head' };
  /** Bytes fed so far: the stream offset of the next byte. */
  private offset = 0;
  private ended = false;

  // The head being read.
  private readonly headLines: LineReader;
  private headRaw = new ByteSink();
  private headStart = 0;
  private head: ResponseHead | null = null;
  private headFindings: string[] = [];

  private readonly done: ReadResponse[] = [];
  private current: Current | null = null;
  private finalHeads = 0;
  private finalsComplete = 0;

  private readonly unparsed = new ByteSink();
  private readonly findings: string[] = [];
  /** Where the garbage finding sits in `findings`; its text is built from `unparsed` on demand. */
  private garbageAt: number | null = null;

  constructor(options: ReaderOptions = {}) {
    this.headResponses = options.headResponses ?? new Set();
    this.maxHeadBytes = options.maxHeadBytes ?? DEFAULT_MAX_HEAD_BYTES;
    this.maxFinals = options.maxFinals ?? DEFAULT_MAX_FINALS;
    this.budget = new BodyBudget(options.keptBodyBytes);
    this.headLines = new LineReader(this.maxHeadBytes);
  }

  /** Why the reader stopped taking bytes (a bound was reached), or null while it reads on. */
  stopReason(): string | null {
    return this.stopped;
  }

  feed(bytes: Buffer): void {
    if (this.ended) return;
    let pos = 0;
    while (pos < bytes.length) {
      const phase = this.phase;
      switch (phase.kind) {
        case 'stopped':
          return;
        case 'failed':
          this.offset += bytes.length - pos;
          this.keepUnparsed(bytes.subarray(pos));
          return;
        case 'head':
          pos = this.readHead(bytes, pos);
          break;
        case 'length': {
          const take = Math.min(phase.remaining, bytes.length - pos);
          this.bodyBytes(bytes.subarray(pos, pos + take));
          pos += take;
          phase.remaining -= take;
          if (phase.remaining === 0) this.completeCurrent();
          break;
        }
        case 'close':
          this.bodyBytes(bytes.subarray(pos));
          pos = bytes.length;
          break;
        case 'chunked': {
          const step = phase.decoder.feed(bytes, pos);
          const next = step.kind === 'more' ? bytes.length : step.next;
          this.offset += next - pos;
          pos = next;
          const current = this.current!;
          current.trailers = phase.decoder.trailers;
          if (step.kind === 'error') {
            current.end = this.offset - step.held.length;
            this.phase = { kind: 'failed' };
            this.keepUnparsed(step.held);
          } else {
            current.end = this.offset;
            if (step.kind === 'done') this.completeCurrent();
          }
          break;
        }
      }
    }
  }

  /** The connection ended: a close-delimited body is complete, anything partial stays incomplete. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    const phase = this.phase;
    const current = this.current;
    switch (phase.kind) {
      case 'head':
        if (this.headRaw.length > 0) this.findings.push('connection ended inside a response head');
        break;
      case 'close':
        this.completeCurrent();
        break;
      case 'length':
        current?.findings.push(
          `connection ended after ${phase.length - phase.remaining} of ${phase.length} body bytes`,
        );
        break;
      case 'chunked':
        current?.findings.push(`connection ended ${phase.decoder.describeState()}`);
        break;
      case 'failed':
      case 'stopped':
        break;
    }
  }

  /** Adds a stream-level finding (the client reports the bytes cap this way). */
  note(finding: string): void {
    this.findings.push(finding);
  }

  result(): ReadResult {
    const responses = this.done.slice();
    if (this.current) responses.push(this.current.snapshot());
    const unparsed = this.phase.kind === 'failed' || this.unparsed.length > 0 ? this.unparsed.view() : this.headRaw.view();
    const findings = this.findings.slice();
    if (this.garbageAt !== null) findings[this.garbageAt] = garbageFinding(unparsed);
    return { responses, unparsed, findings };
  }

  /** Complete final (non-1xx) responses so far. */
  finalCount(): number {
    return this.finalsComplete;
  }

  /** Response heads parsed so far, interim ones included. */
  headCount(): number {
    return this.done.length + (this.current ? 1 : 0);
  }

  private bodyBytes(bytes: Buffer): void {
    const current = this.current!;
    current.body.append(bytes);
    this.offset += bytes.length;
    current.end = this.offset;
  }

  /** Reads head lines from `bytes[pos...]`; returns where it stopped. */
  private readHead(bytes: Buffer, start: number): number {
    let pos = start;
    while (pos < bytes.length) {
      const line = this.headLines.take(bytes, pos);
      this.headRaw.append(bytes.subarray(pos, line.next));
      this.offset += line.next - pos;
      pos = line.next;
      if (line.kind === 'too-long' || this.headRaw.length > this.maxHeadBytes) {
        this.findings.push(`response head longer than ${this.maxHeadBytes} bytes: stopped reading responses`);
        this.fail();
        return pos;
      }
      if (line.kind === 'partial') {
        // Garbage is recognised from its first bytes; a lone CR may still become an empty line.
        const partial = this.headLines.partial();
        const loneCr = partial.length === 1 && partial[0] === CR;
        if (this.head === null && !loneCr && statusLineStart(partial) === 'no') this.failGarbage();
        return pos;
      }
      if (this.head === null) {
        if (line.text === '') {
          addOnce(this.findings, 'empty line before a status line');
          this.headRaw.clear();
          this.headStart = this.offset;
          continue;
        }
        if (statusLineStart(Buffer.from(line.text, 'latin1')) !== 'yes') {
          this.failGarbage();
          return pos;
        }
        if (this.headBytesTotal > MAX_HEAD_BYTES_TOTAL) {
          this.stop(`response heads over ${MAX_HEAD_BYTES_TOTAL} bytes in all: stopped reading`);
          return pos;
        }
        this.headFindings = [];
        this.head = { statusLine: line.text, headers: [], ...parseStatusLine(line.text, this.headFindings) };
      } else if (line.text === '') {
        if (line.bareLf) addOnce(this.headFindings, 'bare LF line ending in the response head');
        this.startBody();
        return pos;
      } else {
        if (this.head.headers.length >= MAX_FIELD_LINES) {
          this.findings.push(`a response head with more than ${MAX_FIELD_LINES} field lines: stopped reading responses`);
          this.fail();
          return pos;
        }
        this.fieldLine(this.head, line.text);
      }
      if (line.bareLf) addOnce(this.headFindings, 'bare LF line ending in the response head');
    }
    return pos;
  }

  private fieldLine(head: ResponseHead, text: string): void {
    const first = text[0];
    if (first === ' ' || first === '\t') {
      const last = head.headers[head.headers.length - 1];
      if (!last) {
        // RFC 9112 §2.2: whitespace-preceded lines before the first field are consumed unprocessed.
        this.headFindings.push('whitespace-preceded line right after the status line (ignored)');
        return;
      }
      // RFC 9112 §5.2: a user agent replaces each obs-fold with SP before interpreting the value.
      addOnce(this.headFindings, `obs-fold (line folding) in field "${last[0]}"`);
      const more = trimOws(text);
      head.headers[head.headers.length - 1] = [last[0], last[1] === '' ? more : `${last[1]} ${more}`];
      return;
    }
    const field = parseFieldLine(text, this.headFindings);
    if (field) head.headers.push(field);
  }

  private startBody(): void {
    const head = this.head!;
    const findings = this.headFindings;
    const final = head.status === null || head.status >= 200;
    const answersHead = final && this.headResponses.has(this.finalHeads);
    if (final) this.finalHeads++;
    else this.interim++;
    this.headBytesTotal += this.offset - this.headStart;
    const framing = decideFraming(head, answersHead, findings);
    this.current = new Current(this.budget, head, framing.kind, this.headStart, this.offset, findings);
    this.head = null;
    this.headFindings = [];
    this.headRaw.clear();
    switch (framing.kind) {
      case 'none':
        this.completeCurrent();
        break;
      case 'content-length':
        if (framing.length === 0) this.completeCurrent();
        else this.phase = { kind: 'length', length: framing.length, remaining: framing.length };
        break;
      case 'close':
        this.phase = { kind: 'close' };
        break;
      case 'chunked': {
        const note = (f: string): void => addOnce(findings, f);
        this.phase = { kind: 'chunked', decoder: new ChunkedDecoder(this.current.body, note) };
        break;
      }
    }
  }

  private completeCurrent(): void {
    const current = this.current!;
    current.complete = true;
    current.end = this.offset;
    this.done.push(current.snapshot());
    if (current.head.status === null || current.head.status >= 200) this.finalsComplete++;
    this.current = null;
    this.phase = { kind: 'head' };
    this.headStart = this.offset;
    // A server that answers without end: past what any case can use, more tells nothing.
    if (this.interim >= MAX_INTERIM) this.stop(`sent ${this.interim} interim (1xx) responses: stopped reading`);
    else if (this.finalsComplete > this.maxFinals) this.stop(`sent more final responses than the case can use (${this.maxFinals}): stopped reading`);
  }

  private stop(reason: string): void {
    this.stopped = reason;
    this.findings.push(reason);
    this.phase = { kind: 'stopped' };
  }

  /** Garbage is kept up to KEPT_UNPARSED_BYTES; past that, reading stops. */
  private keepUnparsed(bytes: Buffer): void {
    const room = KEPT_UNPARSED_BYTES - this.unparsed.length;
    this.unparsed.append(room >= bytes.length ? bytes : bytes.subarray(0, Math.max(0, room)));
    if (bytes.length > room) {
      this.stopped = `more than ${KEPT_UNPARSED_BYTES} bytes that are not a response: stopped reading`;
      this.phase = { kind: 'stopped' };
    }
  }

  private failGarbage(): void {
    this.garbageAt = this.findings.length;
    this.findings.push('');
    this.fail();
  }

  /** Stops parsing: the head read so far and everything after it are unparsed. */
  private fail(): void {
    const held = this.headRaw.view();
    this.headRaw.clear();
    this.head = null;
    this.phase = { kind: 'failed' };
    this.keepUnparsed(held);
  }
}

function garbageFinding(unparsed: Buffer): string {
  const lf = unparsed.indexOf(0x0a);
  const line = unparsed.subarray(0, lf < 0 ? unparsed.length : lf + 1);
  return `expected a status line, got "${escapeBytes(line, 60)}"`;
}
