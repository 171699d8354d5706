// The flags of `explore`, parsed here rather than in the main flag table because only this
// command takes them (a seed, a time budget, a request count).

import { UsageError } from '../errors.ts';
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

export const EXPLORE_USAGE =
  'explore targets.yaml [--seed N] [--budget 60s] [--out DIR] [--timeout MS] [--requests N] [--in-flight N] [--max-findings N] [--shrink-tests N] [--only CLASS] [--cases PATH] [--area AREA]';

const DEFAULTS = { seed: 1, budgetMs: 60_000, timeoutMs: 500, maxFindings: 50, shrinkTests: 500 };
const MAX_BUDGET_MS = 24 * 3600 * 1000;

export const EXPLORE_HELP = [
  `usage: npm run conformance -- ${EXPLORE_USAGE}`,
  '',
  'Mutates the corpus, sends each request to every target of the file, and writes each disagreement',
  'with the reference that matters (crash, hang, framing, echo, status) as DIR/found-*.yaml, shrunk.',
  'Defaults: --seed 1, --budget 60s, --out reports/explore, --timeout 500 (ms per request), --in-flight 8,',
  '--shrink-tests 500, --max-findings 50. README.md, Explore, says more.',
  '',
  'exit codes: 0 no finding, 1 findings written, 2 usage or setup error',
].join('\n');

/** null: `--help` was asked for. */
export function parseExploreArgs(argv: readonly string[]): ExploreArgs | null {
  if (argv.includes('--help')) return null;
  const positional: string[] = [];
  const a: Partial<ExploreArgs> & { cases: string[]; areas: string[]; only: FindingClass[] } = { cases: [], areas: [], only: [] };
  const once = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const value = (): string => {
      const v = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (v === undefined) throw new UsageError(`--${name} needs a value (${EXPLORE_USAGE})`);
      return v;
    };
    if (name !== 'cases' && name !== 'area' && name !== 'only') {
      if (once.has(name)) throw new UsageError(`--${name} given twice`);
      once.add(name);
    }
    switch (name) {
      case 'seed':
        a.seed = whole(name, value(), 0, 0xffffffff);
        break;
      case 'budget':
        a.budgetMs = duration(value());
        break;
      case 'out':
        a.out = value();
        break;
      case 'timeout':
        a.timeoutMs = whole(name, value(), 100, 600_000);
        break;
      case 'requests':
        a.maxRequests = whole(name, value(), 1, 10_000_000);
        break;
      case 'in-flight':
        a.inFlight = whole(name, value(), 1, 64);
        break;
      case 'max-findings':
        a.maxFindings = whole(name, value(), 1, 1000);
        break;
      case 'shrink-tests':
        a.shrinkTests = whole(name, value(), 0, 100_000);
        break;
      case 'cases':
        a.cases.push(value());
        break;
      case 'area':
        a.areas.push(value());
        break;
      case 'only': {
        const v = value();
        if (!(FINDING_CLASSES as readonly string[]).includes(v)) throw new UsageError(`--only ${v}: unknown class (one of: ${FINDING_CLASSES.join(', ')})`);
        a.only.push(v as FindingClass);
        break;
      }
      default:
        throw new UsageError(`explore: unknown flag --${name} (${EXPLORE_USAGE})`);
    }
  }
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
