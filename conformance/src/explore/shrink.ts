// Delta debugging (Zeller's ddmin, complements only): remove ever smaller slices of a request as
// long as the disagreement survives. First over lines (whole field lines, the request line, chunk
// lines), then over octets, where a placeholder counts as one octet so it is never split. Every
// test is a round trip to the targets, so the number of tests and the time are bounded; when
// either runs out, the smallest request found so far is the answer.

import { dataChunks } from './as-written.ts';
import { isValidTemplate, lines, units, type Template } from './template.ts';

export type ShrinkBudget = { maxTests: number; deadline: number; now?: () => number };
export type ShrinkResult = { template: Template; tests: number; stoppedEarly: boolean };

type Test = (t: Template) => Promise<boolean>;

export async function shrinkTemplate(start: Template, test: Test, budget: ShrinkBudget): Promise<ShrinkResult> {
  const now = budget.now ?? Date.now;
  const cache = new Map<Template, boolean>([[start, true]]);
  let tests = 0;
  let stoppedEarly = false;
  const check = async (t: Template): Promise<boolean> => {
    const known = cache.get(t);
    if (known !== undefined) return known;
    if (!isValidTemplate(t)) return false;
    if (tests >= budget.maxTests || now() >= budget.deadline) {
      stoppedEarly = true;
      return false;
    }
    tests++;
    const ok = await test(t);
    cache.set(t, ok);
    return ok;
  };
  let t = start;
  // A chunked body's data chunks, all at once: the last-chunk alone still frames the message.
  const chunks = dataChunks(t);
  if (chunks !== null) {
    const without = t.slice(0, chunks[0]) + t.slice(chunks[1]);
    if (await check(without)) t = without;
  }
  // Whole chunks first (a size line with its data: dropping either alone breaks the framing),
  // then lines, which drops whole fields in far fewer tests; octets then trim what is left.
  t = (await ddmin(chunkBlocks(t), (parts) => check(parts.join('')))).join('');
  t = (await ddmin(lines(t), (parts) => check(parts.join('')))).join('');
  t = (await ddmin(units(t), (parts) => check(parts.join('')))).join('');
  // Dropping octets can make whole lines removable again (a field emptied of its value).
  t = (await ddmin(lines(t), (parts) => check(parts.join('')))).join('');
  return { template: t, tests, stoppedEarly };
}

const CHUNK_SIZE_LINE = /^[0-9A-Fa-f]+[ \t]*(;[^\r\n]*)?\r\n$/;

/** Lines, with each non-zero chunk-size line joined to the line of data after it. */
export function chunkBlocks(t: Template): string[] {
  const ls = lines(t);
  const out: string[] = [];
  for (let i = 0; i < ls.length; i++) {
    const l = ls[i]!;
    if (i > 0 && CHUNK_SIZE_LINE.test(l) && !/^0+[\r;\t ]/.test(l) && i + 1 < ls.length) {
      out.push(l + ls[i + 1]!);
      i++;
    } else out.push(l);
  }
  return out;
}

/** The smallest sublist found for which `holds` is true; `holds(items)` is assumed true. */
export async function ddmin<T>(items: readonly T[], holds: (items: T[]) => Promise<boolean>): Promise<T[]> {
  let current = [...items];
  let n = 2;
  while (current.length >= 2) {
    const size = Math.ceil(current.length / n);
    let reduced = false;
    for (let start = 0; start < current.length; start += size) {
      const complement = [...current.slice(0, start), ...current.slice(start + size)];
      if (complement.length > 0 && (await holds(complement))) {
        current = complement;
        n = Math.max(n - 1, 2);
        reduced = true;
        break;
      }
    }
    if (reduced) continue;
    if (n >= current.length) break;
    n = Math.min(n * 2, current.length);
  }
  return current;
}
