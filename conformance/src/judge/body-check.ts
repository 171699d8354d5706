// One body check against a received body. A body longer than the reader keeps (wire/body-sink.ts)
// arrives as its first bytes, its length and its SHA-256: the length and digest stand for the
// whole, so `exact`, `file`, `length` and `empty` are decided exactly either way; `contains`,
// `excludes` and `matches` look at the kept bytes and say so when they fail.

import { createHash } from 'node:crypto';
import { expandPattern, expandText } from '../case/expand.ts';
import type { BodyCheck } from '../case/types.ts';
import type { ReadResponse } from '../wire/types.ts';
import { patternInWords } from './pattern-words.ts';
import { plural, quote } from './show.ts';
import type { JudgeContext } from './types.ts';

// A docroot file (10 MiB large.bin) is the same Buffer for every case of a run: hashed once.
const digests = new WeakMap<Buffer, string>();
function sha256(bytes: Buffer): string {
  let digest = digests.get(bytes);
  if (digest === undefined) digests.set(bytes, (digest = createHash('sha256').update(bytes).digest('hex')));
  return digest;
}

export function bodyCheckProblem(check: BodyCheck, r: ReadResponse, ctx: JudgeContext): string | null {
  const body = r.body;
  const length = r.bodyLength ?? body.length;
  const partial = r.bodySha256 !== undefined;
  // Case strings hold one octet per character, so latin1 is the faithful view of the body.
  const text = body.toString('latin1');
  const kept = (): string => `(the first ${plural(body.length, 'byte')} of ${length}, as much as the harness keeps)`;
  const same = (want: Buffer): boolean => want.length === length && (partial ? sha256(want) === r.bodySha256 : body.equals(want));
  const notWhole = (want: Buffer, what: string): string =>
    `expected ${what} (${plural(want.length, 'byte')}), got ${plural(length, 'byte')}${want.length === length ? ' that differ' : ''}`;
  switch (check.kind) {
    case 'exact': {
      const want = expandText(check.value, ctx.values);
      const bytes = Buffer.from(want, 'latin1');
      if (same(bytes)) return null;
      return partial ? notWhole(bytes, quote(want)) : `expected ${quote(want)}, got ${quote(body)}`;
    }
    case 'file': {
      const want = ctx.readDocrootFile(check.path);
      if (want === null) return `docroot file ${check.path} is missing (harness fixtures)`;
      return same(want) ? null : notWhole(want, `the bytes of ${check.path}`);
    }
    case 'length':
      return length === check.length ? null : `expected ${plural(check.length, 'byte')}, got ${length}`;
    case 'empty':
      return length === 0 ? null : `expected empty, got ${plural(length, 'byte')}`;
    case 'contains': {
      const want = expandText(check.value, ctx.values);
      if (text.includes(want)) return null;
      return partial ? `expected to contain ${quote(want)}, not found in ${kept()}` : `expected to contain ${quote(want)}, got ${quote(body)}`;
    }
    case 'excludes': {
      const found = check.values.map((v) => expandText(v, ctx.values)).find((v) => text.includes(v));
      return found === undefined ? null : `must not contain ${quote(found)}, but does`;
    }
    case 'matches': {
      const re = new RegExp(expandPattern(check.pattern, ctx.values));
      if (re.test(text)) return null;
      return partial ? `expected ${patternInWords(check.pattern)}, ${kept()} does not match` : `expected ${patternInWords(check.pattern)}, got ${quote(body)}`;
    }
  }
}
