// A seeded, bounded fuzz test of the running server: requests from the corpus and a fixed list,
// mangled (bit flips, splices of two requests, truncation, duplicated header lines, random split
// points) and sent to a server in a child process. It must never crash, every response it sends
// must be well formed and complete (judged by a strict reader of our own, not the server's
// parser), and its memory and descriptors must stay flat. A failing input is written to
// reports/fuzz/ as a case file the harness replays, and the failure names that file.
//
// FUZZ_SEED picks another seed; FUZZ_ITERATIONS another count.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { loadCases } from '../../conformance/src/case/load.ts';
import { planSteps } from '../../conformance/src/case/plan.ts';
import type { PlaceholderValues } from '../../conformance/src/case/types.ts';
import { ensureFixtures } from '../../conformance/src/fixtures/ensure-fixtures.ts';
import { startChildServer } from './support/child-process.ts';
import type { ChildServer, ChildStats } from './support/child-process.ts';
import { fuzzCaseId, fuzzCaseYaml } from './support/fuzz-case-file.ts';
import type { FuzzFailure } from './support/fuzz-case-file.ts';
import { mutate, prng, splitPoints } from './support/mutate.ts';
import { checkResponses } from './support/strict-responses.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const REPORT_DIR = path.join(REPO, 'reports/fuzz');
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_121);
const ITERATIONS = Number(process.env.FUZZ_ITERATIONS ?? 1500);
const WARMUP_ITERATIONS = 100;
const TIME_BUDGET_MS = 60_000;
// At least this many must run, or the test proves nothing (a machine too slow, a hung client).
const MIN_ITERATIONS = 300;
const PARALLEL = 6;
// After our FIN the server has all the input: it answers and closes well within this.
const CLOSE_WITHIN_MS = 8000;
// The corpus has a few multi-megabyte requests; they would only slow the loop down.
const MAX_SEED_BYTES = 64 * 1024;
// Heap after a full GC may wobble a little; a leak per iteration would show far beyond these.
const MAX_HEAP_GROWTH = 8 * 1024 * 1024;
const MAX_RSS_GROWTH = 96 * 1024 * 1024;

const H = 'Host: 127.0.0.1\r\n';
// HEAD is left out on purpose: with mangled methods the checker could not tell which responses
// have no body. Everything else the server knows is here.
const FIXED_SEEDS = [
  `GET /hello.txt HTTP/1.1\r\n${H}\r\n`,
  `GET /hello.txt HTTP/1.1\r\n${H}If-None-Match: "x"\r\nRange: bytes=0-3\r\n\r\nGET /canary.txt HTTP/1.1\r\n${H}\r\n`,
  `GET /dir HTTP/1.1\r\n${H}Connection: close\r\n\r\n`,
  'GET /hello.txt HTTP/1.0\r\nConnection: keep-alive\r\n\r\n',
  `POST /echo HTTP/1.1\r\n${H}Content-Length: 5\r\n\r\nhello`,
  `POST /echo HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n5;a=b\r\nhello\r\n0\r\nX-T: 1\r\n\r\n`,
  `POST /echo HTTP/1.1\r\n${H}Expect: 100-continue\r\nContent-Length: 3\r\n\r\nabc`,
  `OPTIONS * HTTP/1.1\r\n${H}\r\n`,
  `PUT /hello.txt HTTP/1.1\r\n${H}Content-Length: 4\r\n\r\nbody`,
  `GET /%2e%2e/outside.txt HTTP/1.1\r\n${H}\r\n`,
  `GET http://127.0.0.1/hello.txt?q=1 HTTP/1.1\r\n${H}\r\n`,
  `CONNECT 127.0.0.1:80 HTTP/1.1\r\n${H}\r\n`,
].map((s) => ({ origin: `fixed seed: ${s.split('\r\n')[0]}`, bytes: Buffer.from(s, 'latin1') }));

type Seed = { origin: string; bytes: Buffer };

