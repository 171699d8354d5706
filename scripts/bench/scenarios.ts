// The benchmark's scenarios and the goals each one is held to.

import type { LoadRequest } from './load-types.ts';

export type ThroughputScenario = {
  kind: 'throughput';
  id: string;
  title: string;
  request: LoadRequest;
  connections: number;
  /** reference/node:http requests per second must reach this. */
  minRatio: number;
  /** The reference server must not spend more CPU per request than node:http. */
  cpuNoWorse: boolean;
};

export type TransferScenario = {
  kind: 'transfer';
  id: string;
  title: string;
  direction: 'upload' | 'download';
  path: string;
  /** The reference server's peak RSS must stay under this. */
  maxPeakRss: number;
};

export type Scenario = ThroughputScenario | TransferScenario;

export const GIB = 1024 ** 3;
const MB = 1024 * 1024;

/** The file the 1 GiB download scenario serves, made in a temporary docroot. */
export const BIG_FILE = 'big.bin';
/** The small file the throughput scenarios ask for; it lives in the fixture docroot. */
export const SMALL_FILE = '/hello.txt';

export const SCENARIOS: readonly Scenario[] = [
  {
    kind: 'throughput',
    id: 'get',
    title: `keep-alive GET ${SMALL_FILE}`,
    request: { kind: 'get', path: SMALL_FILE },
    connections: 32,
    minRatio: 1.2,
    cpuNoWorse: true,
  },
  {
    kind: 'throughput',
    id: 'pipeline',
    title: `pipelined GET ${SMALL_FILE}, 16 requests per write`,
    request: { kind: 'pipeline', path: SMALL_FILE, depth: 16 },
    connections: 16,
    minRatio: 2,
    cpuNoWorse: false,
  },
  {
    kind: 'throughput',
    id: 'echo',
    title: 'POST /echo, 64 KiB chunked body (4 chunks)',
    request: { kind: 'post-chunked', path: '/echo', bodyBytes: 64 * 1024, chunks: 4 },
    connections: 16,
    minRatio: 1,
    cpuNoWorse: false,
  },
  {
    kind: 'transfer',
    id: 'upload',
    // POST to a static file: the answer (405) does not need the body, and both servers read it to
    // its end and drop it before answering. /echo would not do: it keeps at most 1 MiB by design.
    title: `1 GiB chunked request body, POST ${SMALL_FILE} (read to the end and discarded, then 405)`,
    direction: 'upload',
    path: SMALL_FILE,
    maxPeakRss: 100 * MB,
  },
  {
    kind: 'transfer',
    id: 'download',
    title: `1 GiB static file, GET /${BIG_FILE}`,
    direction: 'download',
    path: `/${BIG_FILE}`,
    maxPeakRss: 100 * MB,
  },
];
