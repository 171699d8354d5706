// What the explorer asks a target before it starts. Whether it has the echo route (`POST /echo`
// answers 200 with the body): only then are echoed bodies compared; one bounded exchange, as the
// run's probe asks it. And how long an answer takes it, the target's pace (see observe.ts on what
// it sets): the echo probe's round trip, or for a target whose capabilities are declared (and so
// not probed) a GET of /hello.txt, which every target answers.

import type { Target } from '../targets/target.ts';
import { runExchange } from '../wire/client.ts';
import type { ReadResponse } from '../wire/types.ts';

const BODY = 'echo-probe!';

export type EchoProbe = { echo: boolean; answerMs: number };

export async function probeEcho(t: Target, timeoutMs: number): Promise<EchoProbe> {
  const { answer, answerMs } = await roundTrip(t, `POST /echo HTTP/1.1\r\nHost: ${t.host}:${t.port}\r\nContent-Length: ${BODY.length}\r\nConnection: close\r\n\r\n${BODY}`, timeoutMs);
  return { echo: answer?.status === 200 && answer.body.toString('latin1') === BODY, answerMs };
}

/** How long a GET of /hello.txt takes the target to answer. */
export async function paceOf(t: Target, timeoutMs: number): Promise<number> {
  return (await roundTrip(t, `GET /hello.txt HTTP/1.1\r\nHost: ${t.host}:${t.port}\r\nConnection: close\r\n\r\n`, timeoutMs)).answerMs;
}

async function roundTrip(t: Target, request: string, timeoutMs: number): Promise<{ answer: ReadResponse | undefined; answerMs: number }> {
  const started = performance.now();
  const { read } = await runExchange({
    host: t.host,
    port: t.port,
    steps: [{ kind: 'write', bytes: Buffer.from(request, 'latin1') }],
    timeoutMs,
    graceMs: 0,
    maxBytes: 1 << 16,
    settle: (r) => (r.responses.some((x) => x.complete && (x.status ?? 0) >= 200) ? 'done' : 'more'),
  });
  return { answer: read.responses.find((x) => x.complete && (x.status ?? 0) >= 200), answerMs: performance.now() - started };
}