async function corpusSeeds(port: number): Promise<Seed[]> {
  const cases = await loadCases([path.join(REPO, 'cases')]);
  const values: PlaceholderValues = {
    host: `127.0.0.1:${port}`,
    port: String(port),
    etag: '"e-1"',
    'etag-opaque': 'e-1',
    'last-modified': 'Sun, 06 Nov 1994 08:49:37 GMT',
  };
  const seeds: Seed[] = [];
  for (const c of cases) {
    let writes: Buffer[];
    try {
      writes = planSteps(c, values, { kind: 'as-written' }).flatMap((s) => (s.kind === 'write' ? [s.bytes.subarray(0, s.bytes.length)] : []));
    } catch {
      continue;
    }
    const bytes = Buffer.concat(writes);
    if (bytes.length === 0 || bytes.length > MAX_SEED_BYTES) continue;
    const text = bytes.toString('latin1').replace(/(^|\n)HEAD /g, '$1GET ');
    seeds.push({ origin: `case ${c.id}`, bytes: Buffer.from(text, 'latin1') });
  }
  return seeds;
}

type Sent = { received: Buffer; end: 'closed' | 'reset' | 'timeout' };

function send(port: number, writes: Buffer[]): Promise<Sent> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1', noDelay: true });
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (end: Sent['end']): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ received: Buffer.concat(chunks), end });
    };
    const timer = setTimeout(() => finish('timeout'), CLOSE_WITHIN_MS);
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('end', () => finish('closed'));
    socket.on('error', () => finish('reset'));
    socket.on('close', () => finish('closed'));
    socket.once('connect', async () => {
      for (const w of writes) {
        if (done || socket.destroyed) return;
        socket.write(w);
        // A turn of the event loop between writes, so the pieces leave as separate segments.
        await new Promise((r) => setTimeout(r, 1));
      }
      if (!done && !socket.destroyed) socket.end();
    });
  });
}

let docroot: string;
let server: ChildServer;
let seeds: Seed[];

beforeAll(async () => {
  docroot = (await ensureFixtures()).docroot;
  server = await startChildServer({
    root: docroot,
    host: '127.0.0.1',
    port: 0,
    timeouts: { headersMs: 2000, idleMs: 1000, bodyMs: 2000, lingerMs: 500, sendMs: 5000 },
  });
  seeds = [...FIXED_SEEDS, ...(await corpusSeeds(server.port))];
});

afterAll(async () => {
  await server?.stop();
});

async function settledFds(target: number, maxMs: number): Promise<number> {
  await vi.waitFor(async () => expect((await server.stats()).fds).toBeLessThanOrEqual(target), { timeout: maxMs, interval: 100 }).catch(() => {});
  return (await server.stats()).fds;
}

