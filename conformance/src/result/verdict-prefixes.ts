// The words a harness-made message starts with, read back by the digest, the grade labels, the
// health line and compare's findings: one spelling, so a reworded message cannot leave a reader
// matching the old one.

/** A case during which the server process died (and was restarted, when the harness started it). */
export const CRASHED = 'server crashed';
/** A case after which a fresh GET got no answer: the server answered no one until restarted. */
export const HUNG = 'hung the server';
/** The prefix every verdict-less case's message starts with. */
export const NOT_RUN = 'not run:';
