// What the judge needs besides the case and the wire record, and what it decides.

import type { PlaceholderValues } from '../case/types.ts';
import type { ReadResponse } from '../wire/types.ts';

export type JudgeContext = {
  values: PlaceholderValues;
  /** The bytes of a file in the fixture docroot (for `body: { file }` and the canary), or null. */
  readDocrootFile: (path: string) => Buffer | null;
  /** The run's `--timeout`, named in `no response within N ms` when the case sets none. */
  timeoutMs?: number;
  /** The harness clock in epoch ms (`Date.now` when absent); tests pin it. */
  now?: () => number;
  /**
   * When a response's first byte arrived, in epoch ms, for `within`. The judge derives it from
   * the transcript; without one (while the exchange is still running) it is the clock's now.
   */
  arrivalOf?: (r: ReadResponse) => number;
  /**
   * Set when the server answered no plain GET correctly (the run's baseline): an outcome with no
   * response then never matches, with this as the reason. Silence earns nothing from a server
   * that answers nothing.
   */
  silenceProvesNothing?: string;
  /**
   * Set when the server answers the canary wrongly even after a plain GET (its keep-alive is
   * broken): a wrong canary answer is then judged as that, not as desynchronisation.
   */
  canaryFails?: string;
  /**
   * Set when the server never answers a request pipelined behind another (the probe's reason): a
   * case whose responses match up to the canary, with the canary unanswered on an open
   * connection, is judged on what came before the canary (judge/canary-unanswered.ts).
   */
  canaryUnanswered?: string;
};

export type Verdict = {
  status: 'pass' | 'warn' | 'fail' | 'timeout';
  /** One line: the matched alternative, or why nothing matched. */
  message: string;
  /** One line per alternative, in the case's order. */
  expected: string[];
  actual: string;
  /** Index of the alternative that matched. */
  matched: number | null;
};
