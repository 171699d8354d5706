// `expect`: the allowed outcomes of a case, from the shorthands in cases/README.md to the
// explicit `Alternative` model (`canary`, `status: 4xx`, a header value as a plain string, a body
// as a plain string).

import { isMap, isScalar, isSeq } from 'yaml';
import { canaryMatcher } from './canary.ts';
import { expectationText } from './octets.ts';
import { PLACEHOLDER_PATTERN } from './placeholders.ts';
import {
  CONNECTION_STATES,
  GRADES,
  INTERIM_RULES,
  type Alternative,
  type BodyCheck,
  type HeaderCheck,
  type InterimRule,
  type ResponseMatcher,
  type StatusMatcher,
} from './types.ts';
import { kindOf, type Entry, type YamlReader } from './yaml-reader.ts';

export const ALTERNATIVE_KEYS = ['responses', 'connection', 'interim', 'grade', 'note'] as const;
const USE_KEYS = [...ALTERNATIVE_KEYS, 'preset'] as const;
const RESPONSE_KEYS = ['status', 'version', 'wellFormed', 'headers', 'body'] as const;
const HEADER_CHECK_KEYS = ['present', 'absent', 'equals', 'matches', 'contains', 'count', 'date', 'within', 'notAfter'] as const;
// RFC 9112 §2.3: HTTP-version = HTTP-name "/" DIGIT "." DIGIT
const HTTP_VERSION = /^HTTP\/\d\.\d$/;
/** Largest `within`: a day. Beyond that the check says nothing a clock could be trusted with. */
const MAX_WITHIN_SECONDS = 86_400;
const BODY_KEYS = ['exact', 'contains', 'excludes', 'matches', 'length', 'empty', 'file'] as const;

// RFC 9110 §5.1: field-name = token; tchar per §5.6.2.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const CLASS = /^([1-5])xx$/;
const CODE = /^[1-5]\d\d$/;

export function parseExpect(r: YamlReader, e: Entry, file: string): Alternative[] | null {
  const seq = r.seq(e, 'expect');
  if (!seq) return null;
  if (seq.items.length === 0) {
    r.report(e.line, 'expect: list at least one allowed outcome');
    return null;
  }
  const alts: Alternative[] = [];
  let ok = true;
  for (const item of r.items(seq, 'expect', e.line)) {
    const alt = parseAlternative(r, item, file);
    if (alt) alts.push(alt);
    else ok = false;
  }
  if (!ok) return null;
  if (!alts.some((a) => a.grade !== 'fail')) {
    r.report(e.keyLine, 'expect: at least one outcome must have grade pass or warn');
    return null;
  }
  return alts;
}

/** One allowed outcome; `preset: NAME` starts from that preset, the fields given here win. */
export function parseAlternative(r: YamlReader, e: Entry, file: string): Alternative | null {
  const map = r.map(e, e.key);
  if (!map) return null;
  const own = r.fields(map, USE_KEYS, e.key);
  const before = r.problems.length;
  const f = withPreset(r, own, e);
  if (!f) return null;

  const resp = f.get('responses');
  let responses: ResponseMatcher[] | null = null;
  if (!resp) r.report(e.line, `${e.key}: missing responses (write responses: [] for no response)`);
  else responses = parseResponses(r, resp);

  const connection = oneOf(r, f.get('connection'), 'connection', CONNECTION_STATES, 'any');
  const grade = oneOf(r, f.get('grade'), 'grade', GRADES, 'pass');
  const interim = parseInterim(r, f.get('interim'));
  const noteEntry = f.get('note');
  const note = noteEntry ? r.string(noteEntry, 'note') : undefined;
  if (grade !== null && grade !== 'pass' && !noteEntry) {
    r.report(e.line, `${e.key}: a ${grade} outcome needs a note saying why`);
  }
  if (r.problems.length > before || !responses || !connection || !grade || !interim || note === null) return null;
  const alt: Alternative = { responses, connection, interim: interim.rule, grade, pos: { file, line: e.line } };
  if (interim.responses) alt.interimResponses = interim.responses;
  if (note !== undefined) alt.note = note;
  return alt;
}

type Fields = Map<(typeof ALTERNATIVE_KEYS)[number], Entry>;

