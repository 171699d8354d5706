// SIGTERM to the CLI while a slow client is in the middle of a 10 MiB download: the server stops
// accepting, lets that download finish (with `Connection: close` already sent or the close after
// it), closes the idle keep-alive connection at once, and exits 0.

import { execa } from 'execa';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it, vi } from 'vitest';

import { ensureFixtures } from '../../conformance/src/fixtures/ensure-fixtures.ts';
import { bundled } from '../../conformance/src/targets/bundle.ts';
import { BUNDLED_ENTRIES } from '../../conformance/test/support/bundled-entries.ts';
import { parseResponses } from './support/raw-client.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = BUNDLED_ENTRIES.referenceServer;
const LARGE = 10 * 1024 * 1024;

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
}

/** Reads slowly: at most `perTick` octets every `tickMs`, until the connection ends. */
function slowRead(
  s: net.Socket,
  perTick: number,
  tickMs: number,
  progress: { bytes: number },
): Promise<{ data: Buffer; end: 'closed' | 'reset' }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let budget = perTick;
    const timer = setInterval(() => {
      budget = perTick;
      s.resume();
    }, tickMs);
    s.on('data', (d: Buffer) => {
      chunks.push(d);
      progress.bytes += d.length;
      budget -= d.length;
      if (budget <= 0) s.pause();
    });
    const done = (end: 'closed' | 'reset'): void => {
      clearInterval(timer);
      resolve({ data: Buffer.concat(chunks), end });
    };
    s.on('error', () => done('reset'));
    s.on('end', () => done('closed'));
  });
}

describe('SIGTERM', () => {
  it('finishes a slow 10 MiB download in flight, closes idle connections, refuses new ones, exits 0', async () => {
    const { docroot } = await ensureFixtures();
    const child = execa(process.execPath, [await bundled(CLI), '--port', '0', '--root', docroot], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
      buffer: false,
      reject: false,
      // The test sends its own signals and waits for the server's own way out.
      forceKillAfterDelay: false,
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), 25_000);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /listening on http:\/\/127\.0\.0\.1:(\d+)\n/.exec(out);
          if (m) resolve(Number(m[1]));
        });
        void exited.then((code) => reject(new Error(`exited early (${code}): ${stderr}`)));
      });

      // An idle keep-alive connection, after one exchange.
      const idle = await connect(port);
      const idleClosed = new Promise<number>((resolve) => {
        idle.on('data', () => {});
        idle.on('error', () => {});
        idle.on('close', () => resolve(Date.now()));
      });
      idle.write('GET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n');

      // The slow download: about 8 MiB/s, so over a second in flight when SIGTERM arrives.
      const slow = await connect(port);
      const progress = { bytes: 0 };
      const download = slowRead(slow, 256 * 1024, 30, progress);
      slow.write('GET /large.bin HTTP/1.1\r\nHost: x\r\n\r\n');
      await vi.waitFor(() => expect(progress.bytes).toBeGreaterThan(0), { timeout: 5000, interval: 10 });

      const signalled = Date.now();
      child.kill('SIGTERM');
      // The download really is in flight: most of it is still to come.
      expect(progress.bytes).toBeGreaterThan(0);
      expect(progress.bytes).toBeLessThan(LARGE / 2);
      // The idle connection is closed once the server has stopped accepting (close() does both
      // at once), so by then a new connection is refused (or closed at once without an answer).
      const idleAt = await idleClosed;
      const late = await new Promise<string>((resolve) => {
        const s = net.connect(port, '127.0.0.1');
        let got = '';
        s.on('data', (d: Buffer) => (got += d.toString('latin1')));
        s.on('connect', () => s.write('GET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n'));
        s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
        s.on('close', () => resolve(got === '' ? 'closed without an answer' : got));
      });
      expect(['ECONNREFUSED', 'ECONNRESET', 'closed without an answer']).toContain(late);

      expect(idleAt - signalled).toBeLessThan(1000);
      const { data, end } = await download;
      const [response] = parseResponses(data);
      expect(response?.status).toBe(200);
      expect(response?.complete).toBe(true);
      expect(response?.body.length).toBe(LARGE);
      expect(end).toBe('closed');
      expect(await exited).toBe(0);
      expect(stderr).toBe('');
    } finally {
      clearTimeout(killer);
      child.kill('SIGKILL');
    }
  }, 30_000);
});
