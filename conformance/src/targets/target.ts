// A target is where the cases go: a running server, or one the harness starts and watches.

export type CrashInfo = { exitCode: number | null; signal: string | null; outputTail: string };

export type Target = {
  kind: 'reference' | 'address' | 'command';
  host: string;
  port: number;
  /** For reports and reproduction lines: `127.0.0.1:8080`. */
  address: string;
  /** The command as given by the user (with placeholders), for command targets. */
  command?: string;
  /** The flags that point the harness at this same target again (for reproduction lines). */
  reproduceFlags: string;
  /**
   * Called after each case: null while the server is healthy; when a started server has died,
   * describes the crash and starts it again so the run can go on. A dying server closes its
   * sockets a moment before its exit is reported, so after a suspicious case the caller may
   * allow `waitMs` for the exit to show.
   */
  checkCrashed(waitMs?: number): Promise<CrashInfo | null>;
  stop(): Promise<void>;
};
