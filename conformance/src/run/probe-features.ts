// Optional features a target shows it lacks, learnt from the probe's answers before the cases
// run, so that the cases needing them are skipped with the reason instead of failed as if a MUST
// were broken:
// - persistence: RFC 9112 §9.3 lets a server close after every response, saying so with
//   `Connection: close`; such a server offers neither keep-alive nor pipelining;
// - validators: a server that sends neither ETag nor Last-Modified has nothing a conditional
//   request could be evaluated against (RFC 9110 §13.1).
// Declared `--capabilities` override all of this (run-suite.ts).

import type { Capability } from '../case/types.ts';
import type { ReadResponse } from '../wire/types.ts';

/** Capabilities the target showed it lacks, each with the reason a skip names. */
export type AbsentFeatures = Partial<Record<Capability, string>>;

export const NO_PERSISTENCE = 'it closes every connection: a GET without Connection: close was answered with Connection: close (RFC 9112 §9.3 allows that)';
export const NO_VALIDATORS = 'GET /hello.txt carried neither ETag nor Last-Modified, so there is nothing to make a request conditional on';

function field(r: ReadResponse, name: string): string | undefined {
  return r.headers.find(([n]) => n.toLowerCase() === name)?.[1];
}

function announcesClose(r: ReadResponse): boolean {
  return (field(r, 'connection') ?? '').toLowerCase().split(',').some((t) => t.trim() === 'close');
}

export const PIPELINE_UNANSWERED = 'a GET sent right behind another on one connection was never answered (the connection stayed open)';

/**
 * Why the canary cannot be judged on this server, or null: the probe's two GETs in one write got
 * the first answer only, on a connection left open, without any `Connection: close`. Such a server
 * drops requests pipelined behind another (gunicorn's gthread worker does); every case's canary
 * would go unanswered, one behaviour counted in every case that sends one.
 */
export function pipelineUnanswered(pair: { responses: readonly ReadResponse[]; timedOut: boolean }): string | null {
  const [first] = pair.responses;
  if (pair.responses.length !== 1 || !pair.timedOut || first === undefined || announcesClose(first)) return null;
  return PIPELINE_UNANSWERED;
}

/**
 * `hello`: the answer to the probe's `GET /hello.txt`. `keptAlive`: the first answer on a
 * connection whose request did not ask for a close (null when there was none).
 */
export function absentFeatures(hello: ReadResponse, keptAlive: ReadResponse | null): AbsentFeatures {
  const absent: AbsentFeatures = {};
  if (field(hello, 'etag') === undefined && field(hello, 'last-modified') === undefined) absent.conditional = NO_VALIDATORS;
  if (keptAlive !== null && announcesClose(keptAlive)) {
    absent['keep-alive'] = NO_PERSISTENCE;
    absent.pipelining = NO_PERSISTENCE;
  }
  return absent;
}
