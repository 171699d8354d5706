/** Where the CLI writes: the process's streams, or a test's collectors. */
export type Out = { write(s: string): unknown; isTTY?: boolean };
export type Io = {
  out: Out;
  err: Out;
  env: NodeJS.ProcessEnv;
  /** Aborted by SIGINT, SIGTERM or SIGHUP (the reason is the signal's name): end the run cleanly. */
  interrupt?: AbortSignal;
};
