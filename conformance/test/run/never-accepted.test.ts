// A case whose connection the server never accepted (its listen queue full: a small pool busy with
// other cases) asked the server nothing. When its outcomes allowed silence it passed on that
// silence, so the schedule saw no timeout to re-run alone and the server got a verdict for a
// request it never received (small-pool.test failed so beside the whole suite). It is a timeout
// that says no connection was made, which the schedule re-runs alone.

import { execa, type ResultPromise } from 'execa';
import { once } from 'node:events';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCaseFile } from '../../src/case/parse-file.ts';
import { runCase } from '../../src/run/run-case.ts';
import { idleHeadCase } from '../support/cli.ts';
import { runContext } from '../support/run-context.ts';

const SILENCE_ALLOWED = `area: limits
cases:
${idleHeadCase('idle-head')}`;

const held: Array<ResultPromise | net.Socket> = [];
afterEach(() => {
  for (const h of held.splice(0)) h instanceof net.Socket ? h.destroy() : h.kill('SIGKILL');
});

/** A port whose listen queue is full: a listener that never accepts, with connections waiting in it. */
async function fullQueue(): Promise<number> {
  const child = execa('python3', ['-c', 'import socket, time\ns = socket.socket()\ns.bind(("127.0.0.1", 0))\ns.listen(0)\nprint(s.getsockname()[1], flush=True)\ntime.sleep(60)'], { buffer: false, reject: false });
  held.push(child);
  const port = await new Promise<number>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
  // With a backlog of 0 the queue holds one connection: once the first is in, it is full (the
  // others' SYNs are dropped, and so will the case's be).
  const sockets = [0, 1, 2].map(() => net.connect(port, '127.0.0.1').on('error', () => {}));
  held.push(...sockets);
  await once(sockets[0]!, 'connect');
  return port;
}

describe('a case whose connection was never accepted', () => {
  it('is a timeout that says so, not a pass on silence', async () => {
    const port = await fullQueue();
    const { cases } = parseCaseFile('t.yaml', SILENCE_ALLOWED);
    const result = await runCase(cases[0]!, { kind: 'as-written' }, runContext(port, 500));
    expect(result.wire.some((w) => w.kind === 'write')).toBe(false);
    expect(result).toMatchObject({ status: 'timeout', matched: null, message: 'no connection within 500 ms: the server never accepted it, so nothing was sent' });
  });
});
