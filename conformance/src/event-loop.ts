// What the event loop has already been told but not yet read: a socket's bytes, a child's exit.
// Both are read in its poll phase, which a starved loop reaches only after it has run the timers
// that expired meanwhile; a wait that ended on such a timer reads them with one more poll.

/**
 * Resolves after the event loop has polled once more: a check-phase callback that queues another
 * runs after the next poll phase, where readable sockets and reported exits are read.
 */
export function throughPollPhase(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}
