// Connections a case opens before its own (`before:` in a case file): each takes its steps and is
// then left as they leave it (stalled halfway through a request, say, or already reset) while the
// case's own connection runs. What they receive is read and dropped, never judged. Like the
// exchange client, nothing here throws or hangs: every wait is bounded and `close()` leaves no
// socket or timer behind.

import net from 'node:net';
import { ResponseReader } from './response-reader.ts';
import type { ConnectionEnd, WireStep } from './types.ts';
import { resetSocket } from './reset-socket.ts';

export type SideSpec = { name: string; steps: WireStep[] };

export type SideConnections = {
  /** Why the connections could not be set up (one line), or null. */
  failure: string | null;
  /** Closes every side connection still open; resolves once their sockets are gone. */
  close(): Promise<void>;
};

const CONNECT_TIMEOUT_MS = 2000;
const CLOSE_WAIT_MS = 1000;

/**
 * Opens the connections one after another, each taking all its steps before the next opens, so
 * the server sees them in the order written. `timeoutMs` bounds each step (a pause or an await
 * for its own length on top); a step that does not finish in time leaves the connection as it is.
 */
export async function openSideConnections(host: string, port: number, specs: readonly SideSpec[], timeoutMs: number): Promise<SideConnections> {
  const opened: Side[] = [];
  const close = async (): Promise<void> => {
    await Promise.all(opened.map((s) => s.close()));
  };
  for (const spec of specs) {
    const side = new Side(host, port);
    opened.push(side);
    const failure = await side.run(spec.steps, timeoutMs);
    if (failure !== null) return { failure: `connection ${spec.name} (before): ${failure}`, close };
  }
  return { failure: null, close };
}

class Side {
  private readonly socket = new net.Socket({ allowHalfOpen: true });
  private readonly reader = new ResponseReader();
  /** Reading feeds the reader only while steps may await a head; afterwards bytes are dropped. */
  private feeding = true;
  private end: ConnectionEnd = 'open';
  private readonly listeners = new Set<() => void>();
  private closed = false;

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {
    this.socket.on('data', (chunk: Buffer) => {
      if (this.feeding) this.reader.feed(chunk);
      this.wake();
    });
    this.socket.on('end', () => this.ended('closed'));
    // A reset or a failed write is the server's business here; the socket is done either way.
    this.socket.on('error', () => this.ended('reset'));
    this.socket.on('close', () => {
      this.closed = true;
      this.ended(this.end === 'open' ? 'closed' : this.end);
    });
  }

  /** Connects and takes the steps; a connect failure is returned, anything later is not. */
  async run(steps: readonly WireStep[], timeoutMs: number): Promise<string | null> {
    const connectError = await this.connect();
    if (connectError !== null) return connectError;
    for (const step of steps) {
      if (this.end !== 'open') break;
      switch (step.kind) {
        case 'write':
          await this.until(timeoutMs, (done) => this.socket.write(step.bytes, () => done()));
          break;
        case 'pause':
          await sleep(step.ms);
          break;
        case 'await-head': {
          const base = this.reader.headCount();
          await this.until(step.maxMs, (done) => this.onChange(() => this.reader.headCount() > base || this.end !== 'open', done));
          break;
        }
        case 'close':
          if (step.how === 'fin') this.socket.end();
          else resetSocket(this.socket);
          break;
      }
    }
    this.feeding = false;
    return null;
  }

  close(): Promise<void> {
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
      const timer = setTimeout(() => finish(`could not connect within ${CONNECT_TIMEOUT_MS} ms`), CONNECT_TIMEOUT_MS);
      const onError = (err: NodeJS.ErrnoException): void => finish(`could not connect: ${err.code ?? err.message}`);
      const finish = (failure: string | null): void => {
        clearTimeout(timer);
        this.socket.off('error', onError);
        resolve(failure);
      };
      this.socket.once('error', onError);
      this.socket.connect({ host: this.host, port: this.port, noDelay: true }, () => finish(null));
    });
  }

  private ended(how: ConnectionEnd): void {
    if (this.end === 'open') this.end = how;
    this.wake();
  }

  private wake(): void {
    for (const listener of [...this.listeners]) listener();
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
        if (this.end !== 'open') done();
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
