// A shell one-liner that sends the bytes a case sent, for someone debugging a server without the
// harness: `{ printf '%b' 'GET / HTTP/1.1\r\n...'; sleep 0.3; printf '%b' '...'; } | nc -q 2 HOST PORT`.
// Only POSIX `printf %b` escapes are used (`\r`, `\n`, `\t`, `\\`, `\0ooo`), so dash runs it too.
// A case's `before:` connections go first, each in the background, held open as the harness held
// them until the case's own connection is done, then killed:
// `{ printf ...; sleep 5.3; } | nc -q 0 HOST PORT >/dev/null & side1=$!; sleep 0.3; ... | nc -q 2 HOST PORT; kill $side1 2>/dev/null`.
// A flood (`count` copies) is a `for` loop that starts them all and keeps their process ids.

import type { CaseResult, WireEntry } from '../result/types.ts';
import { unescapeBytes } from '../wire/escape.ts';

export type ShellRepro = {
  /** The whole pipeline, ready to paste. */
  command: string;
  /** The part left of `| nc`: what writes the bytes to stdout (tests run it to compare bytes). */
  producer: string;
  /** The same for each `before:` connection, in order: what writes its bytes, without the hold. */
  sides: Array<{ name: string; producer: string }>;
  /** Why the one-liner is not exact (a write cut short in the report, a reset), if it is not. */
  notes: string[];
};

/** A run of one octet at least this long becomes `head -c N /dev/zero | tr ...`. */
const RUN_MIN = 64;
const TRUNCATED = /\.\.\. \((\d+) more bytes\)$/;
const NOT_SHOWN = /^\((\d+) bytes not shown\)$/;
/** Between starting a side connection (after its own steps) and the next connection. */
const SIDE_GAP_MS = 300;
/** What `nc -q 2` may wait after the case's connection sent its last byte, and some room. */
const HOLD_EXTRA_MS = 5000;

type Connection = { commands: string[]; sleptMs: number; closed: 'fin' | 'reset' | null };

export function shellRepro(result: Pick<CaseResult, 'wire' | 'before'>, address: string): ShellRepro {
  const { host, port } = splitAddress(address);
  const notes: string[] = [];
  const main = connection(result.wire, notes, '');
  const producer = group(main.commands);
  const mainCommand = `${producer} | nc -q 2 ${host} ${port}`;
  const before = (result.before ?? []).map((s) => ({ name: s.name, ...connection(s.wire, notes, `connection ${s.name} (before): `) }));
  if (before.length === 0) return { command: mainCommand, producer, sides: [], notes };

  // A bound on how long the last side connection must stay open: every sleep to come, and the
  // case's connection. Killing its nc ends it sooner; the hold only keeps nothing open for good.
  const holdMs = before.reduce((t, s) => t + s.sleptMs + SIDE_GAP_MS, 0) + main.sleptMs + HOLD_EXTRA_MS;
  const started = before.map((s, i) => {
    // Left open: stdin never ends before the hold, and nc quits as soon as it does. Half-closed:
    // nc sends a FIN at the end of stdin and keeps reading, as the harness did. Reset: closed.
    const held = s.closed === null;
    const pipeline = `${group(held ? [...s.commands, `sleep ${seconds(holdMs)}`] : s.commands)} | nc -q ${s.closed === 'fin' ? Math.ceil(holdMs / 1000) : 0} ${host} ${port}`;
    const pause = `sleep ${seconds(s.sleptMs + SIDE_GAP_MS)}`;
    const flood = result.before![i]!.flood;
    // A flood's copies start together here (the harness opened them one after another).
    if (flood) return `side${i + 1}=; for n in $(seq ${flood.count}); do ${pipeline} >/dev/null & side${i + 1}="$side${i + 1} $!"; done; ${pause}`;
    return `${pipeline} >/dev/null & side${i + 1}=$!; ${pause}`;
  });
  const kill = `kill ${before.map((_, i) => `$side${i + 1}`).join(' ')} 2>/dev/null`;
  return {
    command: [...started, mainCommand, kill].join('; '),
    producer,
    sides: before.map((s) => ({ name: s.name, producer: group(s.commands) })),
    notes,
  };
}

/** The commands that write one connection's bytes, and how long they sleep in all. */
function connection(wire: readonly WireEntry[], notes: string[], notePrefix: string): Connection {
  const commands: string[] = [];
  let sleptMs = 0;
  const sleep = (ms: number): void => {
    commands.push(`sleep ${seconds(ms)}`);
    sleptMs += ms;
  };
  for (const step of wire) {
    if (step.kind === 'write') {
      const notShown = NOT_SHOWN.exec(step.text);
      const { text, moreBytes } = notShown ? { text: '', moreBytes: Number(notShown[1]) } : splitTruncation(step.text);
      commands.push(...writeCommands(unescapeBytes(text)));
      if (moreBytes > 0) notes.push(`${notePrefix}a write was longer than the report keeps (${moreBytes} bytes left out): run the harness command for the exact bytes`);
    } else if (step.kind === 'pause') {
      sleep(step.ms);
    } else if (step.kind === 'await-head') {
      // The harness waited for a response head here; a fixed wait stands in for it.
      sleep(Math.max(500, step.waitedMs));
    } else if (step.kind === 'close') {
      if (step.how === 'reset') notes.push(`${notePrefix}the harness then reset the connection (RST), which nc cannot do`);
      return { commands, sleptMs, closed: step.how };
    }
  }
  return { commands, sleptMs, closed: null };
}

/** Commands as one producer: the command itself, or `{ a; b; }`; `:` when there are none. */
function group(commands: readonly string[]): string {
  if (commands.length === 0) return ':';
  return commands.length === 1 ? commands[0]! : `{ ${commands.join('; ')}; }`;
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
