// Every server the harness started and has not stopped yet, so that an interrupt, a second
// Ctrl-C or any exit of the harness still stops them. Stopping takes time (TERM, a grace period,
// KILL); on the way out of the process only the synchronous KILL is possible, so that is the
// last resort the exit hook uses.

type Running = { stop(): Promise<unknown>; killNow(): void };

const running = new Set<Running>();
let hooked = false;

export function register(server: Running): () => void {
  running.add(server);
  if (!hooked) {
    hooked = true;
    process.on('exit', killAllNow);
  }
  return () => running.delete(server);
}

/** SIGKILL to every process of every started server, at once (no waiting, no reaping). */
export function killAllNow(): void {
  for (const s of running) s.killNow();
}

/** Stops every started server the ordinary way (TERM, grace, KILL, port check). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((s) => s.stop().catch(() => undefined)));
}

export function runningCount(): number {
  return running.size;
}
