// The wire transcript as plain text, one line per event, for formats without markup (JUnit,
// TAP, Markdown): `+12.0 ms  write  GET / HTTP/1.1\r\n...`. Bytes stay in the escaped notation.
// A case's `before:` connections come first, each under a line saying what it is, so a reader
// sees that the case's own connection was not the only one.

import type { CaseResult, SideWire, WireEntry } from '../result/types.ts';

/** Each write or read is cut to this many characters: CI logs are not the place for 10 MiB. */
const MAX_TEXT = 2000;

type Wires = Pick<CaseResult, 'wire' | 'before'>;

/** Whether there is any transcript to show (a case whose side connection failed has no `wire`). */
export function hasWire(result: Wires): boolean {
  return result.wire.length > 0 || (result.before?.length ?? 0) > 0;
}

export function wireText(result: Wires, maxText = MAX_TEXT): string {
  if (!result.before) return lines(result.wire, maxText);
  const own = result.wire.length > 0 ? lines(result.wire, maxText) : '  (not opened)';
  return `${sidesText(result.before, maxText)}\nthe case's connection:\n${own}`;
}

/** The side connections alone, each under its label. */
export function sidesText(before: readonly SideWire[], maxText = MAX_TEXT): string {
  return before.map((s) => `${sideLabel(s)}:\n${lines(s.wire, maxText)}`).join('\n');
}

/** What a side connection is, in the words every report uses for it. */
export function sideLabel(side: SideWire): string {
  const f = side.flood;
  if (f === undefined) return `connection "${side.name}", opened before the case's connection and left as its steps left it (${side.receivedBytes} bytes received)`;
  const refused = f.refused === null ? '' : `; ${f.refused}`;
  return `${f.count} connections "${side.name}", opened one after another before the case's connection and left as their steps left them (${f.opened} opened${refused}; ${side.receivedBytes} bytes received in all; the first one's transcript)`;
}

function lines(wire: readonly WireEntry[], maxText: number): string {
  return wire.map((e) => `${at(e.atMs)}  ${describe(e, maxText)}`).join('\n');
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
