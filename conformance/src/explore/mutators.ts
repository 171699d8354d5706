// Mutators that know HTTP/1.1's structure (RFC 9112 §2-§7): they change a request at its
// delimiters, in its request line, its field names and values, its chunk sizes and extensions,
// and across pipelined request boundaries, because that is where parsers disagree. Each returns a
// new template, or null when it finds nothing of its kind to change; the caller checks validity.

import type { Rng } from './rng.ts';
import { lines, units, type Template } from './template.ts';

export type Mutator = { name: string; apply(t: Template, rng: Rng): Template | null };

const FIELD_LINE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+[ \t]*:/;
const REQUEST_LINE = /^[A-Za-z_-]+ \S+ HTTP\/\d\.\d\r?\n$/;
const CHUNK_SIZE_LINE = /^[0-9a-fA-F]+[ \t]*(;[^\r\n]*)?\r?\n$/;
const DELIMITERS = ['\r', '\n', ' ', '\t', ':', ',', ';'] as const;

/** Odd octets parsers treat differently: controls, DEL, obs-text, NUL. */
const ODD_OCTETS = ['\x00', '\x01', '\x0b', '\x0c', '\r', '\n', '\t', ' ', '\x7f', '\x80', '\xa0', '\xff', '"', '\\'] as const;
const FRAMING_FIELDS = [
  'Content-Length: 0',
  'Content-Length: 1',
  'Content-Length: 5',
  'Content-Length: 30',
  'Transfer-Encoding: chunked',
  'Transfer-Encoding: Chunked',
  'Transfer-Encoding: chunked, identity',
  'Transfer-Encoding: identity',
  'Transfer-Encoding: gzip, chunked',
  'Transfer-Encoding: xchunked',
  'Connection: close',
  'Expect: 100-continue',
] as const;

function fieldLines(ls: readonly string[]): number[] {
  return ls.flatMap((l, i) => (FIELD_LINE.test(l) ? [i] : []));
}

function withLine(ls: readonly string[], i: number, line: string | null): Template {
  const copy = [...ls];
  if (line === null) copy.splice(i, 1);
  else copy[i] = line;
  return copy.join('');
}

/** Splits a line into its text and its ending (CRLF, LF or nothing). */
function splitEnding(line: string): [text: string, ending: string] {
  const m = /\r?\n$/.exec(line);
  return m ? [line.slice(0, m.index), m[0]] : [line, ''];
}

/** A place between units of `s` (its end too unless `end` is false), never inside a placeholder; the same draw as any offset when it has none. */
function unitBoundary(s: string, rng: Rng, end = true): number {
  const bounds = [0];
  for (const u of units(s)) bounds.push(bounds.at(-1)! + u.length);
  return rng.pick(end ? bounds : bounds.slice(0, -1));
}

function insertAt(s: string, at: number, piece: string): string {
  return s.slice(0, at) + piece + s.slice(at);
}

/** At a CR, LF, SP, HTAB, colon, comma or semicolon: drop, double, swap or pad it. */
const delimiter: Mutator = {
  name: 'delimiter',
  apply(t, rng) {
    const us = units(t);
    const at = us.flatMap((u, i) => ((DELIMITERS as readonly string[]).includes(u) ? [i] : []));
    if (at.length === 0) return null;
    const i = rng.pick(at);
    const d = us[i]!;
    const choice = rng.int(6);
    if (choice === 0) us.splice(i, 1);
    else if (choice === 1) us.splice(i, 0, d);
    else if (choice === 2) us[i] = rng.pick(DELIMITERS);
    else if (choice === 3) us.splice(i, 0, rng.pick([' ', '\t']));
    else if (choice === 4) us.splice(i + 1, 0, rng.pick([' ', '\t']));
    else us.splice(rng.chance(0.5) ? i : i + 1, 0, rng.pick(ODD_OCTETS));
    return us.join('');
  },
};

