// "Answered, then refused the rest and closed": a server that answers a request before reading
// its body (405 for a POST to a file, say), then reads on, meets the framing error or the stray
// octets, answers 400 (or 413, 414, 501...) and closes. The response where the canary's answer
// belongs is that refusal, yet nothing after the request was processed and the connection is
// gone: no request was smuggled. A desync needs a response only a request parsed out of the
// body can explain: the canary's 200, a 2xx or a 404 for a path hidden in the body.

import type { Observed } from './observed.ts';
import { announcesClose } from './settle.ts';
import { statusText } from './show.ts';

// Statuses that refuse a request line or a message, never answer a resource found at a path.
const REFUSALS: ReadonlySet<number> = new Set([400, 405, 408, 411, 413, 414, 417, 431, 501, 505]);

function refuses(status: number | null): boolean {
  return status !== null && (REFUSALS.has(status) || status >= 500);
}

/** The refusals after the first response, as text, when the outcome is this safe shape; else null. */
export function refusedThenClosed(o: Observed): string | null {
  if (o.finals.length < 2 || o.garbage.length > 0 || o.incomplete !== null) return null;
  const rest = o.finals.slice(1);
  if (!rest.every((r) => refuses(r.status))) return null;
  // Closed, or about to: the last refusal says `Connection: close` (the harness may stop reading
  // before the FIN once more responses came than any outcome allows).
  if (o.end === 'open' && !announcesClose(rest.at(-1)!)) return null;
  return rest.map(statusText).join(', ');
}
