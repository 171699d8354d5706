import { execa } from 'execa';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { bundled } from '../../conformance/src/targets/bundle.ts';
import { BUNDLED_ENTRIES } from '../../conformance/test/support/bundled-entries.ts';
import { parseArgs } from '../src/cli-flags.ts';
import { finals, roundTrip } from './support/raw-client.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = BUNDLED_ENTRIES.referenceServer;
// What the harness starts (conformance/src/targets/bundle.ts); npx tsx and npm run serve have tests below.
const CLI_BUNDLE = await bundled(CLI);

type Run = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

// `npx` does not pass signals on to the server it started, so it runs in a process group of its
// own and signals go to the whole group. `direct` runs node on the bundle, as the harness does.
function runCli(
  args: string[],
  onLine?: (line: string, stop: () => void) => void,
  direct = false,
  timeoutMs = 20_000,
): Promise<Run> {
  return new Promise((resolve) => {
    const [cmd, pre] = direct ? [process.execPath, [CLI_BUNDLE]] : ['npx', ['tsx', CLI]];
    const child = execa(cmd, [...pre, ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], detached: !direct, buffer: false, reject: false, forceKillAfterDelay: false });
    const signal = (name: NodeJS.Signals): void => {
      try {
        if (direct) child.kill(name);
        else process.kill(-child.pid!, name);
      } catch {
        // Already gone.
      }
    };
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => signal('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d: Buffer) => {
      const before = stdout;
      stdout += d.toString();
      const lines = stdout.split('\n');
      const done = before.split('\n').length - 1;
      for (const line of lines.slice(done, -1)) onLine?.(line, () => signal('SIGTERM'));
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    // npm's own configuration warnings are not the server's output.
    const own = (text: string): string =>
      text
        .split('\n')
        .filter((l) => !l.startsWith('npm warn'))
        .join('\n');
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr: own(stderr) });
    });
  });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ref-cli-'));
  await writeFile(path.join(dir, 'hello.txt'), 'Hello, world!\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cli', () => {
  it('npx tsx: prints exactly one listening line and serves', async () => {
    let status = 0;
    const run = await runCli(['--port', '0', '--root', dir], (line, stop) => {
      const m = /^listening on http:\/\/127\.0\.0\.1:(\d+)$/.exec(line);
      if (!m) return;
      void roundTrip(Number(m[1]), 'GET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n', { until: finals(1) }).then((r) => {
        status = r.responses[0]?.status ?? -1;
        stop();
      });
    });
    expect(run.stdout).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+\n$/);
    expect(status).toBe(200);
  });

  it('exits 0 on SIGTERM after finishing', async () => {
    let status = 0;
    const run = await runCli(['--port', '0', '--root', dir], (line, stop) => {
      const m = /^listening on http:\/\/127\.0\.0\.1:(\d+)$/.exec(line);
      if (!m) return;
      void roundTrip(Number(m[1]), 'GET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n', { until: finals(1) }).then((r) => {
        status = r.responses[0]?.status ?? -1;
        stop();
      });
    }, true);
    expect(status).toBe(200);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
  });

  it('a bad flag gives one error line naming it and exit 2', async () => {
    for (const args of [['--root', dir, '--bogus'], ['--port', 'abc', '--root', dir], ['--port', '0']]) {
      // node on the bundle, not npx: the exit status and stderr are the server's either way.
      const run = await runCli(args, undefined, true);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      const lines = run.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/--bogus|--port|--root/);
    }
  });

  it('a docroot that does not exist is a usage error', async () => {
    const run = await runCli(['--port', '0', '--root', path.join(dir, 'nope')], undefined, true);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('--root');
  });
});

describe('npm run serve', () => {
  // The way users start it: npm builds the bundle (preserve), then node runs it in npm's place.
  it('serves from the bundle with the limit flags applied, and stops with npm on SIGTERM', async () => {
    const child = execa('npm', ['run', 'serve', '--', '--port', '0', '--root', dir, '--max-request-line', '64', '--max-header-fields', '2'], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
      buffer: false,
      reject: false,
      // The test sends its own signals and waits for the server's own way out.
      forceKillAfterDelay: false,
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    let stdout = '';
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(stdout);
        if (m) resolve(Number(m[1]));
      });
      child.once('exit', (code) => reject(new Error(`npm run serve exited with ${code}: ${stdout}`)));
    });
    const statusOf = async (request: string): Promise<number | undefined> =>
      (await roundTrip(port, request, { until: finals(1), timeoutMs: 5000 })).responses[0]?.status;
    expect(await statusOf('GET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n')).toBe(200);
    expect(await statusOf(`GET /${'a'.repeat(64)} HTTP/1.1\r\nHost: x\r\n\r\n`)).toBe(414);
    expect(await statusOf('GET /hello.txt HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\n\r\n')).toBe(431);
    const code = await new Promise<number | null>((resolve) => {
      child.once('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    clearTimeout(timer);
    expect(code).toBe(0);
    // The server went with npm: nothing listens on its port any more.
    await expect(roundTrip(port, 'GET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n', { timeoutMs: 2000 })).rejects.toThrow(/ECONNREFUSED/);
  }, 40_000);
});

describe('parseArgs', () => {
  it('reads the table, with = or a separate value', () => {
    const r = parseArgs(['--port=0', '--root', '/tmp', '--host', '::1', '--idle-timeout', '100', '--lenient', 'bare-lf,obs-fold']);
    expect(r).toEqual({
      ok: true,
      options: { host: '::1', port: 0, root: '/tmp', timeouts: { idleMs: 100 }, limits: {}, lenient: ['bare-lf', 'obs-fold'], help: false },
    });
  });

  it('names the flag in every error', () => {
    expect(parseArgs(['--root'])).toEqual({ ok: false, error: '--root needs a value (DIR)' });
    expect(parseArgs(['--root', 'x', '--port', '70000'])).toMatchObject({ ok: false, error: expect.stringContaining('--port') });
    expect(parseArgs(['--root', 'x', '--lenient', 'nope'])).toMatchObject({ ok: false, error: expect.stringContaining('--lenient') });
    expect(parseArgs(['--root', 'x', 'stray'])).toMatchObject({ ok: false, error: expect.stringContaining('stray') });
  });
});
