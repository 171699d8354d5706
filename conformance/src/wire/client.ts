// Runs one exchange over one TCP connection: executes the send steps byte for byte, records
// everything in a transcript and feeds what arrives to the tolerant reader. It never throws and
// never hangs: every path ends within `timeoutMs` of the last step taken (see armDeadline), and
// the socket and every timer are gone by the time the promise resolves. Nor does it hold more
// than a bounded amount whatever the server sends or the case writes: writes are made a piece
// at a time as they go out, the transcript keeps a prefix of each direction (transcript-
// recorder.ts), and the reader keeps bounded bodies and stops past what the case can use.

import net from 'node:net';
import { performance } from 'node:perf_hooks';
import type { WireBytes } from './lazy-bytes.ts';
import { throughPollPhase } from '../event-loop.ts';
import { canProbeEnd, probeEnd } from './end-probe.ts';
import { ResponseReader } from './response-reader.ts';
import { resetSocket } from './reset-socket.ts';
import { TranscriptRecorder } from './transcript-recorder.ts';
import type {
  ConnectionEnd,
  ReadResult,
  Settle,
  Transcript,
  TranscriptEvent,
  WireStep,
} from './types.ts';

export type ExchangeOptions = {
  host: string;
  port: number;
  steps: WireStep[];
  /** Hard bound for the whole exchange, from connect to stop. */
  timeoutMs: number;
  /** How long to keep reading when `settle` says 'linger'. */
  graceMs: number;
  /** Cap on received bytes; beyond it reading stops and the exchange ends with 'cap'. */
  maxBytes: number;
  headResponses?: ReadonlySet<number>;
  /** Final responses the case can use; reading stops once one more has come (default: 1000). */
  maxFinals?: number;
  /** Asked after every read (and once right away) once all steps are sent. */
  settle: Settle;
  /** Pause between two consecutive writes so they reach the server as separate reads. */
  writeGapMs?: number;
  connectTimeoutMs?: number;
};

export type ExchangeResult = { transcript: Transcript; read: ReadResult };

const DEFAULT_WRITE_GAP_MS = 2;
/**
 * A write step goes out in pieces of this size, each made just before it is written and the
 * next one only once the socket took it: a 16 MiB write costs 64 KiB of memory, not 16 MiB.
 */
export const WRITE_PIECE_BYTES = 64 * 1024;
/** After a failed write, how long the bytes that arrived before it have to be read. */
const DRAIN_AFTER_WRITE_ERROR_MS = 20;
/** Write errors that mean the server reset the connection. */
const RESET_CODES: ReadonlySet<string> = new Set(['ECONNRESET', 'EPIPE']);
/** The read buffer each connection reuses for every read. */
export const READ_BUFFER_BYTES = 64 * 1024;
/** Bound on waiting for the socket's 'close' after destroy(); it normally comes at once. */
const CLOSE_WAIT_MS = 1000;

type Stop = 'closed' | 'reset' | 'open' | 'timeout' | 'cap';

export function runExchange(options: ExchangeOptions): Promise<ExchangeResult> {
  return new Promise((resolve) => new Exchange(options, resolve).start());
}

const errorCode = (err: unknown): string =>
  (err as NodeJS.ErrnoException | null)?.code ?? (err instanceof Error ? err.name : 'ERR_UNKNOWN');
const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));

class Exchange {
  private readonly t0 = performance.now();
  private readonly recorder = new TranscriptRecorder();
  private readonly reader: ResponseReader;
  private stopWhy: string | null = null;
  private socket: net.Socket | null = null;
  private connected = false;
  /** Set by the socket's 'close' event: its handle is released (`socket.closed` comes earlier). */
  private handleClosed = false;
  private stepsDone = false;
  /** Steps started so far, to say how many a closing server left unsent. */
  private stepsStarted = 0;
  private finished = false;
  private lingerTimer: NodeJS.Timeout | null = null;
  /** The server's side ended; a write of no bytes is asking whether by a reset. */
  private probingEnd = false;
  /** A write failed: the steps stopped, and what arrived is being read before the end. */
  private writeFailed = false;
  private deadline: NodeJS.Timeout | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Pending waits of the step loop, released when the exchange finishes. */
  private readonly wakers = new Set<() => void>();
  private readonly readListeners = new Set<() => void>();

