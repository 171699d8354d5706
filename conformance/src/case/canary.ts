// The canary: a follow-up request appended to a case (`{canary}`) whose correct answer proves the
// server stayed in sync with the request framing.

import { CANARY_FILE, CANARY_PATH, type ResponseMatcher } from './types.ts';

/** The request `{canary}` stands for. */
export function canaryRequest(host: string): string {
  return `GET ${CANARY_PATH} HTTP/1.1\r\nHost: ${host}\r\n\r\n`;
}

/** What `canary` in `responses` means: a 200 whose body is the bytes of canary.txt. */
export function canaryMatcher(): ResponseMatcher {
  return {
    status: { kind: 'exact', codes: [200] },
    headers: {},
    body: [{ kind: 'file', path: CANARY_FILE }],
    canary: true,
  };
}
