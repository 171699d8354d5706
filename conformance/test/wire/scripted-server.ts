// Small raw-TCP peers for the client tests: each test scripts what its server does with a
// connection. Everything is bound to 127.0.0.1, port 0, and torn down by `close()`.

import net from 'node:net';

export type Scripted = {
  port: number;
  /** Sockets the server accepted, in order. */
  sockets: net.Socket[];
  /** Destroys every accepted socket and waits until they are closed. */
  dropConnections(): Promise<void>;
  /** Drops the connections and closes the server. */
  close(): Promise<void>;
};

export async function scripted(onConnection: (socket: net.Socket) => void): Promise<Scripted> {
  const sockets: net.Socket[] = [];
  // `socket.closed` turns true before the handle is released; the 'close' event marks the release.
  const released = new Map<net.Socket, Promise<unknown>>();
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    sockets.push(socket);
    released.set(socket, new Promise((resolve) => socket.once('close', resolve)));
    socket.on('error', () => {});
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const dropConnections = async (): Promise<void> => {
    for (const s of sockets) s.destroy();
    await Promise.all(released.values());
  };
  return {
    port,
    sockets,
    dropConnections,
    close: async () => {
      await dropConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port nothing listens on: bound once, then released. */
export { freePort } from '../../src/targets/free-port.ts';

/** Handles that would keep the process alive, by kind (sockets, servers, timers). */
export function openHandles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}
