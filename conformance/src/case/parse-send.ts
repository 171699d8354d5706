// `send`: the steps of a case, from the shorthand forms in cases/README.md to `SendStep`s. A
// repetition (`{ times: 20, steps: [...] }`) is unrolled here, its `{i}` replaced by 1, 2, ...,
// so nothing downstream knows repetitions exist; MAX_STEPS bounds what unrolling can make.

import { isMap, isScalar, isSeq } from 'yaml';
import { DEFAULT_AWAIT_MS, MAX_MS, MAX_STEPS, MAX_WRITE_BYTES } from './limits.ts';
import { checkText, requestBytes } from './octets.ts';
import { describeBytes, partsSize } from './send-size.ts';
import type { SendStep, WritePart } from './types.ts';
import type { Entry, YamlReader } from './yaml-reader.ts';

const STEP_KEYS = ['write', 'pause', 'await', 'max', 'close', 'times', 'steps'] as const;
const REPEAT_KEYS = ['repeat', 'times'] as const;
/** Inside a repetition's steps, `{i}` is the repetition's number, from 1. */
const INDEX = 'i';
const INDEX_PATTERN = /\{i\}/g;

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
    const made = isRepetition(item) ? parseRepetition(r, item) : oneStep(r, item, false);
    if (!made) {
      ok = false;
      continue;
    }
    for (const step of made) {
      // A write after our own close cannot go out, and nothing at all happens after a reset.
      if (closed === 'reset') {
        r.report(item.line, `${item.key}: nothing can follow close: reset`);
        ok = false;
      } else if (closed === 'fin' && step.kind === 'write') {
        r.report(item.line, `${item.key}: a write after close: fin is never sent`);
        ok = false;
      }
      if (step.kind === 'close') closed = step.how;
    }
    if (!ok) continue;
    if (steps.length + made.length > MAX_STEPS) {
      r.report(item.line, `${item.key}: the steps come to ${steps.length + made.length} with repetitions unrolled, over the limit of ${MAX_STEPS}`);
      return null;
    }
    steps.push(...made);
  }
  return ok ? steps : null;
}

function isRepetition(e: Entry): boolean {
  if (!isMap(e.node)) return false;
  return e.node.items.some((pair) => isScalar(pair.key) && (pair.key.value === 'times' || pair.key.value === 'steps'));
}

function oneStep(r: YamlReader, e: Entry, inRepetition: boolean): SendStep[] | null {
  const step = parseStep(r, e, inRepetition);
  return step ? [step] : null;
}

/** `{ times: N, steps: [...] }`: the steps N times over, `{i}` numbering the rounds. */
function parseRepetition(r: YamlReader, e: Entry): SendStep[] | null {
  const f = r.fields(r.map(e, e.key)!, STEP_KEYS, e.key);
  const others = [...f.keys()].filter((k) => k !== 'times' && k !== 'steps');
  if (others.length > 0) {
    r.report(e.line, `${e.key}: a repetition has only times and steps (found ${others.join(', ')})`);
    return null;
  }
  const timesEntry = f.get('times');
  const stepsEntry = f.get('steps');
  if (!timesEntry || !stepsEntry) {
    r.report(e.line, `${e.key}: a repetition needs both times and steps`);
    return null;
  }
  const times = r.integer(timesEntry, 'times', 1, MAX_STEPS);
  const seq = r.seq(stepsEntry, 'steps');
  if (times === null || !seq) return null;
  if (seq.items.length === 0) {
    r.report(stepsEntry.line, 'steps: expected at least one step to repeat');
    return null;
  }
  const body: SendStep[] = [];
  for (const item of r.items(seq, 'steps', stepsEntry.line)) {
    if (isRepetition(item)) {
      r.report(item.line, `${item.key}: a repetition inside a repetition; write the steps of one round out instead`);
      return null;
    }
    const step = parseStep(r, item, true);
    if (!step) return null;
    body.push(step);
  }
  if (times * body.length > MAX_STEPS) {
    r.report(e.line, `${e.key}: ${times} times ${body.length} steps is ${times * body.length} steps, over the limit of ${MAX_STEPS}`);
    return null;
  }
  const out: SendStep[] = [];
  for (let i = 1; i <= times; i++) for (const step of body) out.push(numbered(step, i));
  return out;
}