/** CRLF line endings turned into bare LF or bare CR, one line or all. */
const lineEnding: Mutator = {
  name: 'line-ending',
  apply(t, rng) {
    if (!t.includes('\r\n')) return null;
    const to = rng.pick(['\n', '\r', '\r\r\n', '\n\r']);
    if (rng.chance(0.3)) return t.replaceAll('\r\n', to);
    const ls = lines(t).filter((l) => l.endsWith('\r\n'));
    const target = rng.pick(ls);
    const all = lines(t);
    const i = all.indexOf(target);
    return withLine(all, i, target.slice(0, -2) + to);
  },
};

/** The method, request-target or version of a request line. */
const requestLine: Mutator = {
  name: 'request-line',
  apply(t, rng) {
    const ls = lines(t);
    const at = ls.flatMap((l, i) => (REQUEST_LINE.test(l) ? [i] : []));
    if (at.length === 0) return null;
    const i = rng.pick(at);
    const [text, ending] = splitEnding(ls[i]!);
    const [method, target, version] = text.split(' ') as [string, string, string];
    const part = rng.int(3);
    let out: string;
    if (part === 0) {
      const m = rng.pick([method.toLowerCase(), method + 'X', `${method} `, 'GET', 'POST', 'HEAD', 'PUT', 'OPTIONS', ` ${method}`, method + '\t']);
      out = `${m} ${target} ${version}`;
    } else if (part === 1) {
      const tg = rng.pick([`http://{host}${target}`, `${target}?a=b`, `${target}#f`, `/.${target}`, '*', `${target} `, `${target}\t`, `/%2e${target}`, `//${target}`, target.toUpperCase()]);
      out = `${method} ${tg} ${version}`;
    } else {
      const v = rng.pick(['HTTP/1.0', 'HTTP/1.2', 'HTTP/2.0', 'http/1.1', 'HTTP/1.10', 'HTTP/01.1', 'HTTP/1.1 ', 'HTTP/1', '']);
      out = v === '' ? `${method} ${target}` : `${method} ${target} ${v}`;
    }
    return withLine(ls, i, out + ending);
  },
};

/** A field name: case, whitespace before the colon, a leading space (obs-fold), odd octets. */
const fieldName: Mutator = {
  name: 'field-name',
  apply(t, rng) {
    const ls = lines(t);
    const at = fieldLines(ls);
    if (at.length === 0) return null;
    const i = rng.pick(at);
    const line = ls[i]!;
    const colon = line.indexOf(':');
    const name = line.slice(0, colon);
    const rest = line.slice(colon);
    const choice = rng.int(6);
    let next: string;
    if (choice === 0) next = (rng.chance(0.5) ? name.toUpperCase() : name.toLowerCase()) + rest;
    else if (choice === 1) next = name + rng.pick([' ', '\t', '  ']) + rest;
    else if (choice === 2) next = rng.pick([' ', '\t']) + line;
    else if (choice === 3) next = name.replaceAll('-', rng.pick(['_', '.', ''])) + rest;
    else if (choice === 4) next = insertAt(name, rng.int(name.length + 1), rng.pick(ODD_OCTETS)) + rest;
    else next = name + rng.pick(['s', 'x', '2']) + rest;
    return withLine(ls, i, next);
  },
};

/** A field value: whitespace, odd octets, list forms, quoting, and numbers a little off. */
const fieldValue: Mutator = {
  name: 'field-value',
  apply(t, rng) {
    const ls = lines(t);
    const at = fieldLines(ls);
    if (at.length === 0) return null;
    const i = rng.pick(at);
    const [text, ending] = splitEnding(ls[i]!);
    const colon = text.indexOf(':');
    const head = text.slice(0, colon + 1);
    const value = text.slice(colon + 1).trim();
    const numeric = /^\d+$/.test(value);
    const choice = rng.int(numeric ? 8 : 6);
    let v: string;
    if (choice === 0) v = ` ${value}${rng.pick([' ', '\t', '\x0b', '\x0c', '\x00'])}`;
    else if (choice === 1) v = `${rng.pick(['', ' ', '\t', '\t\t'])}${value}`;
    else if (choice === 2) v = ` ${insertAt(value, unitBoundary(value, rng), rng.pick(ODD_OCTETS))}`;
    else if (choice === 3) v = ` ${value}${rng.pick([', ', ',', ' ,'])}${rng.chance(0.5) ? value : ''}`;
    else if (choice === 4) v = ` "${value}"`;
    else if (choice === 5) v = rng.pick(['', ' ']);
    else if (choice === 6) v = ` ${rng.pick([String(Number(value) + 1), String(Math.max(0, Number(value) - 1)), `0${value}`, `+${value}`, `-${value}`, `${value}.0`, `0x${value}`, `${value} ${value}`])}`;
    else v = ` ${rng.pick(['18446744073709551616', '4294967296', '99999999999999999999', '-1'])}`;
    return withLine(ls, i, head + v + ending);
  },
};

