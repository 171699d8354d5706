// Connections a case opens before its own (`before:` in a case file): each takes its steps and is
// then left as they leave it (stalled halfway through a request, say, or already reset) while the
// case's own connection runs. What they receive is never judged, only recorded for the report,
// and only its first bytes are kept: a side connection may be sent a 10 MiB file. Like the
// exchange client, nothing here throws or hangs: every wait is bounded and `close()` leaves no
// socket or timer behind.

import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { READ_BUFFER_BYTES, WRITE_PIECE_BYTES } from './client.ts';
import type { WireBytes } from './lazy-bytes.ts';
import { ResponseReader } from './response-reader.ts';
import type { ConnectionEnd, TranscriptEvent, WireStep } from './types.ts';
import { canProbeEnd, probeEnd } from './end-probe.ts';
import { resetSocket } from './reset-socket.ts';

/** `count` (default 1) copies of one connection, opened one after another: a flood when above 1. */
export type SideSpec = { name: string; steps: WireStep[]; count?: number };

/**
 * What one side connection did and saw; `atMs` counts from its own start. For a flood, the first
 * connection's events, with the counts of the whole flood.
 */
export type SideTranscript = {
  name: string;
  events: TranscriptEvent[];
  /** Every byte received (by every copy), the ones not kept in `events` included. */
  receivedBytes: number;
  /** Only for a flood (`count` above 1): how many were asked for and how many connected. */
  flood?: { count: number; opened: number; refused: string | null };
};

export type SideConnections = {
  /** Why the connections could not be set up (one line), or null. */
  failure: string | null;
  /** Closes every side connection still open; resolves once their sockets are gone. */
  close(): Promise<void>;
  /** One per connection opened, in order; complete (each with its `end`) once `close()` resolved. */
  transcripts(): SideTranscript[];
};

const CONNECT_TIMEOUT_MS = 2000;
const CLOSE_WAIT_MS = 1000;
/**
 * How long a flood may take to open: a server with a short accept queue makes some connects wait
 * for a SYN retransmission, and 1050 of them would take minutes. What opened by then is the flood.
 */
const FLOOD_BUDGET_MS = 5000;
/** Received bytes kept per side connection; later reads are recorded by size only. */
export const SIDE_KEPT_BYTES = 32 * 1024;
const SHARED_READ_BUFFER = Buffer.allocUnsafe(READ_BUFFER_BYTES);

/**
 * Opens the connections one after another, each taking all its steps before the next opens, so
 * the server sees them in the order written. `timeoutMs` bounds each step (a pause or an await
 * for its own length on top); a step that does not finish in time leaves the connection as it is.
 */
export async function openSideConnections(host: string, port: number, specs: readonly SideSpec[], timeoutMs: number): Promise<SideConnections> {
  const groups: Group[] = [];
  const sides = (failure: string | null): SideConnections => ({
    failure,
    close: async () => {
      await Promise.all(groups.flatMap((g) => g.sides.map((s) => s.close())));
    },
    transcripts: () => groups.map(groupTranscript),
  });
  for (const spec of specs) {
    const count = spec.count ?? 1;
    const group: Group = { count, sides: [], refused: null };
    groups.push(group);
    const floodEnds = performance.now() + FLOOD_BUDGET_MS;
    for (let i = 0; i < count; i++) {
      if (count > 1 && performance.now() > floodEnds) {
        group.refused = `stopped after ${FLOOD_BUDGET_MS / 1000} s, before connection ${i + 1} of ${count}: the server took them slowly`;
        break;
      }
      const side = new Side(spec.name, host, port);
      group.sides.push(side);
      const failure = await side.run(spec.steps, timeoutMs);
      if (failure === null) continue;
      if (side.outOfDescriptors) {
        return sides(`the harness could not open connection ${i + 1} of ${count} (${spec.name}, before): ${failure}; raise its descriptor limit (ulimit -n)`);
      }
      if (count === 1) return sides(`connection ${spec.name} (before): ${failure}`);
      // In a flood, a connection the server no longer takes is its answer, not our failure.
      group.refused = `connection ${i + 1} of ${count}: ${failure}`;
      break;
    }
  }
  return sides(null);
}

type Group = { count: number; sides: Side[]; refused: string | null };

function groupTranscript(g: Group): SideTranscript {
  const first = g.sides[0]!.transcript();
  if (g.count === 1) return first;
  const receivedBytes = g.sides.reduce((n, s) => n + s.bytesReceived, 0);
  const opened = g.sides.filter((s) => s.opened).length;
  return { ...first, receivedBytes, flood: { count: g.count, opened, refused: g.refused } };
}

