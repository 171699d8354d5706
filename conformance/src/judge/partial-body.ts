// Body checks on a body the reader kept only the first bytes of (wire/body-sink.ts): its length
// and SHA-256 stand for the whole, so `exact`, `file`, `length` and `empty` are still decided
// exactly; `contains`, `excludes` and `matches` look at the kept bytes and say so when they fail.

import { createHash } from 'node:crypto';
import { expandPattern, expandText } from '../case/expand.ts';
import type { BodyCheck } from '../case/types.ts';
import type { ReadResponse } from '../wire/types.ts';
import { plural, quote } from './show.ts';
import type { JudgeContext } from './types.ts';

// A docroot file (10 MiB large.bin) is the same Buffer for every case of a run: hashed once.
const digests = new WeakMap<Buffer, string>();
function sha256(bytes: Buffer): string {
  let digest = digests.get(bytes);
  if (digest === undefined) digests.set(bytes, (digest = createHash('sha256').update(bytes).digest('hex')));
  return digest;
}

export function partialBodyProblem(check: BodyCheck, r: ReadResponse, ctx: JudgeContext): string | null {
  const length = r.bodyLength ?? r.body.length;
  const kept = `(the first ${plural(r.body.length, 'byte')} of ${length}, as much as the harness keeps)`;
  const text = r.body.toString('latin1');
  const whole = (want: Buffer, what: string): string | null => {
    if (want.length === length && sha256(want) === r.bodySha256) return null;
    const differ = want.length === length ? ' that differ' : '';
    return `expected ${what} (${plural(want.length, 'byte')}), got ${plural(length, 'byte')}${differ}`;
  };
  switch (check.kind) {
    case 'exact': {
      const want = expandText(check.value, ctx.values);
      return whole(Buffer.from(want, 'latin1'), quote(want));
    }
    case 'file': {
      const want = ctx.readDocrootFile(check.path);
      if (want === null) return `docroot file ${check.path} is missing (harness fixtures)`;
      return whole(want, `the bytes of ${check.path}`);
    }
    case 'length':
      return length === check.length ? null : `expected ${plural(check.length, 'byte')}, got ${length}`;
    case 'empty':
      return `expected empty, got ${plural(length, 'byte')}`;
    case 'contains': {
      const want = expandText(check.value, ctx.values);
      return text.includes(want) ? null : `expected to contain ${quote(want)}, not found in ${kept}`;
    }
    case 'excludes': {
      const found = check.values.map((v) => expandText(v, ctx.values)).find((v) => text.includes(v));
      return found === undefined ? null : `must not contain ${quote(found)}, but does`;
    }
    case 'matches': {
      const re = new RegExp(expandPattern(check.pattern, ctx.values));
      return re.test(text) ? null : `expected to match ${check.pattern}, ${kept} does not`;
    }
  }
}
