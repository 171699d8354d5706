// Before the cases run: learn what depends on the target (its ETag and Last-Modified for
// hello.txt, whether it has the echo route, whether it serves one connection at a time, how fast
// it answers, whether it answers a second request on a connection). Every probe is bounded and
// checked afterwards: a probe that crashes or hangs the server is a finding, reported once, the
// capability it asked about counts as absent, and the server is started again, so the probes
// never decide a case's verdict.

import net from 'node:net';
import { CANARY_PATH, type PlaceholderValues } from '../case/types.ts';
import { statusText } from '../judge/show.ts';
import { describeExit } from '../targets/command-target.ts';
import type { Target } from '../targets/target.ts';
import { runExchange } from '../wire/client.ts';
import type { ReadResponse, Settle } from '../wire/types.ts';
import { absentFeatures, pipelineUnanswered, type AbsentFeatures } from './probe-features.ts';

export type Baseline = {
  /** A complete response came back (any status). */
  answered: boolean;
  /** It was a 200 with the bytes of hello.txt. */
  correct: boolean;
  /** From connect to the end of the response; the lower of the two plain GETs when both answered. */
  latencyMs: number | null;
  /** What came back, in a few words: `200 OK`, `no response within 6000 ms`. */
  got: string;
};

export type ProbeResult = {
  values: PlaceholderValues;
  echo: boolean;
  oneAtATime: boolean;
  baseline: Baseline;
  /**
   * Why the canary cannot show desynchronisation on this server, or null: it answers the canary
   * wrongly even after a plain GET, so a wrong canary answer is its keep-alive bug, not smuggling.
   */
  canaryFails: string | null;
  /** One line per probe that crashed or hung the server. */
  findings: string[];
  restarts: number;
  /** Set when the server stopped answering and cannot be restarted: the run cannot go on. */
  dead: string | null;
  /** Optional features the target showed it lacks, with the reason (probe-features.ts). */
  absent: AbsentFeatures;
  /** Why the canary goes unanswered on this server (requests pipelined behind another are dropped), or null. */
  canaryUnanswered: string | null;
};

export type ProbeOptions = {
  hostHeader: string;
  /** The run's `--timeout`: the probes' bounds grow from it. */
  timeoutMs: number;
  /** `--mount`: the path prefix the server serves the docroot (and the echo route) under. */
  mount?: string;
  /** The fixture bytes the baseline and canary answers are compared with. */
  readDocrootFile: (path: string) => Buffer | null;
};

const firstResponse: Settle = (read) => (read.responses.some((r) => r.complete && (r.status ?? 0) >= 200) ? 'done' : 'more');
const twoResponses: Settle = (read, end) => (read.responses.filter((r) => r.complete && (r.status ?? 0) >= 200).length >= 2 || end !== 'open' ? 'done' : 'more');

type Asked = { response: ReadResponse | null; responses: ReadResponse[]; ms: number; timedOut: boolean; refused: boolean };

async function ask(host: string, port: number, request: string, timeoutMs: number, settle: Settle = firstResponse): Promise<Asked> {
  const started = Date.now();
  const { read, transcript } = await runExchange({
    host,
    port,
    steps: [{ kind: 'write', bytes: Buffer.from(request, 'latin1') }],
    timeoutMs,
    graceMs: 0,
    maxBytes: 1 << 20,
    settle,
  });
  const responses = read.responses.filter((r) => r.complete && (r.status ?? 0) >= 200);
  // Nothing written: the connection itself failed (refused: nothing listens there any more).
  const refused = !transcript.events.some((e) => e.kind === 'write') && transcript.events.some((e) => e.kind === 'error');
  return { response: responses[0] ?? null, responses, ms: Date.now() - started, timedOut: transcript.timedOut, refused };
}

function header(r: ReadResponse | null, name: string): string | undefined {
  return r?.headers.find(([n]) => n.toLowerCase() === name)?.[1];
}

/** `mount`: the `--mount` prefix the server serves the docroot under ('' for none). */
const getHello = (host: string, mount = ''): string => `GET ${mount}/hello.txt HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`;

/**
 * What a fresh GET found: an answer; silence until the bound; a connection ended without an
 * answer before it (closed or reset: a dying server resets what waits in its backlog); or no
 * connection at all.
 */
export type Alive = 'answered' | 'silent' | 'dropped' | 'refused';

/** What a fresh GET that got no answer found, in words, for the verdict or finding that says so. */
export function unanswered(alive: Exclude<Alive, 'answered'>, boundMs: number): string {
  if (alive === 'refused') return 'a fresh connection was refused';
  if (alive === 'dropped') return 'a fresh GET of /hello.txt was closed without an answer';
  return `a fresh GET of /hello.txt got no answer within ${boundMs} ms`;
}

