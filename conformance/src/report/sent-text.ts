// What a connection sent, as one line of escaped text: the writes run together, with the steps
// between them in brackets (`[pause 500 ms]`, `[await response head]`, `[FIN]`, `[RST]`), so a
// student sees the request bytes the way they went out without reading a whole transcript.

import type { WireEntry } from '../result/types.ts';

export function sentText(wire: readonly WireEntry[]): string {
  const parts: string[] = [];
  for (const e of wire) {
    if (e.kind === 'write') parts.push(e.text);
    else if (e.kind === 'pause') parts.push(`[pause ${e.ms} ms]`);
    else if (e.kind === 'await-head') parts.push('[await response head]');
    else if (e.kind === 'close') parts.push(e.how === 'fin' ? '[FIN]' : '[RST]');
  }
  return parts.join('');
}
