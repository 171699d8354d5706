import net from 'node:net';

/** One connection attempt: resolves with null on success or the error code on failure. */
export function tryConnect(host: string, port: number, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => finish('ETIMEDOUT'), timeoutMs);
    function finish(code: string | null): void {
      clearTimeout(timer);
      socket.destroy();
      resolve(code);
    }
    socket.once('connect', () => finish(null));
    socket.once('error', (e: NodeJS.ErrnoException) => finish(e.code ?? 'ECONNREFUSED'));
  });
}

/**
 * Polls until the port accepts connections. `gaveUp` is checked between attempts so a server
 * that exits early ends the wait at once instead of at the deadline.
 */
export async function waitUntilAccepting(
  host: string,
  port: number,
  deadlineMs: number,
  gaveUp: () => boolean = () => false,
): Promise<string | null> {
  const end = Date.now() + deadlineMs;
  let last: string | null = 'ETIMEDOUT';
  while (Date.now() < end && !gaveUp()) {
    last = await tryConnect(host, port, Math.min(1000, Math.max(50, end - Date.now())));
    if (last === null) return null;
    await new Promise((r) => setTimeout(r, 50));
  }
  return gaveUp() ? 'EXITED' : last;
}
