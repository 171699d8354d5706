import { parseArgs as nodeParseArgs } from 'node:util';

import { UsageError } from '../errors.ts';
import { EXPLORE_USAGE } from '../explore/explore-usage.ts';
import { FLAGS, type FlagSpec, type Flags } from './flags.ts';

const BY_NAME = new Map<string, FlagSpec>(FLAGS.map((f) => [f.name, f]));

/** Parses argv (without node and script) by the flag table; positional words are returned apart. */
export function parseArgs(argv: readonly string[]): { flags: Flags; positional: string[] } {
  const { values, positional } = tokenizeArgs(argv, FLAGS, {
    unknown: (name) => `unknown flag --${name}${didYouMean(name, [...BY_NAME.keys()], '--')} (see --help)`,
    needsValue: (spec) => `--${spec.name} needs a value: --${spec.name} ${spec.value ?? 'VALUE'}`,
    convert: (spec, raw) => (spec.type === 'number' ? toNumber(spec, raw) : raw),
  });
  return { flags: values as Flags, positional };
}

/** How a command words its argv mistakes and turns a flag's text into its value. */
export type TokenizeOptions = {
  unknown: (name: string) => string;
  needsValue: (spec: FlagSpec) => string;
  /** The value of a string or number flag, or a UsageError naming it. */
  convert: (spec: FlagSpec, raw: string) => unknown;
};

/**
 * The harness's argv reader (the main flags and explore's), on node:util's parseArgs as the
 * server's and the bench's are: `--name value`, `--name=value`, booleans without a value,
 * repeatable flags gathered in order, any other flag at most once, words that are not flags (and
 * everything after `--`) returned apart. parseArgs splits the words by the table's types; each
 * mistake then becomes a UsageError of one line in the harness's wording.
 */
export function tokenizeArgs(argv: readonly string[], table: readonly FlagSpec[], o: TokenizeOptions): { values: Record<string, unknown>; positional: string[] } {
  const byName = new Map<string, FlagSpec>(table.map((f) => [f.name, f]));
  const options = Object.fromEntries(table.map((f) => [f.name, { type: f.type === 'boolean' ? ('boolean' as const) : ('string' as const) }]));
  // Not strict: an unknown flag, a value given to a boolean or a missing value are worded here.
  const { tokens } = nodeParseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  const values: Record<string, unknown> = {};
  for (const f of table) if (f.repeatable) values[f.name] = [];
  const positional: string[] = [];

  for (const token of tokens) {
    if (token.kind === 'positional') {
      positional.push(token.value);
      continue;
    }
    if (token.kind === 'option-terminator') continue;
    const name = token.name;
    const spec = token.rawName.startsWith('--') ? byName.get(name) : undefined;
    if (!spec) throw new UsageError(token.rawName.startsWith('--') ? o.unknown(name) : `unknown flag ${token.rawName} (flags are spelled --name; see --help)`);
    if (spec.type === 'boolean' && token.value !== undefined) throw new UsageError(`--${name} takes no value`);
    if (spec.type !== 'boolean' && token.value === undefined) throw new UsageError(o.needsValue(spec));
    // `--server --out DIR`: the value forgotten, the next flag taken for it (and DIR left over as
    // an unknown command). A value written `--server=--out` is meant.
    const next = token.value?.startsWith('--') && !token.inlineValue ? byName.get(token.value.slice(2)) : undefined;
    if (next !== undefined) throw new UsageError(`${o.needsValue(spec)} (it was followed by the flag --${next.name}; to pass that text, write --${name}=--${next.name})`);
    if (!spec.repeatable && values[name] !== undefined) throw new UsageError(`--${name} given twice`);
    const value = spec.type === 'boolean' ? true : o.convert(spec, token.value!);
    if (spec.repeatable) (values[name] as unknown[]).push(value);
    else values[name] = value;
  }
  return { values, positional };
}

/** ` (did you mean --target?)` for a near miss (a typo, a transposition), else nothing. */
export function didYouMean(given: string, known: readonly string[], prefix = ''): string {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = editDistance(given.toLowerCase(), k);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  const allowed = given.length <= 4 ? 1 : 2;
  return best !== null && bestDistance <= allowed ? ` (did you mean ${prefix}${best}?)` : '';
}

// Optimal string alignment distance: a swapped pair of letters (`targte`) counts as one edit.
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

function toNumber(spec: FlagSpec, raw: string): number {
  const n = (spec.decimal ? /^\d+(\.\d+)?$/ : /^\d+$/).test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(n) || n > Number.MAX_SAFE_INTEGER) throw new UsageError(`--${spec.name} must be a ${spec.decimal ? 'number' : 'whole number'}, got "${raw}"`);
  if (spec.min !== undefined && n < spec.min) throw new UsageError(`--${spec.name} must be at least ${spec.min}, got ${n}`);
  if (spec.max !== undefined && n > spec.max) throw new UsageError(`--${spec.name} must be at most ${spec.max}, got ${n}`);
  return n;
}

export function helpText(): string {
  const rows = FLAGS.map((f) => {
    const left = `--${f.name}${'value' in f ? ' ' + f.value : ''}`;
    return `  ${left.padEnd(22)} ${f.help}${'repeatable' in f && f.repeatable ? ' (repeatable)' : ''}`;
  });
  return [
    'usage: npm run conformance -- [flags]',
    '       npm run conformance -- merge A.json B.json ... [--out DIR] [--reporter NAME]',
    '       npm run conformance -- compare targets.yaml [--out DIR] [--parallel N] [selection flags]',
    '       npm run conformance -- compare --submissions DIR --start CMD [--out DIR] [selection flags]',
    '       npm run conformance -- autograder --start CMD [--out DIR] [selection flags] [--capabilities LIST]',
    `       npm run conformance -- ${EXPLORE_USAGE}`,
    '',
    'commands:',
    '  (none)      replay the corpus against one server (--target, --server, or the reference server)',
    '  merge       merge the report.json of several runs (shards) into one report',
    '  compare     the same cases against many servers, one comparison (compare.md, .html, .json, grades.csv)',
    '  autograder  write a ready Gradescope autograder (setup.sh, run_autograder) that starts each submission with --start',
    '  explore     mutate the corpus against several servers, write where they disagree (explore --help lists its flags)',
    '',
    'Replays the HTTP/1.1 case corpus against a server and writes a compliance report.',
    'With no --target or --server, the bundled reference server is tested.',
    '',
    ...rows,
    '',
    'exit codes: 0 every case passed or warned, 1 a case failed, timed out or errored, 2 usage or setup error (a bad flag, a case file --lint finds wrong, a server that did not start)',
  ].join('\n');
}
