// A connection past the server's bound on open connections gets one 503 and is closed, instead
// of being accepted into the pool or dropped without a word. Its input is read and thrown away
// for a moment, so that closing does not turn into a reset that destroys the 503 unread.

import type { Socket } from 'node:net';

import { CONNECTION_CLOSE, errorResponse, serializeHead } from './response.ts';

// How long a refused connection may linger while the 503 is written and its input drained.
const REFUSED_LINGER_MS = 1000;

export const DEFAULT_MAX_CONNECTIONS = 1000;

// RFC 9110 §15.6.4: 503, the server is temporarily unable to handle the request (overloaded);
// Retry-After tells the client when to try again.
export function refuseOverCapacity(socket: Socket, maxConnections: number): void {
  const res = errorResponse(503, `more than ${maxConnections} open connections`, 'Retry-After: 1\r\n');
  socket.on('error', () => socket.destroy());
  socket.on('data', () => {});
  socket.end(Buffer.concat([Buffer.from(serializeHead(res.status, res.fields, CONNECTION_CLOSE), 'latin1'), res.body ?? Buffer.alloc(0)]));
  setTimeout(() => socket.destroy(), REFUSED_LINGER_MS).unref();
}