function withPreset(r: YamlReader, own: Map<(typeof USE_KEYS)[number], Entry>, e: Entry): Fields | null {
  const use = own.get('preset');
  const fields: Fields = new Map();
  if (use) {
    const name = r.scalar(use)?.value;
    const preset = typeof name === 'string' ? r.presets.get(name) : undefined;
    if (!preset || typeof name !== 'string') {
      const known = [...r.presets.keys()];
      const list = known.length > 0 ? `this file's presets: ${known.join(', ')}` : 'this file defines no presets:';
      r.report(use.line, `${e.key}: unknown preset ${kindOf(use.node)} (${list})`);
      return null;
    }
    const presetMap = r.map(preset, `preset ${name}`);
    if (!presetMap) return null;
    for (const [key, entry] of r.fields(presetMap, ALTERNATIVE_KEYS, `preset ${name}`)) fields.set(key, entry);
  }
  for (const [key, entry] of own) if (key !== 'preset') fields.set(key, entry);
  return fields;
}

function oneOf<T extends string>(r: YamlReader, e: Entry | undefined, what: string, allowed: readonly T[], fallback: T): T | null {
  if (!e) return fallback;
  const v = r.scalar(e)?.value;
  if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
  r.report(e.line, `${what}: ${kindOf(e.node)} is not one of ${allowed.join(', ')}`);
  return null;
}

type Interim = { rule: InterimRule; responses?: ResponseMatcher[] };

/** `any`, `none`, `100`, or a list of response matchers the 1xx responses must match, in order. */
function parseInterim(r: YamlReader, e: Entry | undefined): Interim | null {
  if (!e) return { rule: 'any' };
  if (isSeq(e.node)) {
    if (e.node.items.length === 0) {
      r.report(e.line, 'interim: an empty list means no interim response; write interim: none');
      return null;
    }
    const responses = parseResponses(r, e, 'interim');
    if (!responses) return null;
    const notInterim = responses.findIndex((m) => !onlyInterim(m.status));
    if (notInterim >= 0) {
      r.report(e.line, `interim[${notInterim}]: status must be 1xx codes (an interim response is 100-199, 101 excepted)`);
      return null;
    }
    return { rule: 'any', responses };
  }
  const v = r.scalar(e)?.value;
  if (v === 'any' || v === 'none') return { rule: v };
  if (v === 100 || v === '100') return { rule: '100' };
  r.report(e.line, `interim: ${kindOf(e.node)} is not one of ${INTERIM_RULES.join(', ')}, or a list of 1xx responses`);
  return null;
}

// 101 ends HTTP/1.1 on the connection, so the judge counts it as a final response. `any` here
// means any interim status.
function onlyInterim(m: StatusMatcher): boolean {
  if (m.kind === 'any') return true;
  const codes = m.kind === 'exact' || m.kind === 'mixed' ? m.codes : [];
  const classes = m.kind === 'class' || m.kind === 'mixed' ? m.classes : [];
  return codes.every((c) => c >= 100 && c <= 199 && c !== 101) && classes.every((c) => c === 1);
}

function parseResponses(r: YamlReader, e: Entry, what: 'responses' | 'interim' = 'responses'): ResponseMatcher[] | null {
  const seq = r.seq(e, what);
  if (!seq) return null;
  const out: ResponseMatcher[] = [];
  let ok = true;
  for (const item of r.items(seq, what, e.line)) {
    const m = parseResponse(r, item, what === 'responses');
    if (m) out.push(m);
    else ok = false;
  }
  return ok ? out : null;
}

function parseResponse(r: YamlReader, e: Entry, canaryAllowed: boolean): ResponseMatcher | null {
  if (isScalar(e.node)) {
    if (e.node.value === 'canary' && canaryAllowed) return canaryMatcher();
    if (e.node.value === 'canary') {
      r.report(e.line, `${e.key}: canary is a final response; an interim one is a mapping such as { status: 100 }`);
      return null;
    }
    r.report(e.line, `${e.key}: expected canary or a mapping with status, headers, body; got ${kindOf(e.node)}`);
    return null;
  }
  const map = r.map(e, e.key);
  if (!map) return null;
  const f = r.fields(map, RESPONSE_KEYS, 'response');
  const before = r.problems.length;
  const st = f.get('status');
  if (!st) r.report(e.line, 'response: missing status (write status: any to accept every status)');
  const status = st ? parseStatus(r, st) : null;
  const v = f.get('version');
  const version = v ? parseVersion(r, v) : undefined;
  const w = f.get('wellFormed');
  const wellFormed = w ? r.trueFlag(w, 'wellFormed') : false;
  const h = f.get('headers');
  const headers = h ? parseHeaders(r, h) : {};
  const b = f.get('body');
  const body = b ? parseBody(r, b) : [];
  if (r.problems.length > before || !status || !headers || !body || version === null) return null;
  const m: ResponseMatcher = { status, headers, body, canary: false };
  if (version !== undefined) m.version = version;
  if (wellFormed) m.wellFormed = true;
  return m;
}

