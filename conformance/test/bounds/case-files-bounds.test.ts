// Issue 13: case files written to hurt the harness. Each is refused by `--lint` (and by any run)
// with one file:line line, in seconds and without memory to speak of, measured in the harness's
// own process; a case within its budget sends its tens of MiB without holding them.

import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lintCases } from '../../src/case/load.ts';
import { CACHE_DIR } from '../../src/case/parse-cache.ts';
import { aliasedWrites, aliasFanOut, floodWrites, largeValidFile, plainWrites, repeatedWrites } from './malicious-cases.ts';
import { MB, PEAK_LIMIT, runHarness } from './run-harness.ts';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function caseFile(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'conformance-hostile-cases-'));
  dirs.push(dir);
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

/**
 * `--lint` on the file, in a child whose memory is measured (and `--list` too with `list`): exit
 * 2, the one problem at `line`, quickly and small. Without `child`, lintCases in this process.
 */
async function refused(file: string, line: number, problem: RegExp, how: 'child' | 'list' | 'in-process' = 'child'): Promise<void> {
  if (how === 'in-process') {
    const started = Date.now();
    const problems = await lintCases([file]);
    expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(problem)]);
    expect(problems[0]!.message.startsWith(`${file}:${line}: `)).toBe(true);
    expect(Date.now() - started).toBeLessThan(2000);
    return;
  }
  const small = await caseFile('small.yaml', largeValidFile(1000));
  for (const flag of how === 'list' ? ['--lint', '--list'] : ['--lint']) {
    // Beside the same run on a small valid file: refused unread, it takes no more than that one.
    const [run, baseline] = await Promise.all([runHarness([flag, '--cases', file]), runHarness([flag, '--cases', small])]);
    expect(baseline.code, baseline.stderr).toBe(0);
    expect(run.code).toBe(2);
    const out = `${run.stdout}${run.stderr}`;
    expect(out).toContain(`${file}:${line}: `);
    expect(out).toMatch(problem);
    expect(run.wallMs).toBeLessThan(10_000);
    expect(run.peakBytes).toBeGreaterThan(0);
    expect(run.peakBytes - baseline.peakBytes).toBeLessThan(32 * MB);
    expect(run.peakBytes).toBeLessThan(PEAK_LIMIT);
  }
}

const BUDGET = /over the 67108864 bytes \(64 MiB\) budget per case/;

describe('malicious case files are refused at their line', { timeout: 30_000 }, () => {
  it('1000 aliased 16 MiB write steps: aliases are refused', async () => {
    await refused(await caseFile('aliased.yaml', aliasedWrites()), 11, /alias \*w: aliases are not allowed in case files \(and 998 more/, 'list');
  });

  it('alias fan-out, K=100 and K=200: refused before any alias is followed', async () => {
    await refused(await caseFile('fan-100.yaml', aliasFanOut(100)), 4, /alias \*l0: aliases are not allowed/, 'in-process');
    await refused(await caseFile('fan-200.yaml', aliasFanOut(200)), 4, /alias \*l0: aliases are not allowed/);
  });

  it('1000 plain 16 MiB steps, the same as one repetition, and a flood of 1 MiB writes: over the per-case budget', async () => {
    await refused(await caseFile('plain.yaml', plainWrites()), 2, /case lim-plain-writes: sends 16777216000 bytes/);
    await refused(await caseFile('repeated.yaml', repeatedWrites()), 2, BUDGET, 'in-process');
    await refused(await caseFile('flood.yaml', floodWrites()), 2, BUDGET, 'in-process');
  });

  it('a 100 MB case file is refused unread, and a 1 MB one is parsed but not cached', async () => {
    const huge = await caseFile('huge.yaml', largeValidFile(100 * MB));
    await refused(huge, 1, /the file is \d+ bytes \(9\d\.\d MiB\), over the 4194304 bytes \(4 MiB\) limit for a case file/);

    const entries = async (): Promise<string[]> => (await readdir(CACHE_DIR).catch(() => [])).filter((n) => n.endsWith('.json'));
    const large = await caseFile('large.yaml', largeValidFile(MB));
    const run = await runHarness(['--list', '--cases', large]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('lim-large-file');
    expect(run.peakBytes).toBeLessThan(PEAK_LIMIT);
    // No entry for it: the cache holds only files of corpus size (parse-cache.ts). An entry is
    // named by its file's path; other test files load case files of their own meanwhile.
    expect(await entries()).not.toContain(`${createHash('sha256').update(large).digest('hex')}.json`);
  });
});

describe('a case within its budget', { timeout: 30_000 }, () => {
  /** The harness's peak RSS for three writes of `each` octets to a server that reads them all. */
  async function threeWrites(each: number): Promise<{ peakBytes: number; received: number; body: number }> {
    const body = 3 * each;
    let received = 0;
    const server = net.createServer((socket) => {
      let mine = 0;
      socket.on('data', (d: Buffer) => {
        // The probe's requests get a quick 404, so the run does not wait them out.
        if (mine === 0 && !d.toString('latin1').startsWith('POST /echo')) return void socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
        mine += d.length;
        received = Math.max(received, mine);
        // The head is about 80 bytes; once the body is in, answer.
        if (mine >= body) socket.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      });
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const text = `cases:
  - id: lim-three-big-writes
    title: three big writes
    area: limits
    rfc: RFC 9110 §2.3
    quote: A recipient MUST be able to parse any value of reasonable length
    level: robustness
    tags: [hang]
    timeout: 5000
    send:
      - "POST /echo HTTP/1.1\\r\\nHost: {host}\\r\\nContent-Length: ${body}\\r\\n\\r\\n"
      - times: 3
        steps:
          - { write: [{ repeat: "b", times: ${each} }] }
    expect:
      - responses: [{ status: 200 }]
`;
      const file = await caseFile(`three-${each}.yaml`, text);
      const run = await runHarness(['--target', `127.0.0.1:${port}`, '--cases', file, '--out', path.dirname(file), '--capabilities', 'echo']);
      expect(run.stdout + run.stderr).toContain('1 passed');
      expect(run.code).toBe(0);
      return { peakBytes: run.peakBytes, received, body };
    } finally {
      server.close();
    }
  }

  it('sends 48 MiB in three writes without holding them: made a piece at a time', async () => {
    // Against the same run with 1 MiB writes, measured alongside: what a harness starts with
    // swings by tens of MB with the machine's load, what a case adds should not.
    const small = await threeWrites(1024 * 1024);
    const big = await threeWrites(16 * 1024 * 1024 - 67);
    expect(big.received).toBeGreaterThan(big.body);
    // Holding the writes would be 48 MiB more than the small run.
    expect(big.peakBytes - small.peakBytes).toBeLessThan(24 * MB);
    expect(big.peakBytes).toBeLessThan(PEAK_LIMIT);
  });
});
