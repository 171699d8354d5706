import type net from 'node:net';

/** Abort with RST (SO_LINGER 0); a socket that is already gone is left alone. */
export function resetSocket(socket: net.Socket): void {
  try {
    socket.resetAndDestroy();
  } catch {
    // not connected (or already destroyed): resetAndDestroy refuses, destroy does what is left
    socket.destroy();
  }
}
