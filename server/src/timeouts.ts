// How long a connection may take at each stage. A single sweeper checks the deadlines (see
// server.ts), so a request costs a property write instead of a timer.

export type Timeouts = {
  /** From the first octet of a request until its header section is complete (slowloris bound). */
  headersMs: number;
  /** A kept-alive connection with no request in progress. */
  idleMs: number;
  /**
   * How long a request body may go without progress: it starts when the head is read, and each
   * read adds time in proportion to its size (see minBodyRate), never past this much from now.
   */
  bodyMs: number;
  /**
   * Octets a second a body must average to keep its deadline ahead (a trickle of one octet every
   * few seconds, the slow-body attack, runs out after bodyMs); 0 makes every read reset the
   * deadline to bodyMs from now.
   */
  minBodyRate: number;
  /** The longest the client may leave our writes unread. */
  sendMs: number;
  /** After our FIN: how long we keep reading and discarding before we give up on the peer. */
  lingerMs: number;
  /** On shutdown: how long in-flight responses get before connections are cut. */
  shutdownMs: number;
};

export const DEFAULT_TIMEOUTS: Timeouts = {
  headersMs: 10_000,
  idleMs: 5_000,
  bodyMs: 10_000,
  minBodyRate: 500,
  sendMs: 30_000,
  lingerMs: 2_000,
  shutdownMs: 5_000,
};

/** The sweeper's period: deadlines are honoured to within this much. */
export const SWEEP_INTERVAL_MS = 250;
