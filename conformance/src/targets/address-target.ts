import { ServerStartError, TargetUnreachableError, UsageError } from '../errors.ts';
import type { Target } from './target.ts';
import { tryConnect } from './wait-ready.ts';

/** `--target HOST:PORT`: a server someone else started. */
export async function addressTarget(spec: string): Promise<Target> {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:\s]+)):(\d{1,5})$/.exec(spec);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port < 1 || port > 65535) throw new UsageError(`--target must be HOST:PORT (e.g. localhost:8080), got "${spec}"`);
  const host = m[1] ?? m[2]!;
  const failure = await tryConnect(host, port, 3000);
  if (failure) throw new TargetUnreachableError(`--target ${spec}: cannot connect (${failure}); is the server running?`);
  return {
    kind: 'address',
    host,
    port,
    address: `${host}:${port}`,
    reproduceFlags: `--target ${spec}`,
    canRestart: false,
    checkCrashed: async () => null,
    restart: async (reason) => {
      throw new ServerStartError(`--target ${spec}: cannot restart a server the harness did not start (${reason})`);
    },
    stop: async () => null,
  };
}
