// wrk (Debian's `wrk` package) as the load generator: written in C, so it leaves more of the two
// cores to the server than a JavaScript client would. Each run gets a generated Lua script that
// builds the exact request bytes and prints the summary as one JSON line.

import { execa } from 'execa';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import type { LoadGenerator, LoadRequest, LoadResult, LoadSpec } from './load-types.ts';
import { BenchError } from './spawn-server.ts';

const MARK = 'BENCH-RESULT ';

// The request bytes are built in Lua from numbers and a path we control, never from user text.
function requestLua(r: LoadRequest): string {
  switch (r.kind) {
    case 'get':
      return `req = wrk.format("GET", ${JSON.stringify(r.path)})`;
    case 'pipeline':
      return [
        'local parts = {}',
        `for i = 1, ${r.depth} do parts[i] = wrk.format("GET", ${JSON.stringify(r.path)}) end`,
        'req = table.concat(parts)',
      ].join('\n');
    case 'post-chunked': {
      const size = Math.floor(r.bodyBytes / r.chunks);
      const last = r.bodyBytes - size * (r.chunks - 1);
      return [
        `local head = "POST ${r.path} HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n"`,
        'local parts = { head }',
        `for i = 1, ${r.chunks} do`,
        `  local n = (i == ${r.chunks}) and ${last} or ${size}`,
        '  parts[#parts + 1] = string.format("%x\\r\\n", n) .. string.rep("a", n) .. "\\r\\n"',
        'end',
        'parts[#parts + 1] = "0\\r\\n\\r\\n"',
        'req = table.concat(parts)',
      ].join('\n');
    }
  }
}

// Built in init(), which wrk calls after it has set the Host header that wrk.format() adds.
function script(r: LoadRequest): string {
  return `local req
init = function(args)
${requestLua(r)}
end
request = function() return req end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('${MARK}{"requests":%d,"duration_us":%d,"p99_us":%d,"errors":%d}\\n',
    summary.requests, summary.duration, latency:percentile(99),
    e.connect + e.read + e.write + e.timeout + e.status))
end
`;
}

async function run(file: string, args: string[], timeoutMs: number): Promise<string> {
  const r = await execa(file, args, { timeout: timeoutMs, maxBuffer: 1 << 20, reject: false });
  if (r.failed) throw new BenchError(`wrk failed: ${(r.stderr || r.shortMessage || '').trim().split('\n')[0] ?? ''}`);
  return r.stdout;
}

export async function wrkAvailable(): Promise<boolean> {
  try {
    await run('wrk', ['--version'], 5000);
    return true;
  } catch (err) {
    // `wrk --version` prints its usage and exits 1; only a missing binary is a failure.
    return !/ENOENT/.test((err as Error).message);
  }
}

export const wrk: LoadGenerator = {
  name: 'wrk',
  async run(spec: LoadSpec): Promise<LoadResult> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-wrk-'));
    try {
      const lua = path.join(dir, 'scenario.lua');
      await writeFile(lua, script(spec.request));
      // One thread: the other core is the server's.
      const args = ['-t1', `-c${spec.connections}`, `-d${spec.durationSec}s`, '-T10s', '-s', lua, `http://127.0.0.1:${spec.port}/`];
      const out = await run('wrk', args, (spec.durationSec + 30) * 1000);
      const line = out.split('\n').find((l) => l.startsWith(MARK));
      if (line === undefined) throw new BenchError(`wrk printed no result: ${out.trim().split('\n').slice(-1)[0] ?? ''}`);
      const j = JSON.parse(line.slice(MARK.length)) as { requests: number; duration_us: number; p99_us: number; errors: number };
      // A run with responses but an empty latency histogram (seen now and then with pipelining)
      // has no p99 to report rather than a p99 of zero.
      const p99Us = j.p99_us === 0 && j.requests > 0 ? NaN : j.p99_us;
      return { requests: j.requests, durationSec: j.duration_us / 1e6, p99Us, errors: j.errors };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
