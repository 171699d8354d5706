// A shell one-liner that sends the bytes a case sent, for someone debugging a server without the
// harness: `{ printf '%b' 'GET / HTTP/1.1\r\n...'; sleep 0.3; printf '%b' '...'; } | nc -q 2 HOST PORT`.
// Only POSIX `printf %b` escapes are used (`\r`, `\n`, `\t`, `\\`, `\0ooo`), so dash runs it too.

import type { CaseResult, WireEntry } from '../result/types.ts';
import { unescapeBytes } from '../wire/escape.ts';

export type ShellRepro = {
  /** The whole pipeline, ready to paste. */
  command: string;
  /** The part left of `| nc`: what writes the bytes to stdout (tests run it to compare bytes). */
  producer: string;
  /** Why the one-liner is not exact (a write cut short in the report, a reset), if it is not. */
  notes: string[];
};

/** A run of one octet at least this long becomes `head -c N /dev/zero | tr ...`. */
const RUN_MIN = 64;
const TRUNCATED = /\.\.\. \((\d+) more bytes\)$/;

export function shellRepro(result: Pick<CaseResult, 'wire'>, address: string): ShellRepro {
  const { host, port } = splitAddress(address);
  const commands: string[] = [];
  const notes: string[] = [];
  for (const step of result.wire) {
    if (!sendsSomething(step)) continue;
    if (step.kind === 'write') {
      const { text, moreBytes } = splitTruncation(step.text);
      commands.push(...writeCommands(unescapeBytes(text)));
      if (moreBytes > 0) notes.push(`a write was longer than the report keeps (${moreBytes} bytes left out): run the harness command for the exact bytes`);
    } else if (step.kind === 'pause') {
      commands.push(`sleep ${seconds(step.ms)}`);
    } else if (step.kind === 'await-head') {
      // The harness waited for a response head here; a fixed wait stands in for it.
      commands.push(`sleep ${seconds(Math.max(500, step.waitedMs))}`);
    } else if (step.kind === 'close') {
      if (step.how === 'reset') notes.push('the harness then reset the connection (RST), which nc cannot do');
      break;
    }
  }
  if (commands.length === 0) commands.push(':');
  const producer = commands.length === 1 ? commands[0]! : `{ ${commands.join('; ')}; }`;
  return { command: `${producer} | nc -q 2 ${host} ${port}`, producer, notes };
}

function sendsSomething(e: WireEntry): e is Extract<WireEntry, { kind: 'write' | 'pause' | 'await-head' | 'close' }> {
  return e.kind === 'write' || e.kind === 'pause' || e.kind === 'await-head' || e.kind === 'close';
}

/** Escaped text as the report keeps it, and how many bytes it says were cut off. */
export function splitTruncation(text: string): { text: string; moreBytes: number } {
  const m = TRUNCATED.exec(text);
  return m ? { text: text.slice(0, m.index), moreBytes: Number(m[1]) } : { text, moreBytes: 0 };
}

function writeCommands(bytes: Buffer): string[] {
  const out: string[] = [];
  let literal: number[] = [];
  const flush = (): void => {
    if (literal.length > 0) out.push(`printf '%b' '${literal.map(printfEscape).join('')}'`);
    literal = [];
  };
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    let j = i;
    while (j < bytes.length && bytes[j] === b) j++;
    if (j - i >= RUN_MIN) {
      flush();
      out.push(b === 0 ? `head -c ${j - i} /dev/zero` : `head -c ${j - i} /dev/zero | tr '\\000' '\\${octal(b)}'`);
    } else {
      for (let k = i; k < j; k++) literal.push(b);
    }
    i = j;
  }
  flush();
  return out;
}

function printfEscape(b: number): string {
  if (b === 0x0d) return '\\r';
  if (b === 0x0a) return '\\n';
  if (b === 0x09) return '\\t';
  if (b === 0x5c) return '\\\\';
  // A quote would end the shell's single-quoted word.
  if (b >= 0x20 && b < 0x7f && b !== 0x27) return String.fromCharCode(b);
  return `\\0${octal(b)}`;
}

function octal(b: number): string {
  return b.toString(8).padStart(3, '0');
}

function seconds(ms: number): string {
  return String(Math.ceil(ms / 100) / 10);
}

function splitAddress(address: string): { host: string; port: string } {
  const colon = address.lastIndexOf(':');
  if (colon === -1) return { host: address, port: '80' };
  return { host: address.slice(0, colon).replace(/^\[(.*)\]$/, '$1'), port: address.slice(colon + 1) };
}