  constructor(
    private readonly o: ExchangeOptions,
    private readonly resolve: (result: ExchangeResult) => void,
  ) {
    this.reader = new ResponseReader({
      ...(o.headResponses ? { headResponses: o.headResponses } : {}),
      ...(o.maxFinals !== undefined ? { maxFinals: o.maxFinals } : {}),
    });
  }

  start(): void {
    this.armDeadline(0);
    // Reads land in one buffer of this exchange's, reused: a fresh 64 KiB buffer per read would
    // leave hundreds of MB for the collector when a server streams (everything kept is copied).
    // Node reads `onread` in the socket's constructor (its types list it under connect).
    const buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
    const onread = { buffer, callback: (n: number): boolean => this.onData(buffer.subarray(0, n)) };
    const socket = new net.Socket({ allowHalfOpen: true, onread } as net.SocketConstructorOpts);
    keepAfterWriteError(socket);
    this.socket = socket;
    socket.on('connect', () => this.onConnect());
    socket.on('end', () => this.onEnd());
    socket.on('error', (err) => this.onError(err));
    socket.on('close', () => {
      this.handleClosed = true;
      this.finish('closed');
    });
    try {
      socket.connect({ host: this.o.host, port: this.o.port, noDelay: true });
    } catch (err) {
      // Synchronous failures (a port out of range...): finish() destroys the half-made socket.
      this.error(err);
      this.finish('closed');
      return;
    }
    const connectMs = this.o.connectTimeoutMs;
    if (connectMs !== undefined && connectMs < this.o.timeoutMs) {
      this.timer(connectMs, () => {
        if (this.connected) return;
        const message = `connect did not complete within ${connectMs} ms`;
        this.event({ kind: 'error', atMs: this.now(), code: 'ETIMEDOUT', message });
        this.finish('closed');
      });
    }
  }

  /**
   * The time bound is the server's: it runs `timeoutMs` from the last step we took, not from
   * the connect, so a request sent one byte at a time is not charged for its own slowness.
   * Every step re-arms it (a pause or await for its own length on top), which still bounds the
   * exchange: each step must make progress within the bound.
   */
  private armDeadline(extraMs: number): void {
    this.clearTimer(this.deadline);
    this.deadline = this.timer(this.o.timeoutMs + extraMs, () => this.finish('timeout'));
  }

  private now(): number {
    return Math.round((performance.now() - this.t0) * 10) / 10;
  }

  private event(e: TranscriptEvent): void {
    this.recorder.push(e);
  }

  private error(err: unknown): void {
    this.event({ kind: 'error', atMs: this.now(), code: errorCode(err), message: errorMessage(err) });
  }