describe('fuzz (seeded, bounded)', () => {
  it('the corpus gives enough seeds', () => {
    expect(seeds.length).toBeGreaterThan(FIXED_SEEDS.length + 50);
  });

  it(
    'never crashes, answers only well-formed responses, stays flat in memory and descriptors',
    async () => {
      const failures: string[] = [];
      const deadline = Date.now() + TIME_BUDGET_MS;
      let next = 0;
      let ran = 0;
      const statuses = new Set<number>();

      const runOne = async (iteration: number): Promise<void> => {
        const random = prng(SEED * 7919 + iteration);
        const a = seeds[Math.floor(random() * seeds.length)]!;
        const b = seeds[Math.floor(random() * seeds.length)]!;
        const m = mutate(random, a.bytes, b.bytes);
        if (m.bytes.length === 0) return;
        const writes = splitPoints(random, m.bytes);
        const sent = await send(server.port, writes);
        ran++;
        let problem: string | null = null;
        if (server.child.exitCode !== null || server.child.signalCode !== null) {
          problem = `the server exited (${server.child.exitCode ?? server.child.signalCode}): ${server.stderr().slice(-1000)}`;
        } else if (sent.end === 'timeout') {
          problem = `the connection was still open ${CLOSE_WITHIN_MS} ms after our FIN`;
        } else {
          const checked = checkResponses(sent.received, sent.end === 'closed');
          for (const r of checked.responses) statuses.add(r.status);
          problem = checked.problem;
        }
        if (problem === null) return;
        const failure: FuzzFailure = {
          seed: SEED,
          iteration,
          origin: `${a.origin}; ${m.steps.join(', ')}`,
          problem,
          writes,
          maxResponses: (m.bytes.toString('latin1').match(/HTTP\/1\./g) ?? []).length + 1,
        };
        await mkdir(REPORT_DIR, { recursive: true });
        const file = path.join(REPORT_DIR, `${fuzzCaseId(failure)}.yaml`);
        await writeFile(file, fuzzCaseYaml(failure));
        failures.push(`${problem}\n  replay: npm run conformance -- --cases ${path.relative(REPO, file)}`);
      };

      const runUntil = async (count: number): Promise<void> => {
        const worker = async (): Promise<void> => {
          while (next < count && Date.now() < deadline && failures.length === 0) await runOne(next++);
        };
        await Promise.all(Array.from({ length: PARALLEL }, worker));
      };

      await runUntil(WARMUP_ITERATIONS);
      const before: ChildStats = await server.stats();
      await runUntil(ITERATIONS);
      expect(failures, failures.join('\n')).toEqual([]);
      expect(ran).toBeGreaterThanOrEqual(Math.min(MIN_ITERATIONS, ITERATIONS));
      // The mutations reach both the happy path and the error paths.
      expect([...statuses].filter((s) => s >= 200 && s < 300).length).toBeGreaterThan(0);
      expect([...statuses].filter((s) => s >= 400 && s < 500).length).toBeGreaterThan(3);

      // Every connection is closed by now (each iteration waited for the close); the server's
      // descriptors come back to what they were, give or take the moment its close runs.
      expect(await settledFds(before.fds, 3000)).toBeLessThanOrEqual(before.fds);
      const after = await server.stats();
      expect(after.connections).toBe(0);
      expect(after.heapUsed - before.heapUsed).toBeLessThan(MAX_HEAP_GROWTH);
      expect(after.rss - before.rss).toBeLessThan(MAX_RSS_GROWTH);
    },
    TIME_BUDGET_MS + 60_000,
  );

  it('writes failures as case files the loader accepts', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'fuzz-case-'));
    try {
      const failure: FuzzFailure = {
        seed: 1,
        iteration: 2,
        origin: 'fixed seed',
        problem: 'response 1: bad status line "HTTP/1.1 2000"',
        writes: [Buffer.from('GET /{ x } HTTP/1.1\r\n\x00\xff"\\\x7f', 'latin1'), Buffer.from('\t\r\n\r\n', 'latin1')],
        maxResponses: 2,
      };
      const file = path.join(dir, 'fuzz.yaml');
      await writeFile(file, fuzzCaseYaml(failure));
      const [c] = await loadCases([file]);
      expect(c?.id).toBe('frag-fuzz-1-2');
      const writes = planSteps(c!, { host: 'h', port: '1' }, { kind: 'as-written' }).flatMap((s) => (s.kind === 'write' ? [s.bytes.subarray(0, s.bytes.length)] : []));
      expect(Buffer.concat(writes).equals(Buffer.concat(failure.writes))).toBe(true);
      expect(c!.expect).toHaveLength(3);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the strict response reader', () => {
  const ok = 'HTTP/1.1 200 OK\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Length: 2\r\n\r\nhi';
  it('accepts well-formed responses and rejects each kind of malformation', () => {
    expect(checkResponses(Buffer.from(ok + ok), false)).toMatchObject({ problem: null, responses: [{ status: 200 }, { status: 200 }] });
    expect(checkResponses(Buffer.from('HTTP/1.1 100 Continue\r\n\r\n' + ok), false).problem).toBeNull();
    const bad = [
      ok.slice(0, -1),
      ok.replace('200 OK', '20 OK'),
      ok.replace('Date', 'Da te'),
      ok.replace('Content-Length: 2', 'Content-Length: 2\r\nContent-Length: 2'),
      ok.replace('Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n', ''),
      ok.replace('\r\nContent-Length: 2', '\r\nX: a\rb\r\nContent-Length: 2'),
      'HTTP/1.1 204 No Content\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Length: 0\r\n\r\n',
    ];
    for (const b of bad) expect(checkResponses(Buffer.from(b, 'latin1'), true).problem, JSON.stringify(b)).not.toBeNull();
    const closeDelimited = 'HTTP/1.1 200 OK\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\nbody';
    expect(checkResponses(Buffer.from(closeDelimited), true).problem).toBeNull();
    expect(checkResponses(Buffer.from(closeDelimited), false).problem).not.toBeNull();
  });
});
