// How a connection ended, once the stream has: Linux reports a reset to a reader as a plain end of
// stream once what arrived before it has been read; the reset shows only to a write. A write of no
// bytes sends nothing (it cannot provoke a reset of its own) and fails only on a reset, which tells
// a server that closed with input unread (its kernel resets, which can destroy its last answer,
// RFC 9112 §9.6) from one that sent a FIN. Used by the exchange and by the `before:` connections.

import type net from 'node:net';

const NO_BYTES = Buffer.alloc(0);
/** How long the write of no bytes may wait behind queued writes before the end is taken as a FIN. */
export const END_PROBE_MS = 50;

/** Starts the caller's timer (which the caller clears with its others when it is done). */
type Timer = (ms: number, fn: () => void) => void;

/**
 * Called at the socket's 'end': `decided` is called once, with 'reset' when the write of no bytes
 * fails and 'closed' when it succeeds. On an idle socket the answer comes at once; behind a write
 * still queued (a server that stopped reading) it may not come at all, and after END_PROBE_MS the
 * end is taken as a FIN. The socket's 'error' event fires too on a reset: while probing, the caller
 * reads it as the reset it is (whichever of the two comes first decides).
 */
export function probeEnd(socket: net.Socket, decided: (how: 'closed' | 'reset') => void, timer: Timer): void {
  let done = false;
  const decide = (how: 'closed' | 'reset'): void => {
    if (done) return;
    done = true;
    decided(how);
  };
  socket.write(NO_BYTES, (err) => decide(err ? 'reset' : 'closed'));
  timer(END_PROBE_MS, () => decide('closed'));
}

/** Whether the socket can still take the write that probes its end (neither ended by us nor gone). */
export function canProbeEnd(socket: net.Socket | null): socket is net.Socket {
  return socket !== null && !socket.writableEnded && !socket.destroyed;
}
