// freePort relies on the kernel never handing out, for a bind to port 0, a port that a socket in
// TIME_WAIT still holds (a server without SO_REUSEADDR could not bind it). Shown here against the
// TIME_WAIT sockets of a thousand connections this test closed (they stay for a minute, longer
// than the test; other tests' may expire meanwhile, so only these count): picked at random, some
// ten of the picks would land on one of them.

import { readFileSync } from 'node:fs';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../src/targets/free-port.ts';
import { parseTable, PROC_NET, TCP_STATE } from '../../src/targets/proc-net.ts';

const CONNECTIONS = 1000;
const PICKS = 300;

/** The local ports of the IPv4 sockets in TIME_WAIT now. */
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
    const ours = new Set<number>();
    try {
      // The client closes first, so each connection leaves its ephemeral port in TIME_WAIT.
      for (let i = 0; i < CONNECTIONS; i++) {
        await new Promise<void>((resolve) => {
          const c = net.connect(port, '127.0.0.1', () => {
            ours.add(c.localPort!);
            c.end();
          });
          c.resume();
          c.once('close', () => resolve());
          c.once('error', () => resolve());
        });
      }
    } finally {
      server.close();
    }
    const waiting = timeWaitPorts();
    const held = new Set([...ours].filter((p) => waiting.has(p)));
    // The machine's ephemeral range is some 28,000 ports: picked at random, one pick in 28 would
    // be held.
    expect(held.size).toBeGreaterThan(CONNECTIONS / 2);
    const picked: number[] = [];
    for (let i = 0; i < PICKS; i++) picked.push(await freePort());
    expect(picked.filter((p) => held.has(p))).toEqual([]);
  }, 30_000);
});
