// The context runCase needs for a case run in process against a server on 127.0.0.1:`port`:
// every capability, no docroot files, short bounds.

import { CAPABILITIES, type Capability } from '../../src/case/types.ts';
import type { RunContext } from '../../src/run/run-case.ts';

export function runContext(port: number, defaultTimeoutMs = 1000): RunContext {
  return {
    host: '127.0.0.1',
    port,
    values: { host: `127.0.0.1:${port}`, port: String(port) },
    capabilities: Object.fromEntries(CAPABILITIES.map((c) => [c, true])) as Record<Capability, boolean>,
    defaultTimeoutMs,
    graceMs: 20,
    maxBytes: 1 << 20,
    judge: { values: { host: `127.0.0.1:${port}` }, readDocrootFile: () => null },
    reproduceFlags: '',
  };
}
