// Whether a target has the echo route (`POST /echo` answers 200 with the body): only then are
// echoed bodies compared. One bounded exchange, as the run's probe asks it.

import type { Target } from '../targets/target.ts';
import { runExchange } from '../wire/client.ts';

const BODY = 'echo-probe!';

export async function hasEcho(t: Target, timeoutMs: number): Promise<boolean> {
  const request = `POST /echo HTTP/1.1\r\nHost: ${t.host}:${t.port}\r\nContent-Length: ${BODY.length}\r\nConnection: close\r\n\r\n${BODY}`;
  const { read } = await runExchange({
    host: t.host,
    port: t.port,
    steps: [{ kind: 'write', bytes: Buffer.from(request, 'latin1') }],
    timeoutMs,
    graceMs: 0,
    maxBytes: 1 << 16,
    settle: (r) => (r.responses.some((x) => x.complete && (x.status ?? 0) >= 200) ? 'done' : 'more'),
  });
  const answer = read.responses.find((x) => x.complete && (x.status ?? 0) >= 200);
  return answer?.status === 200 && answer.body.toString('latin1') === BODY;
}
