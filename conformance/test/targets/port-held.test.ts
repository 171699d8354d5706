// A port is "held" while any TCP socket has it as its local port, TIME_WAIT included: a server
// without SO_REUSEADDR could not bind it. Asked of `ss` (one port, filtered in the kernel) and of
// the whole /proc table (the fallback); both must say the same.

import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../src/targets/free-port.ts';
import { portHeld } from '../../src/targets/port-held.ts';
import { heldPorts, PROC_NET } from '../../src/targets/proc-net.ts';

describe.runIf(PROC_NET)('portHeld', () => {
  it('is true while a socket listens on the port, and while the connection it closed first waits in TIME_WAIT', async () => {
    // The server closes first, so the TIME_WAIT socket is the server's, on its port.
    const server = net.createServer((s) => s.end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    expect(await portHeld(port)).toBe(true);
    expect(heldPorts().has(port)).toBe(true);
    const client = net.connect(port, '127.0.0.1');
    client.resume();
    await new Promise<void>((r) => client.on('close', () => r()));
    await new Promise<void>((r) => server.close(() => r()));
    // Nothing listens any more; the closed connection still holds the port.
    expect(await portHeld(port)).toBe(true);
    expect(heldPorts().has(port)).toBe(true);
  });

  it('is false for the port freePort hands out', async () => {
    const port = await freePort();
    expect(await portHeld(port)).toBe(false);
    expect(heldPorts().has(port)).toBe(false);
  });
});
