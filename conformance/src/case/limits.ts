// Bounds the loader enforces so that a typo (an extra zero) cannot make a run hang or eat memory.

/** Longest pause, await and per-case timeout, in ms. */
export const MAX_MS = 60_000;

/** `await: head` waits this long when the step gives no `max`. */
export const DEFAULT_AWAIT_MS = 2_000;

/** Largest single write (text plus repetitions), before placeholders are expanded. */
export const MAX_WRITE_BYTES = 16 * 1024 * 1024;
