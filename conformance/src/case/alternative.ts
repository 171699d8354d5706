// What an alternative asks of the connection, read the same way by the wire's stopping rule
// (judge/settle.ts) and the schedule (run/run-all.ts).

import type { Alternative } from './types.ts';

/** The alternative is met only once the server has ended the connection (by FIN or reset, or by reset only). */
export function needsEnd(a: Alternative): boolean {
  return a.connection === 'closed' || a.connection === 'reset';
}

/** Silence: no response, and the connection need not end. Only waiting can show it. */
export function isSilence(a: Alternative): boolean {
  return a.responses.length === 0 && !needsEnd(a);
}