function numbered(step: SendStep, i: number): SendStep {
  if (step.kind !== 'write') return step;
  return { kind: 'write', parts: step.parts.map((p) => ({ ...p, text: p.text.replace(INDEX_PATTERN, String(i)) })) };
}

function parseStep(r: YamlReader, e: Entry, inRepetition: boolean): SendStep | null {
  const allowed = inRepetition ? [INDEX] : [];
  if (isScalar(e.node)) {
    const text = requestBytes(r, e, e.key, allowed);
    return text === null ? null : writeStep(r, e, [{ kind: 'text', text }]);
  }
  const map = r.map(e, e.key);
  if (!map) return null;
  const f = r.fields(map, STEP_KEYS, e.key);
  const kinds = (['write', 'pause', 'await', 'close'] as const).filter((k) => f.has(k));
  if (kinds.length !== 1) {
    const problem = kinds.length === 0 ? 'expected one of write, pause, await, close, or a repetition (times, steps)' : `give one of ${kinds.join(', ')} per step`;
    r.report(e.line, `${e.key}: ${problem}`);
    return null;
  }
  const kind = kinds[0]!;
  for (const key of ['times', 'steps'] as const) {
    const stray = f.get(key);
    if (stray) {
      r.report(stray.line, `${e.key}: ${key} belongs to a repetition ({ times: N, steps: [...] }), not to a ${kind} step`);
      return null;
    }
  }
  const max = f.get('max');
  if (max && kind !== 'await') {
    r.report(max.line, `${e.key}: max belongs to an await step`);
    return null;
  }
  const value = f.get(kind)!;
  switch (kind) {
    case 'write':
      return parseWrite(r, value, e, allowed);
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

function parseWrite(r: YamlReader, value: Entry, step: Entry, allowed: readonly string[]): SendStep | null {
  if (isScalar(value.node)) {
    const text = requestBytes(r, value, 'write', allowed);
    return text === null ? null : writeStep(r, step, [{ kind: 'text', text }]);
  }
  if (!isSeq(value.node)) {
    r.report(value.line, 'write: expected a list of strings and { repeat, times }');
    return null;
  }
  const parts: WritePart[] = [];
  let ok = true;
  for (const item of r.items(value.node, 'write', value.line)) {
    const part = isMap(item.node) ? parseRepeat(r, item, allowed) : textPart(r, item, allowed);
    if (part) parts.push(part);
    else ok = false;
  }
  if (!ok) return null;
  return writeStep(r, step, parts);
}

function textPart(r: YamlReader, e: Entry, allowed: readonly string[]): WritePart | null {
  const text = requestBytes(r, e, e.key, allowed);
  return text === null ? null : { kind: 'text', text };
}

function parseRepeat(r: YamlReader, e: Entry, allowed: readonly string[]): WritePart | null {
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
  if (!checkText(r, rep, s.value, 'repeat', allowed)) return null;
  const n = r.integer(times, 'times', 1, MAX_WRITE_BYTES);
  return n === null ? null : { kind: 'repeat', text: s.value, times: n };
}

function writeStep(r: YamlReader, e: Entry, parts: WritePart[]): SendStep | null {
  const size = partsSize(parts);
  if (size === 0) {
    r.report(e.line, `${e.key}: an empty write sends nothing`);
    return null;
  }
  if (size > MAX_WRITE_BYTES) {
    r.report(e.line, `${e.key}: a write of ${describeBytes(size)} is over the ${describeBytes(MAX_WRITE_BYTES)} limit (placeholders counted at their largest)`);
    return null;
  }
  return { kind: 'write', parts };
}
