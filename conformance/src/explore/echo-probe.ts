// Whether a target has the echo route (`POST /echo` answers 200 with the body): only then are
// echoed bodies compared. One bounded exchange, as the run's probe asks it; how long the answer
// took is the target's pace (see observe.ts on what it sets).

import type { Target } from '../targets/target.ts';
import { runExchange } from '../wire/client.ts';

const BODY = 'echo-probe!';

export type EchoProbe = { echo: boolean; answerMs: number };

export async function probeEcho(t: Target, timeoutMs: number): Promise<EchoProbe> {
  const started = performance.now();
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
  const answerMs = performance.now() - started;
  const answer = read.responses.find((x) => x.complete && (x.status ?? 0) >= 200);
  return { echo: answer?.status === 200 && answer.body.toString('latin1') === BODY, answerMs };
}
