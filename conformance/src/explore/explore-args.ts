// The flags of `explore`, in a table of their own because only this command takes them (a seed,
// a time budget, a request count), read by the harness's one argv tokenizer (cli/parse-args.ts).

import type { FlagSpec } from '../cli/flags.ts';
import { tokenizeArgs } from '../cli/parse-args.ts';
import { UsageError } from '../errors.ts';
import { EXPLORE_USAGE } from './explore-usage.ts';
import { FINDING_CLASSES, type FindingClass } from './disagreement.ts';

export type ExploreArgs = {
  targetsFile: string;
  seed: number;
  budgetMs: number;
  out?: string;
  timeoutMs: number;
  cases: string[];
  areas: string[];
  maxRequests?: number;
  inFlight?: number;
  maxFindings: number;
  shrinkTests: number;
  only: FindingClass[];
};

export { EXPLORE_USAGE };

const DEFAULTS = { seed: 1, budgetMs: 60_000, timeoutMs: 500, maxFindings: 50, shrinkTests: 500 };
const MAX_BUDGET_MS = 24 * 3600 * 1000;


/** explore's flags; the values are checked below, each with the range it allows. */
const EXPLORE_FLAGS = [
  { name: 'seed', type: 'string', value: 'N', help: 'the seed of the mutations (default 1)' },
  { name: 'budget', type: 'string', value: 'DURATION', help: 'how long to explore (default 60s)' },
  { name: 'out', type: 'string', value: 'DIR', help: 'where findings are written (default reports/explore)' },
  { name: 'timeout', type: 'string', value: 'MS', help: 'time bound per request (default 500)' },
  { name: 'requests', type: 'string', value: 'N', help: 'stop after this many requests' },
  { name: 'in-flight', type: 'string', value: 'N', help: 'requests at once (default 8)' },
  { name: 'max-findings', type: 'string', value: 'N', help: 'stop after this many findings (default 50)' },
  { name: 'shrink-tests', type: 'string', value: 'N', help: 'requests spent shrinking each finding (default 500)' },
  { name: 'cases', type: 'string', repeatable: true, value: 'PATH', help: 'case files the seeds come from (default cases/)' },
  { name: 'area', type: 'string', repeatable: true, value: 'AREA', help: 'seeds from this area only' },
  { name: 'only', type: 'string', repeatable: true, value: 'CLASS', help: 'keep findings of this class only' },
] as const satisfies readonly FlagSpec[];

export const EXPLORE_HELP = [
  `usage: npm run conformance -- ${EXPLORE_USAGE}`,
  '',
  'Mutates the corpus, sends each request to every target of the file, and writes each disagreement',
  'with the reference that matters (crash, hang, framing, echo, status) as DIR/found-*.yaml, shrunk.',
  'Defaults: --seed 1, --budget 60s, --out reports/explore, --timeout 500 (ms per request), --in-flight 8,',
  '--shrink-tests 500, --max-findings 50. README.md, Explore, says more.',
  '',
  ...EXPLORE_FLAGS.map((f) => `  ${`--${f.name} ${f.value}`.padEnd(22)} ${f.help}${'repeatable' in f ? ' (repeatable)' : ''}`),
  '',
  'exit codes: 0 no finding, 1 findings written, 2 usage or setup error',
].join('\n');

type Raw = { -readonly [K in (typeof EXPLORE_FLAGS)[number] as K['name']]?: K extends { repeatable: true } ? string[] : string };

/** null: `--help` was asked for. */
export function parseExploreArgs(argv: readonly string[]): ExploreArgs | null {
  if (argv.includes('--help')) return null;
  const { values, positional } = tokenizeArgs(argv, EXPLORE_FLAGS, {
    unknown: (name) => `explore: unknown flag --${name} (${EXPLORE_USAGE})`,
    needsValue: (spec) => `--${spec.name} needs a value (${EXPLORE_USAGE})`,
    convert: (spec, raw) => {
      // Checked as read, so the first mistake on the line is the one reported.
      if (spec.name === 'only' && !(FINDING_CLASSES as readonly string[]).includes(raw)) throw new UsageError(`--only ${raw}: unknown class (one of: ${FINDING_CLASSES.join(', ')})`);
      return raw;
    },
  });
  const r = values as Raw;
  const a: Partial<ExploreArgs> & { cases: string[]; areas: string[]; only: FindingClass[] } = { cases: r.cases ?? [], areas: r.area ?? [], only: (r.only ?? []) as FindingClass[] };
  if (r.seed !== undefined) a.seed = whole('seed', r.seed, 0, 0xffffffff);
  if (r.budget !== undefined) a.budgetMs = duration(r.budget);
  if (r.out !== undefined) a.out = r.out;
  if (r.timeout !== undefined) a.timeoutMs = whole('timeout', r.timeout, 100, 600_000);
  if (r.requests !== undefined) a.maxRequests = whole('requests', r.requests, 1, 10_000_000);
  if (r['in-flight'] !== undefined) a.inFlight = whole('in-flight', r['in-flight'], 1, 64);
  if (r['max-findings'] !== undefined) a.maxFindings = whole('max-findings', r['max-findings'], 1, 1000);
  if (r['shrink-tests'] !== undefined) a.shrinkTests = whole('shrink-tests', r['shrink-tests'], 0, 100_000);
  if (positional.length !== 1) throw new UsageError(`explore needs one targets file: ${EXPLORE_USAGE}`);
  return { ...DEFAULTS, ...a, targetsFile: positional[0]! };
}

function whole(name: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw)) throw new UsageError(`--${name} must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new UsageError(`--${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

/** `60s`, `2m`, `500ms`, or a bare number of seconds. */
export function duration(raw: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(raw);
  if (!m) throw new UsageError(`--budget must be a duration such as 60s, 2m or 500ms, got "${raw}"`);
  const n = Number(m[1]);
  const ms = m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000;
  if (ms < 100 || ms > MAX_BUDGET_MS) throw new UsageError(`--budget must be between 100ms and 24h, got "${raw}"`);
  return Math.round(ms);
}