/**
 * Liveness: whether a fresh connection's GET of a fixture file gets any complete answer within
 * `boundMs`. After a case ran out of time, this tells a server that stopped answering everything
 * (hung, or spinning) from one that only left that case's request unanswered; a refused or
 * dropped connection is most likely a server that is gone (dying: its exit may not show yet).
 */
export async function answersGet(target: Pick<Target, 'host' | 'port'>, hostHeader: string, boundMs: number, mount = ''): Promise<Alive> {
  const asked = await ask(target.host, target.port, getHello(hostHeader, mount), boundMs);
  return asked.response !== null ? 'answered' : asked.refused ? 'refused' : asked.timedOut ? 'silent' : 'dropped';
}

/**
 * How long the fresh GET that tells a hung server from a live one may take: ten times what the
 * plain GET took at the start, at least a second (a loaded machine must not make a live server
 * look hung: that would blame a case for a hang), at most `--timeout`, and always well over the
 * latency of a slow server. Every hang costs this wait once, so it is no longer than it must be.
 */
export function livenessBoundMs(latencyMs: number | null, timeoutMs: number): number {
  const l = latencyMs ?? 0;
  return Math.max(3 * l + 500, Math.min(timeoutMs, Math.max(1000, 10 * l)));
}

/** How long the baseline GET may take: long enough to measure a slow server, not forever. */
export function baselineBoundMs(timeoutMs: number): number {
  return Math.max(3 * timeoutMs, 3000);
}

/**
 * The factor every time bound gets for a server whose plain GET takes a sizeable part of the
 * bound: a correct but slow server must not time out for being slow. 1 for a fast server.
 */
export function latencyScale(latencyMs: number | null, timeoutMs: number): number {
  if (latencyMs === null || latencyMs <= timeoutMs / 8) return 1;
  return Math.min(6, Math.round((1 + (2 * latencyMs) / timeoutMs) * 10) / 10);
}