class Side {
  private readonly t0 = performance.now();
  private readonly socket: net.Socket;
  // Only heads are counted here (for `await: head`): no body byte is worth keeping.
  private readonly reader = new ResponseReader({ keptBodyBytes: 0 });
  private keptWritten = 0;
  private readonly events: TranscriptEvent[] = [];
  private receivedBytes = 0;
  private keptBytes = 0;
  private connected = false;
  /** The connect failed for want of a descriptor on our side: a harness problem, not the server's. */
  outOfDescriptors = false;
  /** Reading feeds the reader only while steps may await a head; afterwards bytes are dropped. */
  private feeding = true;
  /** Set, and recorded as the last event, when the connection is over for the steps. */
  private end: ConnectionEnd | null = null;
  private readonly listeners = new Set<() => void>();
  private closed = false;
  /** Set while the end of the stream is asked whether it was a reset (end-probe.ts). */
  private probingEnd = false;
  private probeTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly name: string,
    private readonly host: string,
    private readonly port: number,
  ) {
    // Reads land in one buffer shared by every side connection (1050 of a flood would otherwise
    // hold 64 KiB each): a read is handled before the next can arrive, and what is kept is copied.
    const buffer = SHARED_READ_BUFFER;
    const onread = { buffer, callback: (n: number): boolean => this.onRead(buffer.subarray(0, n)) };
    this.socket = new net.Socket({ allowHalfOpen: true, onread } as net.SocketConstructorOpts);
    // Closed or reset: asked of the socket, as the exchange does (end-probe.ts).
    this.socket.on('end', () => {
      if (!this.connected || this.end !== null || !canProbeEnd(this.socket)) return this.ended('closed');
      this.probingEnd = true;
      probeEnd(this.socket, (how) => this.ended(how), (ms, fn) => void (this.probeTimer = setTimeout(fn, ms)));
    });
    this.socket.on('error', (err: NodeJS.ErrnoException) => {
      // The write that tells a reset from a FIN failed: a reset.
      if (this.probingEnd) return this.ended('reset');
      // A reset is the server's business here, not a failure of ours; anything else is shown.
      if (!this.connected || err.code !== 'ECONNRESET') this.record({ kind: 'error', atMs: this.now(), code: err.code ?? err.name, message: err.message });
      this.ended(this.connected ? 'reset' : 'closed');
    });
    this.socket.on('close', () => {
      this.closed = true;
      this.ended('closed');
    });
  }

  /** Whether the connect succeeded (it may have ended since). */
  get opened(): boolean {
    return this.connected;
  }

  get bytesReceived(): number {
    return this.receivedBytes;
  }

  transcript(): SideTranscript {
    return { name: this.name, events: [...this.events], receivedBytes: this.receivedBytes };
  }

  /** Connects and takes the steps; a connect failure is returned, anything later is not. */
  async run(steps: readonly WireStep[], timeoutMs: number): Promise<string | null> {
    const connectError = await this.connect();
    if (connectError !== null) return connectError;
    for (const step of steps) {
      if (this.end !== null) break;
      switch (step.kind) {
        case 'write':
          this.recordWrite(step.bytes);
          await this.until(timeoutMs, (done) => void this.writeAll(step.bytes).then(done));
          break;
        case 'pause':
          this.record({ kind: 'pause', atMs: this.now(), ms: step.ms });
          await sleep(step.ms);
          break;
        case 'await-head':
          await this.awaitHead(step.maxMs);
          break;
        case 'close':
          this.record({ kind: 'close', atMs: this.now(), how: step.how });
          if (step.how === 'fin') {
            this.socket.end();
            break;
          }
          resetSocket(this.socket);
          // We aborted: the server had not closed, so the connection counts as open (as in the client).
          this.ended('open');
          break;
      }
    }
    this.feeding = false;
    return null;
  }

  /** A piece at a time, as the client does, so a large write is never whole in memory. */
  private async writeAll(bytes: WireBytes): Promise<void> {
    for (let at = 0; at < bytes.length && this.end === null; at += WRITE_PIECE_BYTES) {
      const piece = bytes.subarray(at, Math.min(bytes.length, at + WRITE_PIECE_BYTES));
      const ok = await new Promise<boolean>((resolve) => {
        try {
          this.socket.write(piece, (err) => resolve(!err));
        } catch {
          resolve(false);
        }
      });
      if (!ok) return;
    }
  }

  private recordWrite(bytes: WireBytes): void {
    const keep = Math.min(bytes.length, SIDE_KEPT_BYTES - this.keptWritten);
    this.keptWritten += keep;
    const kept = bytes.subarray(0, keep);
    const dropped = bytes.length - keep;
    this.record(dropped === 0 ? { kind: 'write', atMs: this.now(), bytes: kept } : { kind: 'write', atMs: this.now(), bytes: kept, dropped });
  }

  close(): Promise<void> {
    clearTimeout(this.probeTimer);
    this.ended('open');
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const fallback = setTimeout(resolve, CLOSE_WAIT_MS);
      this.socket.once('close', () => {
        clearTimeout(fallback);
        resolve();
      });
      this.socket.destroy();
    });
  }

  private connect(): Promise<string | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const message = `could not connect within ${CONNECT_TIMEOUT_MS} ms`;
        this.record({ kind: 'error', atMs: this.now(), code: 'ETIMEDOUT', message });
        this.ended('closed');
        finish(message);
      }, CONNECT_TIMEOUT_MS);
      const onError = (err: NodeJS.ErrnoException): void => {
        this.outOfDescriptors = err.code === 'EMFILE' || err.code === 'ENFILE';
        finish(`could not connect: ${err.code ?? err.message}`);
      };
      const finish = (failure: string | null): void => {
        clearTimeout(timer);
        this.socket.off('error', onError);
        resolve(failure);
      };
      this.socket.once('error', onError);
      this.socket.connect({ host: this.host, port: this.port, noDelay: true }, () => {
        this.connected = true;
        finish(null);
      });
    });
  }

  private now(): number {
    return Math.round((performance.now() - this.t0) * 10) / 10;
  }

  /** Nothing is recorded after the `end` event: the transcript stops where the connection did. */
  private record(e: TranscriptEvent): void {
    if (this.end === null) this.events.push(e);
  }

  private onRead(chunk: Buffer): boolean {
    if (this.feeding) this.reader.feed(chunk);
    this.recordRead(chunk);
    this.wake();
    return true;
  }

  private recordRead(chunk: Buffer): void {
    if (this.end !== null) return;
    this.receivedBytes += chunk.length;
    const keep = Math.min(chunk.length, SIDE_KEPT_BYTES - this.keptBytes);
    const dropped = chunk.length - keep;
    const last = this.events.at(-1);
    // Reads past the bound add up in one event, so a 10 MiB download costs one event, not 160.
    if (keep === 0 && last?.kind === 'read' && last.bytes.length === 0) {
      last.dropped = (last.dropped ?? 0) + dropped;
      return;
    }
    this.keptBytes += keep;
    // A copy: a view would keep the whole chunk alive.
    const bytes = Buffer.from(chunk.subarray(0, keep));
    this.record(dropped === 0 ? { kind: 'read', atMs: this.now(), bytes } : { kind: 'read', atMs: this.now(), bytes, dropped });
  }

  private ended(how: ConnectionEnd): void {
    if (this.end === null) {
      this.record({ kind: 'end', atMs: this.now(), how });
      this.end = how;
    }
    this.wake();
  }

  private wake(): void {
    for (const listener of [...this.listeners]) listener();
  }

  // Interim responses count, as in the client: a side connection may wait for `100 Continue`.
  private async awaitHead(maxMs: number): Promise<void> {
    const base = this.reader.headCount();
    const started = performance.now();
    const entry = { kind: 'await-head' as const, atMs: this.now(), maxMs, waitedMs: 0, arrived: false };
    this.record(entry);
    await this.until(maxMs, (done) => this.onChange(() => this.reader.headCount() > base || this.end !== null, done));
    entry.waitedMs = Math.round((performance.now() - started) * 10) / 10;
    entry.arrived = this.reader.headCount() > base;
  }

  /** Calls `done` once `holds()` is true, checking now and after every read or end. */
  private onChange(holds: () => boolean, done: () => void): void {
    if (holds()) return done();
    const check = (): void => {
      if (!holds()) return;
      this.listeners.delete(check);
      done();
    };
    this.listeners.add(check);
  }

  /** Starts `begin`, resolving when it calls back, when the connection ends, or after `ms`. */
  private until(ms: number, begin: (done: () => void) => void): Promise<void> {
    return new Promise((resolve) => {
      let settled = false;
      const done = (): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.listeners.delete(onEnd);
        resolve();
      };
      const onEnd = (): void => {
        if (this.end !== null) done();
      };
      const timer = setTimeout(done, ms);
      this.listeners.add(onEnd);
      try {
        begin(done);
      } catch {
        done();
      }
    });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
