// The fallback load generator when wrk is not installed: autocannon, loaded only if it is
// resolvable (`npm install --no-save autocannon`); it is not a dependency of the project. It
// runs in this process, so it competes with the server for the two cores more than wrk does.
// autocannon frames every body with Content-Length, so the chunked scenario is sent that way.

import type { LoadGenerator, LoadResult, LoadSpec } from './load-types.ts';
import { BenchError } from './spawn-server.ts';

type AutocannonResult = {
  requests: { total: number };
  latency: { p99: number };
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
};
type Autocannon = (opts: Record<string, unknown>, cb: (err: Error | null, res: AutocannonResult) => void) => unknown;

async function load(): Promise<Autocannon | null> {
  // A variable specifier keeps the type checker from requiring the package.
  const name = 'autocannon';
  try {
    const mod = (await import(name)) as { default: Autocannon };
    return mod.default;
  } catch {
    return null;
  }
}

export async function autocannonAvailable(): Promise<boolean> {
  return (await load()) !== null;
}

export const autocannon: LoadGenerator = {
  name: 'autocannon',
  async run(spec: LoadSpec): Promise<LoadResult> {
    const run = await load();
    if (run === null) throw new BenchError('autocannon is not installed (npm install --no-save autocannon)');
    const r = spec.request;
    const opts: Record<string, unknown> = {
      url: `http://127.0.0.1:${spec.port}${r.path}`,
      connections: spec.connections,
      duration: spec.durationSec,
      pipelining: r.kind === 'pipeline' ? r.depth : 1,
    };
    if (r.kind === 'post-chunked') {
      opts.method = 'POST';
      opts.body = Buffer.alloc(r.bodyBytes, 'a');
    }
    const res = await new Promise<AutocannonResult>((resolve, reject) => {
      run(opts, (err, result) => (err ? reject(err) : resolve(result)));
    });
    return {
      requests: res.requests.total,
      durationSec: res.duration,
      // autocannon reports milliseconds.
      p99Us: res.latency.p99 * 1000,
      errors: res.errors + res.timeouts + res.non2xx,
    };
  },
};
