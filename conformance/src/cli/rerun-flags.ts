// The flags, beside the target's, that a reproduce line must carry to give the same verdict: the
// case files, the time bound, the declared capabilities and the mount prefix. Pasted as printed,
// a rerun line then runs the case as the run did. (`--split` is per case, added by the runner.)

import { shellQuote } from '../targets/command-target.ts';
import type { Flags } from './flags.ts';

export function rerunFlags(flags: Flags): string {
  const parts: string[] = [];
  for (const c of flags.cases) parts.push(`--cases ${shellQuote(c)}`);
  if (flags.timeout !== undefined) parts.push(`--timeout ${flags.timeout}`);
  // A scaled case pauses for a fraction of its time: without the factor a rerun asks another question.
  if (flags['time-scale'] !== undefined) parts.push(`--time-scale ${flags['time-scale']}`);
  if (flags.capabilities !== undefined) parts.push(`--capabilities ${shellQuote(flags.capabilities)}`);
  // `--mount` (a path prefix the server serves the docroot under) changes every request's target.
  if (flags.mount !== undefined) parts.push(`--mount ${shellQuote(flags.mount)}`);
  return parts.join(' ');
}
