// The level of a case shown beside its verdict, in words that never contradict it. A bare
// `WARN ... [MUST]` reads as "a MUST was only warned about" when the server in fact met the MUST
// in a discouraged way; `FAIL ... [SHOULD]` reads as "a SHOULD was failed" when the fail came
// from a desynchronisation or a crash, which fail at any level. Terminal, HTML and JUnit all
// print this label, so the three say the same thing.

import type { Level } from '../case/types.ts';
import { DESYNC } from './judge.ts';
import { CRASHED } from '../result/verdict-prefixes.ts';

type Labelled = { level: Level; status: string; message: string; matched: number | null };

const FAILING: readonly Level[] = ['MUST', 'security', 'robustness'];

export function gradeLabel(r: Labelled): string {
  if (r.status === 'fail') {
    if (r.message.startsWith(DESYNC)) return FAILING.includes(r.level) ? `${r.level}, desynchronised` : `${r.level} case, but desynchronised`;
    if (r.message.startsWith(CRASHED)) return FAILING.includes(r.level) ? `${r.level}, crashed` : `${r.level} case, but crashed`;
    return `${r.level} not met`;
  }
  if (r.status === 'warn') {
    if (!FAILING.includes(r.level)) return r.matched !== null ? `${r.level}, discouraged outcome` : `${r.level} not met`;
    // A warn outcome the case lists: safe, so tolerated, but not what the requirement asks for.
    if (r.matched !== null) return `${r.level}, tolerated outcome`;
    return `${r.level}, no harm shown`;
  }
  if (r.status === 'timeout') return `${r.level}, no answer`;
  return r.level;
}
