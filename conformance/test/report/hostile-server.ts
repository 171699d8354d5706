// A raw-TCP server whose answers are hostile to report writers: markup, a `</script>`, NUL and
// other bytes XML forbids, backticks and pipes. Bound to 127.0.0.1, port 0; `close()` tears down.

import net from 'node:net';

export const EVIL_HEADER = '<script>alert(1)</script>';
export const EVIL_BODY = '</script><script>alert("pwned")</script>\x00\x01\x1b ]]> <!-- `code` | a|b & &amp;';

export type Hostile = { port: number; close(): Promise<void> };

export async function hostileServer(): Promise<Hostile> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let head = '';
    socket.on('data', (chunk) => {
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) return;
      const target = head.split(' ')[1] ?? '/';
      head = '';
      if (target === '/slow') return; // never answers: the case times out
      const [status, body] =
        target === '/hello.txt' ? ['200 OK', 'Hello, world!\n'] : target === '/evil' ? ['200 <b>OK</b>', EVIL_BODY] : ['404 Not Found', '<img src=x onerror=alert(1)>'];
      socket.end(`HTTP/1.1 ${status}\r\nX-Evil: ${EVIL_HEADER}\r\nContent-Length: ${Buffer.byteLength(body, 'latin1')}\r\nConnection: close\r\n\r\n${body}`, 'latin1');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
