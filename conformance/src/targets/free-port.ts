import net from 'node:net';
import { portHeld } from './port-held.ts';

/**
 * A port that was free a moment ago on 127.0.0.1 (the OS picks it), with no socket on it at all:
 * not even one in TIME_WAIT, which a server without SO_REUSEADDR could not bind past.
 */
export async function freePort(): Promise<number> {
  let port = await pickPort();
  for (let i = 0; i < 20 && (await portHeld(port)); i++) port = await pickPort();
  return port;
}

function pickPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}
