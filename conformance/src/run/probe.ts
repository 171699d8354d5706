// Before the cases run: learn what depends on the target (its ETag and Last-Modified for
// hello.txt, whether it has the echo route, whether it serves one connection at a time).

import net from 'node:net';
import type { PlaceholderValues } from '../case/types.ts';
import { runExchange } from '../wire/client.ts';
import type { ReadResponse, Settle } from '../wire/types.ts';

export type ProbeResult = { values: PlaceholderValues; echo: boolean; oneAtATime: boolean };

const firstResponse: Settle = (read) => (read.responses.some((r) => r.complete && (r.status ?? 0) >= 200) ? 'done' : 'more');

async function ask(host: string, port: number, request: string, timeoutMs = 3000): Promise<ReadResponse | null> {
  const { read } = await runExchange({
    host,
    port,
    steps: [{ kind: 'write', bytes: Buffer.from(request, 'latin1') }],
    timeoutMs,
    graceMs: 0,
    maxBytes: 1 << 20,
    settle: firstResponse,
  });
  return read.responses.find((r) => r.complete && (r.status ?? 0) >= 200) ?? null;
}

function header(r: ReadResponse | null, name: string): string | undefined {
  return r?.headers.find(([n]) => n.toLowerCase() === name)?.[1];
}

export async function probeTarget(host: string, port: number, hostHeader: string, timeoutMs = 3000): Promise<ProbeResult> {
  const values: PlaceholderValues = { host: hostHeader, port: String(port) };
  const hello = await ask(host, port, `GET /hello.txt HTTP/1.1\r\nHost: ${hostHeader}\r\nConnection: close\r\n\r\n`, timeoutMs);
  // A server that does not answer a plain GET tells nothing more to the other probes; waiting
  // for them would only add their time bounds to a run that is going to time out anyway.
  if (hello === null) return { values, echo: false, oneAtATime: false };
  const etag = header(hello, 'etag');
  const lastModified = header(hello, 'last-modified');
  if (etag) values.etag = etag;
  if (lastModified) values['last-modified'] = lastModified;

  const echo = await ask(host, port, `POST /echo HTTP/1.1\r\nHost: ${hostHeader}\r\nContent-Length: 11\r\nConnection: close\r\n\r\necho-probe!`, timeoutMs);
  const hasEcho = echo?.status === 200 && echo.body.toString('latin1') === 'echo-probe!';

  return { values, echo: hasEcho, oneAtATime: await servesOneAtATime(host, port, hostHeader) };
}

/**
 * A server that handles one connection at a time cannot answer a second connection while the
 * first sits idle: a blocking
 * `accept(); recv()` loop is stuck in `recv()` on the first. Running cases concurrently against it would turn the harness's
 * own concurrency into failures, so such targets are run with concurrency 1.
 */
async function servesOneAtATime(host: string, port: number, hostHeader: string): Promise<boolean> {
  const stalled = net.connect({ host, port });
  stalled.on('error', () => {});
  await new Promise<void>((resolve) => {
    stalled.once('connect', () => resolve());
    stalled.once('error', () => resolve());
  });
  try {
    const answer = await ask(host, port, `GET /hello.txt HTTP/1.1\r\nHost: ${hostHeader}\r\nConnection: close\r\n\r\n`, 1500);
    return answer === null;
  } finally {
    stalled.destroy();
  }
}