export async function probeTarget(target: Target, o: ProbeOptions): Promise<ProbeResult> {
  const values: PlaceholderValues = { host: o.hostHeader, port: String(target.port) };
  const findings: string[] = [];
  const result: ProbeResult = {
    values,
    echo: false,
    oneAtATime: false,
    baseline: { answered: false, correct: false, latencyMs: null, got: '' },
    canaryFails: null,
    findings,
    restarts: 0,
    dead: null,
    absent: {},
    canaryUnanswered: null,
  };
  const hello = o.readDocrootFile('hello.txt');
  const canary = o.readDocrootFile('canary.txt');

  const baseBound = baselineBoundMs(o.timeoutMs);
  const m = o.mount ?? '';
  const first = await ask(target.host, target.port, getHello(o.hostHeader, m), baseBound);
  const r = first.response;
  result.baseline = {
    answered: r !== null,
    correct: r !== null && r.status === 200 && hello !== null && r.body.equals(hello),
    latencyMs: r === null ? null : first.ms,
    got: r === null ? (first.timedOut ? `no response within ${baseBound} ms` : 'no response (closed)') : `${statusText(r)} with ${r.body.length} bytes`,
  };
  // A server that looks slow is measured once more: the first request may have paid for a cold start.
  if (r !== null && latencyScale(first.ms, o.timeoutMs) > 1) {
    const again = await ask(target.host, target.port, getHello(o.hostHeader, m), baseBound);
    if (again.response !== null) result.baseline.latencyMs = Math.min(first.ms, again.ms);
  }
  // The probes after the baseline wait as long as a case would, or longer for a slow server.
  const liveBound = (): number => Math.max(o.timeoutMs, 3 * (result.baseline.latencyMs ?? 0) + 500);
  if ((await afterProbe('baseline probe (a plain GET of /hello.txt)', r === null)) === 'dead') return result;
  // A server that does not answer a plain GET tells nothing more to the other probes; waiting
  // for them would only add their time bounds to a run that is going to time out anyway.
  if (r === null) return result;
  const etag = header(r, 'etag');
  const lastModified = header(r, 'last-modified');
  if (etag) values.etag = etag;
  if (lastModified) values['last-modified'] = lastModified;

  const echo = await ask(target.host, target.port, `POST ${m}/echo HTTP/1.1\r\nHost: ${o.hostHeader}\r\nContent-Length: 11\r\nConnection: close\r\n\r\necho-probe!`, liveBound());
  result.echo = echo.response?.status === 200 && echo.response.body.toString('latin1') === 'echo-probe!';
  const echoHurt = await afterProbe('echo probe (POST /echo with an 11-byte body)', echo.response === null, true);
  if (echoHurt !== 'fine') result.echo = false;
  if (echoHurt === 'dead') return result;

  // The canary's own answer on a keep-alive connection, after a request nothing is wrong with.
  const pair = await ask(target.host, target.port, `GET ${m}/hello.txt HTTP/1.1\r\nHost: ${o.hostHeader}\r\n\r\nGET ${m}${CANARY_PATH} HTTP/1.1\r\nHost: ${o.hostHeader}\r\n\r\n`, liveBound(), twoResponses);
  result.absent = absentFeatures(r, pair.responses[0] ?? null);
  result.canaryUnanswered = pipelineUnanswered(pair);
  if (result.canaryUnanswered !== null) result.absent.pipelining ??= result.canaryUnanswered;
  const second = pair.responses[1];
  if (second && !(second.status === 200 && canary !== null && second.body.equals(canary))) {
    result.canaryFails = `a plain GET followed by GET /canary.txt on one connection got ${statusText(second)} for the canary`;
  }
  if ((await afterProbe('keep-alive probe (two GETs on one connection)', pair.responses.length === 0)) === 'dead') return result;

  const oneAtATime = await servesOneAtATime(target, o.hostHeader, 1500 + 2 * (result.baseline.latencyMs ?? 0), m);
  // A server that dies when an idle connection closes is still one that serves them one at a time.
  result.oneAtATime = oneAtATime;
  await afterProbe('one-at-a-time probe (a connection left idle while a second one asks)', true);
  return result;

  /**
   * After each probe: did it crash the server (then it was started again), or leave it
   * answering nothing (then it is started again, when the harness started it)? `hurt` when it
   * did and the server is back, `dead` when the run cannot go on.
   */
  async function afterProbe(name: string, suspicious: boolean, absentIfHurt = false, crashWaitMs = suspicious ? 150 : 30): Promise<'fine' | 'hurt' | 'dead'> {
    let crash;
    try {
      crash = await target.checkCrashed(crashWaitMs);
    } catch (e) {
      result.dead = `not run: the ${name} crashed the server and it could not be started again (${oneLine(e)})`;
      findings.push(`the ${name} crashed the server, which could not be started again`);
      return 'dead';
    }
    if (crash) {
      result.restarts++;
      findings.push(`the ${name} crashed the server (${describeExit(crash.exitCode, crash.signal)})${absentIfHurt ? '; what it asked for counts as absent' : ''}; it was started again`);
      return 'hurt';
    }
    // A probe may only be blamed for a hang when the server answered something before it.
    if (!result.baseline.answered || !suspicious) return 'fine';
    const bound = livenessBoundMs(result.baseline.latencyMs, o.timeoutMs);
    const alive = await answersGet(target, o.hostHeader, bound, m);
    if (alive === 'answered') return 'fine';
    // Refused or dropped: it died, and its exit was slow to show.
    if (alive !== 'silent' && target.canRestart && crashWaitMs < 1000) return afterProbe(name, true, absentIfHurt, 1000);
    const hung =
      alive === 'refused'
        ? `after the ${name} the server refused connections`
        : `the ${name} hung the server: ${unanswered(alive, bound)} after it`;
    if (!target.canRestart) {
      findings.push(`${hung}; it cannot be restarted (a server the harness did not start)`);
      result.dead = `not run: ${hung} (a server the harness did not start cannot be restarted)`;
      return 'dead';
    }
    try {
      await target.restart(`hung by the ${name}`);
    } catch (e) {
      findings.push(`${hung}; it could not be started again`);
      result.dead = `not run: ${hung}, and it could not be started again (${oneLine(e)})`;
      return 'dead';
    }
    result.restarts++;
    findings.push(`${hung}${absentIfHurt ? '; what it asked for counts as absent' : ''}; it was started again`);
    return 'hurt';
  }
}

/** An error's message on one line (newlines become ` | `). */
export function oneLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, ' | ');
}

/**
 * A server that handles one connection at a time cannot answer a second connection while the
 * first sits idle: a blocking `accept(); recv()` loop is stuck in `recv()` on the first. Running
 * cases concurrently against it would turn the harness's own concurrency into failures, so such
 * targets are run with concurrency 1. The bound grows with the server's measured latency, so a
 * slow server is not taken for a one-at-a-time one.
 */
async function servesOneAtATime(target: Target, hostHeader: string, boundMs: number, mount: string): Promise<boolean> {
  const stalled = net.connect({ host: target.host, port: target.port });
  stalled.on('error', () => {});
  await new Promise<void>((resolve) => {
    stalled.once('connect', () => resolve());
    stalled.once('error', () => resolve());
  });
  try {
    return (await ask(target.host, target.port, getHello(hostHeader, mount), boundMs)).response === null;
  } finally {
    stalled.destroy();
  }
}
