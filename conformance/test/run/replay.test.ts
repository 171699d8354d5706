// Every crash, hang or timeout in a report can be replayed with its rerun line and gives the same
// verdict: a crash (a threaded server killed by TRACE) and a timeout (a server that never answers
// one kind of request) here; hang-detection.test.ts replays a hang.

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseResult } from '../../src/result/types.ts';
import { helloCase, scratchDir } from '../support/cli.ts';
import { scripted, type Scripted } from '../wire/scripted-server.ts';
import { replay, runHarness, student } from './fragile.ts';

const replayable = (r: CaseResult): boolean => r.status === 'timeout' || /^(server crashed|hung the server)/.test(r.message);
const kind = (r: CaseResult): string => `${r.status} ${/^(server crashed|hung the server|no connection|no response)/.exec(r.message)?.[0] ?? ''}`;

const servers: Scripted[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

describe('rerun lines', { timeout: 60_000 }, () => {
  it('replay a crash with the same verdict', async () => {
    const run = await runHarness(['--server', student('crashes-on-trace.py'), '--id', 'meth-trace', '--id', 'meth-get']);
    const cases = run.report.cases.filter(replayable);
    expect(cases.map(kind)).toEqual(['fail server crashed']);
    for (const c of cases) expect(kind(await replay(c)), c.id).toBe(kind(c));
  });

  it('replay a timeout with the same verdict (its --cases and --timeout go with it)', async () => {
    // Answers every request at once, except one carrying X-Stall, which it leaves unanswered.
    const server = await scripted((socket) => {
      socket.on('data', (d: Buffer) => {
        if (!d.includes('X-Stall')) socket.end('HTTP/1.1 200 OK\r\nContent-Length: 14\r\nConnection: close\r\n\r\nHello, world!\n');
      });
    });
    servers.push(server);
    const dir = await scratchDir('conformance-replay-');
    await writeFile(path.join(dir, 'stall.yaml'), `cases:\n${helloCase('stalled', { extraHead: 'X-Stall: 1' })}${helloCase('plain')}`);
    const run = await runHarness(['--target', `127.0.0.1:${server.port}`, '--cases', dir, '--timeout', '500']);
    const cases = run.report.cases.filter(replayable);
    expect(cases.map(kind)).toEqual(['timeout no response']);
    expect(run.byId.plain!.status).toBe('pass');
    for (const c of cases) expect(kind(await replay(c)), c.id).toBe(kind(c));
  });
});
