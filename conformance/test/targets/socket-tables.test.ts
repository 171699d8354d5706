// Which of the kernel's socket tables a server's start reads. The IPv6 table is read to its end
// (a walk of the whole established hash, 5.5 ms of system time here, whatever it holds), so a
// server listening on IPv4 must start, be checked and stop without it; one listening on `::`
// (one IPv6 socket that IPv4 connections reach) must still be found ready.

import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { commandTarget } from '../../src/targets/command-target.ts';
import { PROC_NET, TABLE_READS } from '../../src/targets/proc-net.ts';
import { tryConnect } from '../../src/targets/wait-ready.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SERVERS = path.resolve(HERE, '../servers');
const CRASHES_ON_CHUNKED = path.resolve(HERE, '../compare/servers/crashes-on-chunked.py');
const DOCROOT = path.resolve(HERE, '../../../cases/fixtures/docroot');

describe.runIf(PROC_NET)('the socket tables a start reads', () => {
  it('a server on 127.0.0.1 starts, crashes, is started again and stops without a read of the IPv6 table', async () => {
    const before = { ...TABLE_READS };
    const t = await commandTarget({ command: `python3 ${CRASHES_ON_CHUNKED} {port} {docroot}`, docroot: DOCROOT, readyTimeoutMs: 10_000 });
    try {
      expect(await t.checkCrashed(0)).toBeNull();
      // Any Transfer-Encoding ends its process.
      const s = net.connect(t.port, '127.0.0.1');
      s.on('error', () => {});
      s.end('POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n');
      await vi.waitFor(async () => expect(await t.checkCrashed(200)).not.toBeNull(), { timeout: 10_000 });
      expect(await tryConnect('127.0.0.1', t.port, 2000)).toBeNull();
    } finally {
      await t.stop();
    }
    expect(TABLE_READS[4]).toBeGreaterThan(before[4]);
    expect(TABLE_READS[6]).toBe(before[6]);
  });

  it('a server holding a Unix socket while it starts reads the IPv6 table on every fourth look, not on each', async () => {
    const before = TABLE_READS[6];
    const t = await commandTarget({ command: `python3 ${SERVERS}/socketpair-first.py {port} {docroot}`, docroot: DOCROOT, readyTimeoutMs: 10_000 });
    try {
      expect(await tryConnect('127.0.0.1', t.port, 2000)).toBeNull();
    } finally {
      await t.stop();
    }
    // Half a second of looks 25 ms apart: some 20, of which five at most read IPv6.
    expect(TABLE_READS[6] - before).toBeGreaterThan(0);
    expect(TABLE_READS[6] - before).toBeLessThanOrEqual(6);
  });

  it('a server on :: (dual stack) is found ready, from the IPv6 table', async () => {
    const before = TABLE_READS[6];
    const t = await commandTarget({ command: `python3 ${SERVERS}/dual-stack.py {port} {docroot}`, docroot: DOCROOT, readyTimeoutMs: 10_000 });
    try {
      expect(TABLE_READS[6]).toBeGreaterThan(before);
      expect(await tryConnect('127.0.0.1', t.port, 2000)).toBeNull();
    } finally {
      await t.stop();
    }
  });
});