  private timer(ms: number, fn: () => void): NodeJS.Timeout {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, Math.max(0, ms));
    this.timers.add(t);
    return t;
  }

  private clearTimer(t: NodeJS.Timeout | null): void {
    if (t === null) return;
    clearTimeout(t);
    this.timers.delete(t);
  }

  private onConnect(): void {
    if (this.finished) return;
    this.connected = true;
    this.socket!.setNoDelay(true);
    void this.runSteps();
  }

  /** True: keep reading (the onread contract). */
  private onData(chunk: Buffer): boolean {
    this.takeData(chunk);
    return true;
  }

  private takeData(chunk: Buffer): void {
    if (this.finished) return;
    const room = this.o.maxBytes - this.recorder.received;
    const over = chunk.length > room;
    const bytes = over ? chunk.subarray(0, Math.max(0, room)) : chunk;
    if (bytes.length > 0) {
      this.recorder.read(this.now(), bytes);
      this.reader.feed(bytes);
    }
    const stopped = this.reader.stopReason();
    if (stopped !== null) {
      // The reader recorded its own finding; the end event says why reading stopped.
      this.stopWhy = stopped;
      this.finish('cap');
      return;
    }
    if (over) {
      this.reader.note(`stopped reading at the ${this.o.maxBytes}-byte cap`);
      this.finish('cap');
      return;
    }
    for (const listener of [...this.readListeners]) listener();
    this.consult();
  }

  // The end of what the server sends: nothing more can arrive, so the exchange is over even if
  // steps remain. Whether the server closed or reset the connection is asked of the socket
  // (end-probe.ts).
  private onEnd(): void {
    if (this.finished) return;
    this.reader.end();
    if (!canProbeEnd(this.socket)) return this.finish('closed');
    this.probingEnd = true;
    probeEnd(this.socket, (how) => this.finish(how), (ms, fn) => this.timer(ms, fn));
  }

  private onError(err: Error): void {
    if (this.finished) return;
    // The write that tells a reset from a FIN failed: a reset.
    if (this.probingEnd) return this.finish('reset');
    const code = errorCode(err);
    if (!this.connected) {
      this.error(err);
      this.finish('closed');
      return;
    }
    if ((err as NodeJS.ErrnoException).syscall === 'write') return this.writeFailedWith(err);
    // A reset from the server is its behaviour, not our failure; anything else is recorded.
    if (!RESET_CODES.has(code)) this.error(err);
    this.reader.end();
    this.finish('reset');
  }

  private async runSteps(): Promise<void> {
    const socket = this.socket!;
    const gapMs = this.o.writeGapMs ?? DEFAULT_WRITE_GAP_MS;
    let previousWasWrite = false;
    for (const step of this.o.steps) {
      if (this.finished) return;
      this.stepsStarted++;
      switch (step.kind) {
        case 'write': {
          if (previousWasWrite && gapMs > 0) await this.sleep(gapMs);
          if (this.finished) return;
          if (socket.writableEnded) {
            const message = 'write step after close: fin (skipped)';
            this.event({ kind: 'error', atMs: this.now(), code: 'ERR_STREAM_WRITE_AFTER_END', message });
            break;
          }
          this.recorder.write(this.now(), step.bytes);
          this.armDeadline(gapMs);
          const err = await this.writeAll(socket, step.bytes);
          if (this.finished) return;
          if (err) return this.writeFailedWith(err);
          break;
        }
        case 'pause':
          this.armDeadline(step.ms);
          this.event({ kind: 'pause', atMs: this.now(), ms: step.ms });
          await this.sleep(step.ms);
          break;
        case 'await-head':
          this.armDeadline(step.maxMs);
          await this.awaitHead(step.maxMs);
          break;
        case 'close':
          this.event({ kind: 'close', atMs: this.now(), how: step.how });
          if (step.how === 'fin') {
            socket.end();
            break;
          }
          // We aborted: the server had not closed, so the connection counts as open.
          resetSocket(socket);
          this.finish('open');
          return;
      }
      previousWasWrite = step.kind === 'write';
    }
    if (this.finished) return;
    this.armDeadline(0);
    this.stepsDone = true;
    this.consult();
  }

  /**
   * A write failed, most often on the server's reset (it closed with input unread). What arrived
   * before the reset is still in the kernel and readable: the steps stop, and the exchange ends
   * once the event loop has read it (the socket stays open: keepAfterWriteError). The stream's
   * end is never reported after a write error, so this timer is what ends the exchange.
   */
  private writeFailedWith(err: Error): void {
    if (this.finished || this.writeFailed) return;
    this.writeFailed = true;
    // A reset is the server's behaviour, not our failure; anything else is recorded.
    if (!RESET_CODES.has(errorCode(err))) this.error(err);
    this.timer(DRAIN_AFTER_WRITE_ERROR_MS, () => {
      void throughPollPhase().then(() => {
        this.reader.end();
        this.finish('reset');
      });
    });
  }

  /** One step's bytes, a piece at a time, each made when the socket has taken the one before. */
  private async writeAll(socket: net.Socket, bytes: WireBytes): Promise<Error | null | undefined> {
    for (let at = 0; at < bytes.length; at += WRITE_PIECE_BYTES) {
      if (this.finished) return null;
      const err = await this.write(socket, bytes.subarray(at, Math.min(bytes.length, at + WRITE_PIECE_BYTES)));
      if (err) return err;
    }
    return null;
  }

  private write(socket: net.Socket, bytes: Buffer): Promise<Error | null | undefined> {
    return new Promise((resolve) => {
      const done = (err?: Error | null): void => {
        this.wakers.delete(wake);
        resolve(err);
      };
      const wake = (): void => done(null);
      this.wakers.add(wake);
      try {
        socket.write(bytes, done);
      } catch (err) {
        done(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.finished) return resolve();
      const wake = (): void => {
        this.clearTimer(t);
        this.wakers.delete(wake);
        resolve();
      };
      const t = this.timer(ms, wake);
      this.wakers.add(wake);
    });
  }

  // Interim responses count: this is how a case waits for `100 Continue` before sending a body.
  private async awaitHead(maxMs: number): Promise<void> {
    const base = this.reader.headCount();
    const started = performance.now();
    const entry = { kind: 'await-head' as const, atMs: this.now(), maxMs, waitedMs: 0, arrived: false };
    this.event(entry);
    await new Promise<void>((resolve) => {
      const arrived = (): boolean => this.reader.headCount() > base;
      if (arrived() || this.finished) return resolve();
      const wake = (): void => {
        this.clearTimer(t);
        this.wakers.delete(wake);
        this.readListeners.delete(check);
        resolve();
      };
      const check = (): void => {
        if (arrived()) wake();
      };
      const t = this.timer(maxMs, wake);
      this.wakers.add(wake);
      this.readListeners.add(check);
    });
    entry.waitedMs = Math.round((performance.now() - started) * 10) / 10;
    entry.arrived = this.reader.headCount() > base;
  }

  private consult(): void {
    if (this.finished || !this.stepsDone) return;
    let verdict;
    try {
      verdict = this.o.settle(this.reader.result(), 'open');
    } catch (err) {
      this.error(err);
      verdict = 'done' as const;
    }
    if (verdict === 'done') {
      this.finish('open');
    } else if (verdict === 'linger') {
      this.lingerTimer ??= this.timer(this.o.graceMs, () => this.finish('open'));
    } else {
      this.clearTimer(this.lingerTimer);
      this.lingerTimer = null;
    }
  }

  private finish(how: Stop): void {
    if (this.finished) return;
    this.finished = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.event(how === 'cap' && this.stopWhy !== null ? { kind: 'end', atMs: this.now(), how, why: this.stopWhy } : { kind: 'end', atMs: this.now(), how });
    const unsent = this.o.steps.length - this.stepsStarted;
    if (this.connected && (how === 'closed' || how === 'reset') && unsent > 0) {
      const total = this.o.steps.length;
      this.reader.note(`connection ${how} by the server with ${unsent} of ${total} steps not sent`);
    }
    for (const wake of [...this.wakers]) wake();
    this.wakers.clear();
    this.readListeners.clear();

    const end: ConnectionEnd = how === 'closed' || how === 'reset' ? how : 'open';
    const received = this.recorder.receivedPrefix();
    const transcript: Transcript = {
      events: this.recorder.events,
      received,
      ...(received.length < this.recorder.received ? { receivedBytes: this.recorder.received } : {}),
      truncated: how === 'cap',
      end,
      timedOut: how === 'timeout',
    };
    const result = { transcript, read: this.reader.result() };
    const socket = this.socket;
    if (!socket || this.handleClosed) {
      this.resolve(result);
      return;
    }
    // Resolve only once the handle is gone, so callers can count on nothing being left open.
    const fallback = setTimeout(() => this.resolve(result), CLOSE_WAIT_MS);
    socket.once('close', () => {
      clearTimeout(fallback);
      this.resolve(result);
    });
    socket.destroy();
  }
}

/**
 * A socket whose failed write leaves it open for reading. net.Socket destroys itself on a write
 * error (it sets autoDestroy and offers no option against it), closing the descriptor with the
 * bytes that arrived before a reset unread in it; the exchange destroys it itself when it ends.
 */
function keepAfterWriteError(socket: net.Socket): void {
  const states = socket as unknown as { _writableState?: { autoDestroy: boolean }; _readableState?: { autoDestroy: boolean } };
  if (states._writableState) states._writableState.autoDestroy = false;
  if (states._readableState) states._readableState.autoDestroy = false;
}
