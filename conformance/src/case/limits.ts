// Bounds the loader enforces so that a typo (an extra zero) or a hostile case file cannot make a
// run hang or eat memory: every one is checked by `--lint` and named with its file:line.

/** Longest pause, await and per-case timeout, in ms. */
export const MAX_MS = 60_000;

/** `await: head` waits this long when the step gives no `max`. */
export const DEFAULT_AWAIT_MS = 2_000;

/** Largest single write (text plus repetitions), placeholders counted at their largest. */
export const MAX_WRITE_BYTES = 16 * 1024 * 1024;

/**
 * Everything one case sends, together: its own writes, and each `before:` connection's writes
 * times its `count` (a flood). The largest corpus case sends about 10 MiB; writes are generated
 * as they are sent, so this bounds time on the wire, not memory.
 */
export const MAX_CASE_BYTES = 64 * 1024 * 1024;

/** Steps of one connection once step repetitions (`times`/`steps`) are unrolled. */
export const MAX_STEPS = 1000;

/** Largest case file: long runs of one octet are written as `{ repeat, times }`, not typed out. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;

/**
 * What a placeholder may count for in the size checks, before the target's values are known:
 * `{host}` is at most `255.255.255.255:65535`, and `{canary}` a request carrying it. `{etag}`
 * and `{last-modified}` come from the target; the plan checks the real sizes again.
 */
export const PLACEHOLDER_BUDGET_BYTES = 128;
