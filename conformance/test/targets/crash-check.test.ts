// The crash check after a suspicious case waits a moment for the server's exit to be reported. A
// starved event loop (a loaded machine, other work in the same process) runs the expired timer of
// that wait before it reads the exit already waiting for it: the crash went unseen, the case that
// caused it was judged on its bytes alone (a SHOULD case warned where the crash is a fail), and the
// next case was blamed for nothing and carried a note. fragile-servers.test failed so in a
// clean-clone CI run.

import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { commandTarget } from '../../src/targets/command-target.ts';
import { listeningSockets, PROC_NET } from '../../src/targets/proc-net.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CRASHES_ON_CHUNKED = path.resolve(HERE, '../compare/servers/crashes-on-chunked.py');
const DOCROOT = path.resolve(HERE, '../../../cases/fixtures/docroot');

/** Holds the event loop, as a starved or busy process does. */
function hold(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe.runIf(PROC_NET)('the crash check on a starved event loop', () => {
  it('sees an exit that happened before its wait ran out', async () => {
    const t = await commandTarget({ command: `python3 ${CRASHES_ON_CHUNKED} {port} {docroot}`, docroot: DOCROOT, readyTimeoutMs: 10_000 });
    try {
      const s = net.connect(t.port, '127.0.0.1');
      s.on('error', () => {});
      await new Promise((r) => s.once('connect', r));
      // Any Transfer-Encoding ends its process: it dies while the loop is held, and its exit
      // waits to be read.
      s.write('POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n');
      // Held until its listener is gone (read from /proc, without the loop; at most 10 s).
      const started = performance.now();
      while (listeningSockets(4).some((l) => l.port === t.port) && performance.now() - started < 10_000);
      const checked = t.checkCrashed(300);
      hold(500);
      expect(await checked).toMatchObject({ exitCode: 1 });
    } finally {
      await t.stop();
    }
  });
});
