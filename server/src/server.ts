// The reference server: a raw `node:net` listener handing each socket to a Connection, one
// sweeper for all the deadlines, and a shutdown that lets in-flight responses finish.

import net from 'node:net';

import { Connection } from './connection.ts';
import { DEFAULT_MAX_CONNECTIONS, refuseOverCapacity } from './over-capacity.ts';
import type { Leniency } from './protocol/leniency.ts';
import { resolveLimits } from './protocol/limits.ts';
import type { ParserLimits } from './protocol/limits.ts';
import { SERVER_SEAMS } from './seams.ts';
import type { Seams } from './seams.ts';
import { StaticFiles } from './static-files.ts';
import { DEFAULT_TIMEOUTS, SWEEP_INTERVAL_MS } from './timeouts.ts';
import type { Timeouts } from './timeouts.ts';

export type ServerOptions = {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The docroot; nothing outside its real path is ever served. */
  root: string;
  limits?: Partial<ParserLimits>;
  timeouts?: Partial<Timeouts>;
  lenient?: Iterable<Leniency>;
  /** A body the answer does not need is read and dropped up to this size; beyond, the connection closes. */
  discardBodyBytes?: number;
  /**
   * Answers one connection may have waiting in the server for a client that pipelines without
   * reading them; past this, the connection is not read until they reach the kernel (default 64).
   */
  maxPipelined?: number;
  /** The largest body POST /echo accepts (413 beyond). */
  echoMaxBytes?: number;
  /** Open connections beyond this get a 503 and are closed (default 1000). */
  maxConnections?: number;
  /**
   * Parts replaced by server/variants/ to build a variant of this server (seams.ts); never set
   * by the server's own command line.
   */
  seams?: Partial<Seams>;
};

export type RunningServer = {
  port: number;
  host: string;
  /** `http://HOST:PORT`, IPv6 hosts in brackets. */
  address: string;
  /** Stops accepting, lets in-flight responses finish, closes idle connections. */
  close(): Promise<void>;
  /** Connections currently open (refused ones excluded). */
  connectionCount(): number;
  /** Octets of answers, over all connections, written but not yet taken by the kernel. */
  queuedOutputBytes(): number;
};

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_DISCARD_BODY_BYTES = 64 * 1024;
const DEFAULT_ECHO_MAX_BYTES = 1024 * 1024;
export const DEFAULT_MAX_PIPELINED = 64;

function listen(server: net.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    server.listen({ port, host, exclusive: true }, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

export function formatAddress(host: string, port: number): string {
  return host.includes(':') ? `http://[${host}]:${port}` : `http://${host}:${port}`;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_HOST;
  const seams: Seams = { ...SERVER_SEAMS, ...options.seams };
  const files = await StaticFiles.open(options.root, { servable: seams.servable });
  const timeouts: Timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  // Validated here so that a bad limit fails the start, not the first connection.
  const parser = { limits: resolveLimits(options.limits), lenient: new Set(options.lenient ?? []) };
  const routes = { files, echoMaxBytes: options.echoMaxBytes ?? DEFAULT_ECHO_MAX_BYTES, fileAnswer: seams.fileAnswer, selfHost: '' };
  const connections = new Set<Connection>();
  const maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  if (!Number.isSafeInteger(maxConnections) || maxConnections < 1) {
    throw new RangeError(`maxConnections must be a positive integer, got ${String(options.maxConnections)}`);
  }
  const maxPipelined = options.maxPipelined ?? DEFAULT_MAX_PIPELINED;
  if (!Number.isSafeInteger(maxPipelined) || maxPipelined < 1) {
    throw new RangeError(`maxPipelined must be a positive integer, got ${String(options.maxPipelined)}`);
  }
  let closing = false;
  let onDrained: (() => void) | null = null;

  // One connection at a time (a variant's admission): sockets accepted meanwhile wait here, unread.
  const waiting: net.Socket[] | null = seams.admission === 'one-at-a-time' ? [] : null;
  const serveNext = (): void => {
    let next: net.Socket | undefined;
    while ((next = waiting?.shift()) !== undefined) {
      if (next.destroyed) continue;
      next.removeAllListeners('error');
      next.resume();
      server.emit('connection', next);
      return;
    }
  };

  // allowHalfOpen: a client's FIN must not end our side before its responses are written.
  const server = net.createServer({ allowHalfOpen: true, noDelay: true });
  server.on('connection', (socket) => {
    if (closing) {
      socket.destroy();
      return;
    }
    if (waiting !== null && connections.size > 0) {
      socket.pause();
      socket.on('error', () => socket.destroy());
      waiting.push(socket);
      return;
    }
    if (connections.size >= maxConnections) {
      refuseOverCapacity(socket, maxConnections);
      return;
    }
    const connection = new Connection(socket, {
      routes,
      parser,
      timeouts,
      discardBodyBytes: options.discardBodyBytes ?? DEFAULT_DISCARD_BODY_BYTES,
      maxPipelined,
      seams,
      onClose: (c) => {
        connections.delete(c);
        if (connections.size === 0) onDrained?.();
        if (waiting !== null && !closing) serveNext();
      },
    });
    connections.add(connection);
  });
  // Accept errors (EMFILE and the like) must not crash the process; the listener carries on.
  server.on('error', () => {});

  await listen(server, options.port ?? 0, host);
  const bound = server.address() as net.AddressInfo;
  routes.selfHost = host.includes(':') ? `[${host}]:${bound.port}` : `${host}:${bound.port}`;

  const sweeper = setInterval(() => {
    const now = Date.now();
    for (const c of connections) c.checkTimeouts(now);
  }, SWEEP_INTERVAL_MS);
  sweeper.unref();

  let closed: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      closing = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of waiting?.splice(0) ?? []) socket.destroy();
      for (const c of connections) c.shutdown();
      if (connections.size > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, timeouts.shutdownMs);
          onDrained = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      // Whatever is still open after the grace period is cut.
      for (const c of connections) c.destroy();
      await stopped;
      clearInterval(sweeper);
    })();
    return closed;
  };

  const queuedOutputBytes = (): number => {
    let n = 0;
    for (const c of connections) n += c.queuedOutputBytes;
    return n;
  };

  return { port: bound.port, host, address: formatAddress(host, bound.port), close, connectionCount: () => connections.size, queuedOutputBytes };
}
