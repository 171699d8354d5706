// What a load run asks for and what it reports, whichever generator runs it.

export type LoadRequest =
  /** One GET per round trip on each keep-alive connection. */
  | { kind: 'get'; path: string }
  /** `depth` GETs in one write, then wait for all their responses. */
  | { kind: 'pipeline'; path: string; depth: number }
  /** POST with a chunked body of `bodyBytes` octets, sent as `chunks` chunks. */
  | { kind: 'post-chunked'; path: string; bodyBytes: number; chunks: number };

export type LoadSpec = {
  port: number;
  request: LoadRequest;
  connections: number;
  durationSec: number;
};

export type LoadResult = {
  /** Responses completed (a pipelined batch counts each of its responses). */
  requests: number;
  durationSec: number;
  /** 99th percentile latency in microseconds (per batch when pipelining). */
  p99Us: number;
  /** Socket errors, timeouts and non-2xx responses. */
  errors: number;
};

export type LoadGenerator = { name: string; run(spec: LoadSpec): Promise<LoadResult> };
