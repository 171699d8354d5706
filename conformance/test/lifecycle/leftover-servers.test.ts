// The suite's own teardown (support/leftover-servers.ts): it kills the servers the harness started
// under this suite's mark, and nothing of a suite running beside it.

import { execa } from 'execa';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { PROC_NET } from '../../src/targets/proc-net.ts';
import { TOKEN_VARIABLE } from '../../src/targets/process-tree.ts';
import { SUITE_VARIABLE, killServersMarked, serversMarked } from '../support/leftover-servers.ts';

const started: Array<ReturnType<typeof execa>> = [];

function sleeper(env: Record<string, string>) {
  const child = execa('sleep', ['60'], { env, reject: false, detached: true });
  started.push(child);
  return child;
}

afterEach(() => {
  for (const c of started.splice(0)) c.kill('SIGKILL');
});

describe.runIf(PROC_NET)('the leftover-server teardown', () => {
  it('the test workers carry the suite mark, so what they start does too', () => {
    expect(process.env[SUITE_VARIABLE]).toMatch(/^\d+-[0-9a-f-]{36}$/);
  });

  it('kills the marked servers only: not another suite\'s, not a marked process the harness did not start', async () => {
    const ours = `test-${randomUUID()}`;
    const theirs = `test-${randomUUID()}`;
    const server = sleeper({ [SUITE_VARIABLE]: ours, [TOKEN_VARIABLE]: 'a' });
    const beside = sleeper({ [SUITE_VARIABLE]: theirs, [TOKEN_VARIABLE]: 'b' });
    const helper = sleeper({ [SUITE_VARIABLE]: ours });
    await expect.poll(() => serversMarked(ours).map((p) => p.pid)).toEqual([server.pid]);

    expect(killServersMarked(ours)).toEqual([{ pid: server.pid, command: 'sleep 60' }]);
    expect((await server).signal).toBe('SIGKILL');
    expect(serversMarked(theirs).map((p) => p.pid)).toEqual([beside.pid]);
    expect([beside.exitCode, beside.signalCode, helper.exitCode, helper.signalCode]).toEqual([null, null, null, null]);
  });
});