/** A field line given twice (the same value or another), or two field lines swapped, or one dropped. */
const fieldOrder: Mutator = {
  name: 'field-order',
  apply(t, rng) {
    const ls = lines(t);
    const at = fieldLines(ls);
    if (at.length === 0) return null;
    const i = rng.pick(at);
    const choice = rng.int(3);
    const copy = [...ls];
    if (choice === 0) copy.splice(rng.chance(0.5) ? i : i + 1, 0, ls[i]!);
    else if (choice === 1 && at.length > 1) {
      const j = rng.pick(at.filter((x) => x !== i));
      [copy[i], copy[j]] = [ls[j]!, ls[i]!];
    } else copy.splice(i, 1);
    return copy.join('');
  },
};

/** A framing field (Content-Length, Transfer-Encoding, ...) added among the field lines. */
const framingField: Mutator = {
  name: 'framing-field',
  apply(t, rng) {
    const ls = lines(t);
    const at = fieldLines(ls);
    if (at.length === 0) return null;
    const i = rng.pick(at);
    const ending = splitEnding(ls[i]!)[1] || '\r\n';
    const copy = [...ls];
    copy.splice(rng.chance(0.5) ? i : i + 1, 0, rng.pick(FRAMING_FIELDS) + ending);
    return copy.join('');
  },
};

/** A chunk-size line: hex forms, leading zeros, signs, extensions and whitespace. */
const chunkSize: Mutator = {
  name: 'chunk-size',
  apply(t, rng) {
    const ls = lines(t);
    // A chunk-size line follows the blank line that ends a head, or a chunk's data.
    const at = ls.flatMap((l, i) => (i > 0 && CHUNK_SIZE_LINE.test(l) ? [i] : []));
    if (at.length === 0) return null;
    const i = rng.pick(at);
    const [text, ending] = splitEnding(ls[i]!);
    const semi = text.indexOf(';');
    const size = (semi < 0 ? text : text.slice(0, semi)).trimEnd();
    const ext = semi < 0 ? '' : text.slice(semi);
    const n = parseInt(size, 16);
    const forms = [
      `0x${size}`,
      `0${size}`,
      `00000000000000000${size}`,
      size.toUpperCase(),
      `+${size}`,
      `-${size}`,
      `${size} `,
      `${size}\t`,
      ` ${size}`,
      `${(n + 1).toString(16)}`,
      `${Math.max(0, n - 1).toString(16)}`,
      `1${'0'.repeat(16)}${size}`,
      `${size}_`,
      `${size}g`,
    ];
    const exts = [ext, ';a=b', ';a="b;c"', ' ;a', ';', ';a\x00', `;a=${'x'.repeat(8)}`, ';a=b\rX'];
    const next = rng.chance(0.6) ? rng.pick(forms) + ext : size + rng.pick(exts);
    return withLine(ls, i, next + ending);
  },
};