function parseVersion(r: YamlReader, e: Entry): string | null {
  const v = r.scalar(e)?.value;
  if (typeof v === 'string' && HTTP_VERSION.test(v)) return v;
  r.report(e.line, `version: ${kindOf(e.node)} is not an HTTP-version such as HTTP/1.1 (compared exactly, case included)`);
  return null;
}

export function parseStatus(r: YamlReader, e: Entry): StatusMatcher | null {
  if (isScalar(e.node) && e.node.value === 'any') return { kind: 'any' };
  const items = isSeq(e.node) ? r.items(e.node, 'status', e.line) : [e];
  if (items.length === 0) {
    r.report(e.line, 'status: an empty list allows nothing');
    return null;
  }
  const codes: number[] = [];
  const classes: number[] = [];
  for (const item of items) {
    const v = r.scalar(item)?.value;
    const text = typeof v === 'number' ? String(v) : typeof v === 'string' ? v : null;
    const cls = text === null ? null : CLASS.exec(text);
    if (cls) classes.push(Number(cls[1]));
    else if (text !== null && CODE.test(text)) codes.push(Number(text));
    else {
      r.report(item.line, `status: ${kindOf(item.node)} is not a status code (100-599), a class (1xx-5xx) or any`);
      return null;
    }
  }
  if (classes.length === 0) return { kind: 'exact', codes };
  if (codes.length === 0) return { kind: 'class', classes };
  return { kind: 'mixed', codes, classes };
}

function parseHeaders(r: YamlReader, e: Entry): Record<string, HeaderCheck[]> | null {
  const map = r.map(e, 'headers');
  if (!map) return null;
  const out: Record<string, HeaderCheck[]> = {};
  let ok = true;
  for (const pair of map.items) {
    const key = r.entry('headers', pair.key, e.line);
    const name = r.scalar(key)?.value;
    if (typeof name !== 'string' || !TOKEN.test(name)) {
      r.report(key.line, `headers: ${kindOf(key.node)} is not a field name`);
      ok = false;
      continue;
    }
    const value = r.entry(name, pair.value, key.line);
    const forms = isSeq(value.node) ? r.items(value.node, `header ${name}`, value.line) : [value];
    if (forms.length === 0) {
      r.report(value.line, `header ${name}: expected at least one check`);
      ok = false;
    }
    const checks: HeaderCheck[] = [];
    for (const form of forms) {
      const check = parseHeaderCheck(r, form, name);
      if (check) checks.push(check);
      else ok = false;
    }
    // `Content-Length` and `content-length` name the same field: their checks add up.
    const lower = name.toLowerCase();
    out[lower] = [...(out[lower] ?? []), ...checks];
  }
  return ok ? out : null;
}

