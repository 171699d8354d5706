import net from 'node:net';

/**
 * A port that was free a moment ago on 127.0.0.1, with no socket on it at all: not even one in
 * TIME_WAIT, which a server without SO_REUSEADDR could not bind past. The kernel sees to that
 * itself: a bind to port 0 takes only a port on which no socket is bound at that address,
 * TIME_WAIT included (Linux since 4.6; free-port.test.ts checks it with thousands of closed
 * connections). Asking `ss` about each pick as well cost some 10 ms of CPU a server start.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}