/** At a pipelined boundary: extra CRLFs, a request glued on, or the canary moved or added. */
const pipeline: Mutator = {
  name: 'pipeline',
  apply(t, rng) {
    const choice = rng.int(5);
    if (choice === 0) return t.includes('{canary}') ? t.replace('{canary}', rng.pick(['\r\n{canary}', '\r\n\r\n{canary}', '\n{canary}', ' {canary}'])) : `${t}{canary}`;
    if (choice === 1) return t.includes('{canary}') ? t.replace('{canary}', '') : `${t}{canary}`;
    if (choice === 2) {
      const blank = t.indexOf('\r\n\r\n');
      return blank < 0 ? null : insertAt(t, blank + 4, '{canary}');
    }
    if (choice === 3) {
      const body = t.indexOf('\r\n\r\n');
      if (body < 0 || body + 4 >= t.length) return null;
      // Never inside a placeholder: between the body's units, before its end.
      const at = body + 4 + unitBoundary(t.slice(body + 4), rng, false);
      return insertAt(t, at, rng.pick(['GET /hello.txt HTTP/1.1\r\nHost: {host}\r\n\r\n', '0\r\n\r\n', '\r\n']));
    }
    return t.replace(/\r\n\r\n/, '\r\n\r\n\r\n');
  },
};

/** The body: an octet more or fewer, so that it no longer matches its declared length. */
const bodyLength: Mutator = {
  name: 'body-length',
  apply(t, rng) {
    const blank = t.indexOf('\r\n\r\n');
    if (blank < 0) return null;
    const start = blank + 4;
    const end = t.includes('{canary}') ? t.indexOf('{canary}') : t.length;
    if (end < start) return null;
    const body = t.slice(start, end);
    const next = rng.chance(0.5) && body.length > 0 ? body.slice(0, -1) : body + rng.pick(['x', '\r\n', '0']);
    return t.slice(0, start) + next + t.slice(end);
  },
};

/**
 * A body framed by Content-Length sent chunked instead, with `Transfer-Encoding: chunked` added
 * and the Content-Length mostly kept: the classic conflict between the two framings.
 */
const chunkBody: Mutator = {
  name: 'chunk-body',
  apply(t, rng) {
    const m = /\r?\nContent-Length:[ \t]*(\d+)[ \t]*\r?\n/i.exec(t);
    const blank = t.indexOf('\r\n\r\n');
    if (!m || blank < 0 || m.index > blank) return null;
    const start = blank + 4;
    const body = t.slice(start, start + Number(m[1]));
    if (body.length === 0 || body.includes('{')) return null;
    const cut = rng.int(body.length + 1);
    const pieces = [body.slice(0, cut), body.slice(cut)].filter((p) => p.length > 0);
    const chunked = pieces.map((p) => `${p.length.toString(16)}\r\n${p}\r\n`).join('') + '0\r\n\r\n';
    const te = `\r\nTransfer-Encoding: chunked`;
    const headEnd = m.index + m[0].length - (m[0].endsWith('\r\n') ? 2 : 1);
    let head = t.slice(0, blank);
    head = rng.chance(0.7) ? head.slice(0, headEnd) + te + head.slice(headEnd) : head.slice(0, m.index) + te + head.slice(headEnd);
    return `${head}\r\n\r\n${chunked}${t.slice(start + body.length)}`;
  },
};

/** Each mutator with its weight: the framing ones come up more often, since framing is what smuggling needs. */
const WEIGHTED: ReadonlyArray<readonly [Mutator, number]> = [
  [delimiter, 2],
  [lineEnding, 1],
  [requestLine, 1],
  [fieldName, 2],
  [fieldValue, 2],
  [fieldOrder, 1],
  [framingField, 2],
  [chunkSize, 2],
  [chunkBody, 2],
  [pipeline, 1],
  [bodyLength, 1],
];

export const MUTATORS: readonly Mutator[] = WEIGHTED.map(([m]) => m);

/** The mutators, each repeated by its weight, for picking uniformly. */
export const MUTATOR_DRAW: readonly Mutator[] = WEIGHTED.flatMap(([m, w]) => Array.from({ length: w }, () => m));

export function mutatorNamed(name: string): Mutator {
  const m = MUTATORS.find((x) => x.name === name);
  if (!m) throw new Error(`no mutator named ${name}`);
  return m;
}
