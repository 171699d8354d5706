// `send`: the steps of a case, from the shorthand forms in cases/README.md to `SendStep`s.

import { isMap, isScalar, isSeq } from 'yaml';
import { DEFAULT_AWAIT_MS, MAX_MS, MAX_WRITE_BYTES } from './limits.ts';
import { checkText, requestBytes } from './octets.ts';
import type { SendStep, WritePart } from './types.ts';
import type { Entry, YamlReader } from './yaml-reader.ts';

const STEP_KEYS = ['write', 'pause', 'await', 'max', 'close'] as const;
const REPEAT_KEYS = ['repeat', 'times'] as const;

export function parseSend(r: YamlReader, e: Entry): SendStep[] | null {
  const seq = r.seq(e, 'send');
  if (!seq) return null;
  if (seq.items.length === 0) {
    r.report(e.line, 'send: expected at least one step');
    return null;
  }
  const steps: SendStep[] = [];
  let closed: 'fin' | 'reset' | null = null;
  let ok = true;
  for (const item of r.items(seq, 'send', e.line)) {
    const step = parseStep(r, item);
    if (!step) {
      ok = false;
      continue;
    }
    // A write after our own close cannot go out, and nothing at all happens after a reset.
    if (closed === 'reset') {
      r.report(item.line, `${item.key}: nothing can follow close: reset`);
      ok = false;
    } else if (closed === 'fin' && step.kind === 'write') {
      r.report(item.line, `${item.key}: a write after close: fin is never sent`);
      ok = false;
    }
    if (step.kind === 'close') closed = step.how;
    steps.push(step);
  }
  return ok ? steps : null;
}

function parseStep(r: YamlReader, e: Entry): SendStep | null {
  if (isScalar(e.node)) {
    const text = requestBytes(r, e, e.key);
    return text === null ? null : writeStep(r, e, [{ kind: 'text', text }]);
  }
  const map = r.map(e, e.key);
  if (!map) return null;
  const f = r.fields(map, STEP_KEYS, e.key);
  const kinds = (['write', 'pause', 'await', 'close'] as const).filter((k) => f.has(k));
  if (kinds.length !== 1) {
    const problem = kinds.length === 0 ? 'expected one of write, pause, await, close' : `give one of ${kinds.join(', ')} per step`;
    r.report(e.line, `${e.key}: ${problem}`);
    return null;
  }
  const kind = kinds[0]!;
  const max = f.get('max');
  if (max && kind !== 'await') {
    r.report(max.line, `${e.key}: max belongs to an await step`);
    return null;
  }
  const value = f.get(kind)!;
  switch (kind) {
    case 'write':
      return parseWrite(r, value, e);
    case 'pause': {
      const ms = r.integer(value, 'pause', 1, MAX_MS);
      return ms === null ? null : { kind: 'pause', ms };
    }
    case 'await': {
      const s = r.scalar(value);
      if (s?.value !== 'head') {
        r.report(value.line, 'await: the only thing to await is head (await: head)');
        return null;
      }
      const maxMs = max ? r.integer(max, 'max', 1, MAX_MS) : DEFAULT_AWAIT_MS;
      return maxMs === null ? null : { kind: 'await-head', maxMs };
    }
    case 'close': {
      const how = r.scalar(value)?.value;
      if (how !== 'fin' && how !== 'reset') {
        r.report(value.line, 'close: expected fin (half-close) or reset (abort)');
        return null;
      }
      return { kind: 'close', how };
    }
  }
}

function parseWrite(r: YamlReader, value: Entry, step: Entry): SendStep | null {
  if (isScalar(value.node)) {
    const text = requestBytes(r, value, 'write');
    return text === null ? null : writeStep(r, step, [{ kind: 'text', text }]);
  }
  if (!isSeq(value.node)) {
    r.report(value.line, 'write: expected a list of strings and { repeat, times }');
    return null;
  }
  const parts: WritePart[] = [];
  let ok = true;
  for (const item of r.items(value.node, 'write', value.line)) {
    const part = isMap(item.node) ? parseRepeat(r, item) : textPart(r, item);
    if (part) parts.push(part);
    else ok = false;
  }
  if (!ok) return null;
  return writeStep(r, step, parts);
}

function textPart(r: YamlReader, e: Entry): WritePart | null {
  const text = requestBytes(r, e, e.key);
  return text === null ? null : { kind: 'text', text };
}

function parseRepeat(r: YamlReader, e: Entry): WritePart | null {
  const f = r.fields(r.map(e, e.key)!, REPEAT_KEYS, e.key);
  const rep = f.get('repeat');
  const times = f.get('times');
  if (!rep || !times) {
    r.report(e.line, `${e.key}: a repetition needs both repeat and times`);
    return null;
  }
  const s = r.scalar(rep);
  if (!s || typeof s.value !== 'string' || s.value === '') {
    r.report(rep.line, 'repeat: expected a non-empty string');
    return null;
  }
  if (!checkText(r, rep, s.value, 'repeat')) return null;
  const n = r.integer(times, 'times', 1, MAX_WRITE_BYTES);
  return n === null ? null : { kind: 'repeat', text: s.value, times: n };
}

function writeStep(r: YamlReader, e: Entry, parts: WritePart[]): SendStep | null {
  let size = 0;
  for (const p of parts) size += p.kind === 'text' ? p.text.length : p.text.length * p.times;
  if (size === 0) {
    r.report(e.line, `${e.key}: an empty write sends nothing`);
    return null;
  }
  if (size > MAX_WRITE_BYTES) {
    r.report(e.line, `${e.key}: a write of ${size} bytes is over the ${MAX_WRITE_BYTES}-byte limit`);
    return null;
  }
  return { kind: 'write', parts };
}