function parseHeaderCheck(r: YamlReader, e: Entry, name: string): HeaderCheck | null {
  const what = `header ${name}`;
  if (isScalar(e.node)) {
    const value = expectationText(r, e, what);
    return value === null ? null : { kind: 'equals', value };
  }
  if (!isMap(e.node)) {
    r.report(e.line, `${what}: expected a string or one of { ${HEADER_CHECK_KEYS.join(', ')} }`);
    return null;
  }
  const f = r.fields(e.node, HEADER_CHECK_KEYS, what);
  if (f.size !== 1) {
    if (f.size > 1 || e.node.items.length === 0) r.report(e.line, `${what}: give one check per mapping; use a list for several`);
    return null;
  }
  const [kind, v] = [...f][0]!;
  switch (kind) {
    case 'present':
      return r.trueFlag(v, `${what} present`) ? { kind: 'present' } : null;
    case 'absent':
      return r.trueFlag(v, `${what} absent`) ? { kind: 'absent' } : null;
    case 'count': {
      const count = r.integer(v, `${what} count`, 0, 1000);
      return count === null ? null : { kind: 'count', count };
    }
    case 'matches': {
      const pattern = regex(r, v, `${what} matches`, 'i');
      return pattern === null ? null : { kind: 'matches', pattern };
    }
    case 'equals':
    case 'contains': {
      const value = expectationText(r, v, `${what} ${kind}`);
      return value === null ? null : { kind, value };
    }
    case 'date':
      return r.trueFlag(v, `${what} date`) ? { kind: 'date' } : null;
    case 'within': {
      const seconds = r.integer(v, `${what} within`, 0, MAX_WITHIN_SECONDS);
      return seconds === null ? null : { kind: 'within', seconds };
    }
    case 'notAfter': {
      const other = r.scalar(v)?.value;
      if (typeof other !== 'string' || !TOKEN.test(other)) {
        r.report(v.line, `${what} notAfter: expected the name of another field of the response, such as date; got ${kindOf(v.node)}`);
        return null;
      }
      if (other.toLowerCase() === name.toLowerCase()) {
        r.report(v.line, `${what} notAfter: compares the field with itself; name another field, such as date`);
        return null;
      }
      return { kind: 'not-after', field: other.toLowerCase() };
    }
  }
  return null;
}

function parseBody(r: YamlReader, e: Entry): BodyCheck[] | null {
  if (isScalar(e.node)) {
    const value = expectationText(r, e, 'body');
    return value === null ? null : [{ kind: 'exact', value }];
  }
  const map = r.map(e, 'body');
  if (!map) return null;
  const f = r.fields(map, BODY_KEYS, 'body');
  if (map.items.length === 0) {
    r.report(e.line, `body: expected at least one of ${BODY_KEYS.join(', ')}`);
    return null;
  }
  const before = r.problems.length;
  const checks: BodyCheck[] = [];
  for (const [kind, v] of f) {
    const check = parseBodyCheck(r, kind, v);
    if (check) checks.push(check);
  }
  return r.problems.length > before ? null : checks;
}

function parseBodyCheck(r: YamlReader, kind: (typeof BODY_KEYS)[number], v: Entry): BodyCheck | null {
  const what = `body ${kind}`;
  switch (kind) {
    case 'exact':
    case 'contains': {
      const value = expectationText(r, v, what);
      return value === null ? null : { kind, value };
    }
    case 'excludes': {
      const items = isSeq(v.node) ? r.items(v.node, what, v.line) : [v];
      if (items.length === 0) {
        r.report(v.line, `${what}: expected at least one string`);
        return null;
      }
      const values = items.map((item) => expectationText(r, item, what));
      if (values.some((x) => x === null || x === '')) {
        if (!values.includes(null)) r.report(v.line, `${what}: an empty string occurs in every body`);
        return null;
      }
      return { kind: 'excludes', values: values as string[] };
    }
    case 'matches': {
      const pattern = regex(r, v, what, '');
      return pattern === null ? null : { kind: 'matches', pattern };
    }
    case 'length': {
      const length = r.integer(v, what, 0, Number.MAX_SAFE_INTEGER);
      return length === null ? null : { kind: 'length', length };
    }
    case 'empty':
      return r.trueFlag(v, what) ? { kind: 'empty' } : null;
    case 'file': {
      const path = r.string(v, what);
      if (path === null) return null;
      if (path === '' || path.startsWith('/') || path.split('/').includes('..')) {
        r.report(v.line, `${what}: expected a path inside the fixture docroot, like hello.txt`);
        return null;
      }
      return { kind: 'file', path };
    }
  }
}

/** A regular expression that compiles (placeholders stand in as plain text). */
function regex(r: YamlReader, e: Entry, what: string, flags: string): string | null {
  const pattern = expectationText(r, e, what);
  if (pattern === null) return null;
  try {
    new RegExp(pattern.replace(PLACEHOLDER_PATTERN, 'x'), flags);
  } catch (err) {
    r.report(e.line, `${what}: ${(err as Error).message}`);
    return null;
  }
  return pattern;
}
