// freePort relies on the kernel never handing out, for a bind to port 0, a port that a socket in
// TIME_WAIT still holds (a server without SO_REUSEADDR could not bind it). Shown here against the
// TIME_WAIT sockets of a few thousand closed connections: picked at random, hundreds of picks
// would land on one of them.

import { readFileSync } from 'node:fs';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../src/targets/free-port.ts';
import { parseTable, PROC_NET, TCP_STATE } from '../../src/targets/proc-net.ts';

const CONNECTIONS = 3000;
const PICKS = 600;

/** The local ports of the IPv4 sockets in TIME_WAIT now (they stay for a minute). */
function timeWaitPorts(): Set<number> {
  return new Set(parseTable(readFileSync('/proc/net/tcp', 'latin1'), 4).filter((s) => s.state === TCP_STATE.timeWait).map((s) => s.port));
}

describe.runIf(PROC_NET)('freePort', () => {
  it(`never hands out a port held in TIME_WAIT (${CONNECTIONS} closed connections, ${PICKS} picks)`, async () => {
    const server = net.createServer((s) => {
      s.resume();
      s.on('end', () => s.end());
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as net.AddressInfo;
    try {
      // The client closes first, so each connection leaves its ephemeral port in TIME_WAIT.
      for (let i = 0; i < CONNECTIONS; i++) {
        await new Promise<void>((resolve) => {
          const c = net.connect(port, '127.0.0.1', () => c.end());
          c.resume();
          c.once('close', () => resolve());
          c.once('error', () => resolve());
        });
      }
    } finally {
      server.close();
    }
    const held = timeWaitPorts();
    // The machine's ephemeral range is some 28,000 ports: picked at random, about one pick in ten
    // would be held.
    expect(held.size).toBeGreaterThanOrEqual(CONNECTIONS);
    const picked: number[] = [];
    for (let i = 0; i < PICKS; i++) picked.push(await freePort());
    expect(picked.filter((p) => held.has(p))).toEqual([]);
  }, 30_000);
});
