// The wire transcript as plain text, one line per event, for formats without markup (JUnit,
// TAP, Markdown): `+12.0 ms  write  GET / HTTP/1.1\r\n...`. Bytes stay in the escaped notation.

import type { CaseResult, WireEntry } from '../result/types.ts';

/** Each write or read is cut to this many characters: CI logs are not the place for 10 MiB. */
const MAX_TEXT = 2000;

export function wireText(result: Pick<CaseResult, 'wire'>, maxText = MAX_TEXT): string {
  return result.wire.map((e) => `${at(e.atMs)}  ${describe(e, maxText)}`).join('\n');
}

function describe(e: WireEntry, maxText: number): string {
  switch (e.kind) {
    case 'write':
      return `write  ${cut(e.text, maxText)}`;
    case 'read':
      return `read   ${cut(e.text, maxText)}`;
    case 'pause':
      return `pause  ${e.ms} ms`;
    case 'await-head':
      return `await  a response head (waited ${Math.round(e.waitedMs)} of ${e.maxMs} ms, ${e.arrived ? 'arrived' : 'none arrived'})`;
    case 'close':
      return `close  ${e.how === 'fin' ? 'half-close (FIN)' : 'reset (RST)'}`;
    case 'end':
      return `end    ${e.how}`;
    case 'error':
      return `error  ${e.code}: ${e.message}`;
  }
}

function at(ms: number): string {
  return `+${ms.toFixed(1)} ms`.padStart(11);
}

export function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}... (${text.length - max} more characters)`;
}
