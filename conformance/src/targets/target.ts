// A target is where the cases go: a running server, or one the harness starts and watches.

export type CrashInfo = { exitCode: number | null; signal: string | null; outputTail: string };

export type Target = {
  kind: 'reference' | 'address' | 'command';
  host: string;
  /** The port now: a started server brought back after a crash may listen on a fresh one. */
  readonly port: number;
  /** For reports and reproduction lines: `127.0.0.1:8080` (the current port). */
  readonly address: string;
  /** The command as given by the user (with placeholders), for command targets. */
  command?: string;
  /** The flags that point the harness at this same target again (for reproduction lines). */
  reproduceFlags: string;
  /** Whether `restart` can bring the server back (false for a server someone else started). */
  canRestart: boolean;
  /**
   * Called after each case: null while the server is healthy; when a started server has died,
   * describes the crash and starts it again so the run can go on. A dying server closes its
   * sockets a moment before its exit is reported, so after a suspicious case the caller may
   * allow `waitMs` for the exit to show. Throws ServerStartError when it cannot come back.
   */
  checkCrashed(waitMs?: number): Promise<CrashInfo | null>;
  /**
   * Stops every process of the server and starts it again (a hung server, say), on a fresh
   * port: read `port` again afterwards. Throws
   * ServerStartError when it cannot come back (its message says why, in one line).
   */
  restart(reason: string): Promise<void>;
  /** Stops the server; resolves with one line naming what still listens or runs, if anything does. */
  stop(): Promise<string | null>;
};
