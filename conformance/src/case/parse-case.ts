// One entry of a file's `cases:` list, checked field by field and normalised into a `Case`.

import { inferHeadResponses } from './infer-head.ts';
import { MAX_CASE_BYTES, MAX_MS } from './limits.ts';
import { parseBefore } from './parse-before.ts';
import { parseExpect } from './parse-expect.ts';
import { parseSend } from './parse-send.ts';
import { caseSendSize, describeBytes } from './send-size.ts';
import { AREAS, CAPABILITIES, LEVELS, type Area, type Capability, type Case, type Level } from './types.ts';
import { kindOf, type Entry, type YamlReader } from './yaml-reader.ts';

export const CASE_KEYS = [
  'id',
  'title',
  'area',
  'rfc',
  'quote',
  'level',
  'why',
  'tags',
  'needs',
  'timeout',
  'head',
  'before',
  'send',
  'expect',
] as const;

const REQUIRED = ['id', 'title', 'rfc', 'quote', 'level', 'send', 'expect'] as const;
const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;
// `RFC 9112 §6.3`, several joined by `; `. Appendices are letters: `RFC 9112 §C.2`.
const RFC_REF = /^RFC [1-9]\d* §(\d+|[A-Z])(\.\d+)*$/;

/** `fileHasArea`: the file sets a default area (reported on its own line when it is wrong). */
export function parseCase(r: YamlReader, e: Entry, file: string, defaultArea: Area | null, fileHasArea: boolean): Case | null {
  const map = r.map(e, e.key);
  if (!map) return null;
  const f = r.fields(map, CASE_KEYS, 'case');
  const before = r.problems.length;
  const idEntry = f.get('id');
  const id = idEntry ? r.string(idEntry, 'id') : null;
  const label = id ? `case ${id}` : e.key;
  for (const key of REQUIRED) if (!f.has(key)) r.report(e.line, `${label}: missing ${key}`);
  if (!f.has('area') && !fileHasArea) r.report(e.line, `${label}: missing area (set it here or at the top of the file)`);

  if (idEntry && id !== null && !KEBAB.test(id)) r.report(idEntry.line, `id: "${id}" is not kebab-case (lower-case words joined by -)`);
  const title = text(r, f.get('title'), 'title', true);
  const quote = text(r, f.get('quote'), 'quote', false);
  const why = text(r, f.get('why'), 'why', false);
  const rfc = text(r, f.get('rfc'), 'rfc', true);
  const rfcEntry = f.get('rfc');
  if (rfcEntry && rfc && !rfc.split('; ').every((ref) => RFC_REF.test(ref))) {
    r.report(rfcEntry.line, `rfc: "${rfc}" should look like RFC 9112 §6.3 (several joined by "; ")`);
  }
  const areaEntry = f.get('area');
  const area = areaEntry ? parseArea(r, areaEntry) : defaultArea;
  const level = enumValue<Level>(r, f.get('level'), 'level', LEVELS);
  const tags = words(r, f.get('tags'), 'tags', null);
  const needs = words(r, f.get('needs'), 'needs', CAPABILITIES) as Capability[] | null;
  const timeoutEntry = f.get('timeout');
  const timeoutMs = timeoutEntry ? r.integer(timeoutEntry, 'timeout', 1, MAX_MS) : undefined;
  const beforeEntry = f.get('before');
  const sides = beforeEntry ? parseBefore(r, beforeEntry, file) : undefined;
  const sendEntry = f.get('send');
  const send = sendEntry ? parseSend(r, sendEntry) : null;
  const expectEntry = f.get('expect');
  const expect = expectEntry ? parseExpect(r, expectEntry, file) : null;
  const headEntry = f.get('head');
  const maxResponses = Math.max(0, ...(expect ?? []).map((a) => a.responses.length));
  const head = headEntry ? parseHead(r, headEntry, maxResponses) : send ? inferHeadResponses(send) : null;

  if (send && sides !== null) {
    // One budget for everything the case sends: a thousand writes under the per-write limit, or
    // a flood of connections each sending a little, add up here.
    const size = caseSendSize(send, sides);
    if (size > MAX_CASE_BYTES) {
      r.report(e.line, `${label}: sends ${describeBytes(size)} in all (its writes, and each before: connection's times its count), over the ${describeBytes(MAX_CASE_BYTES)} budget per case`);
    }
  }

  if (r.problems.length > before) return null;
  if (!id || !title || !area || !rfc || !quote || !level || !tags || !needs || !send || !expect || !head) return null;
  if (timeoutMs === null || why === null || sides === null) return null;
  const c: Case = { id, title, area, rfc, quote, level, tags, needs, send, headResponses: head, expect, pos: { file, line: e.line } };
  if (why !== undefined) c.why = why;
  if (timeoutMs !== undefined) c.timeoutMs = timeoutMs;
  if (sides !== undefined) c.before = sides;
  return c;
}

export function parseArea(r: YamlReader, e: Entry): Area | null {
  return enumValue<Area>(r, e, 'area', AREAS);
}

/** A non-empty string; `undefined` when the field is absent, null when it is wrong. */
function text(r: YamlReader, e: Entry | undefined, what: string, oneLine: boolean): string | null | undefined {
  if (!e) return undefined;
  const s = r.string(e, what);
  if (s === null) return null;
  if (s.trim() === '') {
    r.report(e.line, `${what}: must not be empty`);
    return null;
  }
  if (oneLine && /[\r\n]/.test(s)) {
    r.report(e.line, `${what}: must be one line`);
    return null;
  }
  return s;
}

function enumValue<T extends string>(r: YamlReader, e: Entry | undefined, what: string, allowed: readonly T[]): T | null {
  if (!e) return null;
  const v = r.scalar(e)?.value;
  if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
  r.report(e.line, `${what}: ${kindOf(e.node)} is not one of ${allowed.join(', ')}`);
  return null;
}

/** A list of words, each from `allowed` when given; an absent field is an empty list. */
function words(r: YamlReader, e: Entry | undefined, what: string, allowed: readonly string[] | null): string[] | null {
  if (!e) return [];
  const seq = r.seq(e, what);
  if (!seq) return null;
  const out: string[] = [];
  for (const item of r.items(seq, what, e.line)) {
    const v = r.scalar(item)?.value;
    if (typeof v !== 'string' || !/^\S+$/.test(v)) {
      r.report(item.line, `${what}: ${kindOf(item.node)} is not a word`);
      return null;
    }
    if (allowed && !allowed.includes(v)) {
      r.report(item.line, `${what}: "${v}" is not one of ${allowed.join(', ')}`);
      return null;
    }
    if (!out.includes(v)) out.push(v);
  }
  return out;
}

function parseHead(r: YamlReader, e: Entry, maxResponses: number): number[] | null {
  const seq = r.seq(e, 'head');
  if (!seq) return null;
  const out: number[] = [];
  for (const item of r.items(seq, 'head', e.line)) {
    const i = r.integer(item, 'head', 0, 1_000);
    if (i === null) return null;
    if (i >= maxResponses) {
      r.report(item.line, `head: response index ${i}, but no outcome lists ${i + 1} responses`);
      return null;
    }
    if (!out.includes(i)) out.push(i);
  }
  return out.sort((a, b) => a - b);
}
