// A case that floods the server (a `before:` connection with a count) runs on its own, after the
// others: a server that records when each connection opened and closed sees no other case's
// connection open while the flood's idle connections are held. The flood is first in the file,
// so run among the others it would start with them.

import { writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helloCase, readReportIn, runCli, scratchDir } from '../support/cli.ts';

type Seen = { openedAt: number; closedAt: number; sentData: boolean };

const FLOOD_CASE = `  - id: x-flood
    title: GET while 30 idle connections are held
    area: connection
    rfc: RFC 9112 §9.4
    quote: Note that a server might reject traffic that it deems abusive.
    level: robustness
    before:
      - name: idle
        count: 30
    send: ["GET /hello.txt HTTP/1.1\\r\\nHost: {host}\\r\\n\\r\\n"]
    expect:
      - responses: [{ status: 200 }]
`;

describe('a flood runs alone', () => {
  const seen: Seen[] = [];
  let server: net.Server;
  let port = 0;

  beforeAll(async () => {
    // Answers every request head with a small 200 and keeps the connection; records each one.
    server = net.createServer((socket) => {
      const s: Seen = { openedAt: performance.now(), closedAt: Infinity, sentData: false };
      seen.push(s);
      let buffered = '';
      socket.on('data', (d: Buffer) => {
        s.sentData = true;
        buffered += d.toString('latin1');
        while (buffered.includes('\r\n\r\n')) {
          buffered = buffered.slice(buffered.indexOf('\r\n\r\n') + 4);
          socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
        }
      });
      socket.on('error', () => {});
      socket.on('close', () => (s.closedAt = performance.now()));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(() => {
    server.close();
  });

  it('no other case opens a connection while the flood holds its own', async () => {
    const dir = await scratchDir('conformance-flood-alone-');
    const others = Array.from({ length: 24 }, (_, i) => helloCase(`x-get-${i}`, { area: 'connection' })).join('');
    await writeFile(path.join(dir, 'cases.yaml'), `cases:\n${FLOOD_CASE}${others}`);
    const { code, err } = await runCli(['--target', `127.0.0.1:${port}`, '--cases', dir, '--out', dir, '--reporter', 'json', '--concurrency', '8']);
    expect(err).toBe('');
    const report = await readReportIn(dir);
    expect(report.cases.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.message}`)).toEqual([]);
    expect(code).toBe(0);

    // The harness's own probes of the target also open connections that send nothing, before
    // any case: the flood is the last thirty.
    const idle = seen.filter((s) => !s.sentData).slice(-30);
    expect(idle).toHaveLength(30);
    const from = Math.min(...idle.map((s) => s.openedAt));
    const until = Math.max(...idle.map((s) => s.closedAt));
    // Opened while the flood was held: only the flood case's own connection.
    const during = seen.filter((s) => s.sentData && s.openedAt > from && s.openedAt < until);
    expect(during).toHaveLength(1);
  });
});
