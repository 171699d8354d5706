import type { RequestHead } from '../../src/protocol/events.ts';

/** A parsed GET / head, as the parser gives it, with `overrides` in place (for socket-free tests). */
export function head(overrides: Partial<RequestHead> = {}): RequestHead {
  return {
    method: 'GET',
    target: '/',
    targetForm: 'origin',
    authority: null,
    version: { major: 1, minor: 1 },
    headers: [],
    framing: { kind: 'none' },
    keepAlive: true,
    expectContinue: false,
    host: 'a',
    ...overrides,
  };
}
