// Grading weights for the Gradescope reporter, from CONFORMANCE_GRADESCOPE_WEIGHTS: either the
// JSON/YAML text itself (when it starts with `{`) or the path of a JSON/YAML file holding it.
//
//   { "levels": { "MUST": 2, "SHOULD": 1 }, "areas": { "traversal": 3 }, "visibility": "after_published" }
//
// A case is worth levels[level] x areas[area]; anything not named weighs 1. `visibility` is
// Gradescope's per-test visibility (default "visible"). `total` scales the top-level score to the
// assignment's points (absent: no top-level score, so Gradescope sums the tests). `skipped`:
// "zero" (default) keeps a skipped case in the total at 0 points, so every student is graded out
// of the same total; "drop" leaves skipped cases out.

import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { AREAS, LEVELS } from '../case/types.ts';
import { UsageError } from '../errors.ts';

export const VISIBILITIES = ['visible', 'hidden', 'after_due_date', 'after_published'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export type Weights = {
  levels: Partial<Record<string, number>>;
  areas: Partial<Record<string, number>>;
  visibility: Visibility;
  /** The assignment's points: the top-level score is scaled to it. */
  total?: number;
  skipped: 'zero' | 'drop';
};

export const ENV_VAR = 'CONFORMANCE_GRADESCOPE_WEIGHTS';
export const DEFAULT_WEIGHTS: Weights = { levels: {}, areas: {}, visibility: 'visible', skipped: 'zero' };

export function weightsFromEnv(env: NodeJS.ProcessEnv): Weights {
  const raw = env[ENV_VAR]?.trim();
  if (!raw) return DEFAULT_WEIGHTS;
  let text = raw;
  let where = ENV_VAR;
  if (!raw.startsWith('{')) {
    where = raw;
    try {
      text = readFileSync(raw, 'utf8');
    } catch (e) {
      throw new UsageError(`${ENV_VAR}: cannot read ${raw} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  let value: unknown;
  try {
    value = parse(text);
  } catch (e) {
    throw new UsageError(`${where}: not valid JSON or YAML (${(e instanceof Error ? e.message : String(e)).split('\n')[0]})`);
  }
  return parseWeights(value, where);
}

export function parseWeights(value: unknown, where: string): Weights {
  if (!isObject(value)) throw new UsageError(`${where}: grading weights must be an object with "levels" and/or "areas"`);
  for (const key of Object.keys(value)) {
    if (!['levels', 'areas', 'visibility', 'total', 'skipped'].includes(key)) throw new UsageError(`${where}: unknown key "${key}" (expected levels, areas, visibility, total, skipped)`);
  }
  const visibility = value.visibility ?? 'visible';
  if (!(VISIBILITIES as readonly unknown[]).includes(visibility)) {
    throw new UsageError(`${where}: visibility must be one of ${VISIBILITIES.join(', ')}`);
  }
  const total = value.total;
  if (total !== undefined && (typeof total !== 'number' || !Number.isFinite(total) || total <= 0)) throw new UsageError(`${where}: total must be a number above 0 (the assignment's points)`);
  const skipped = value.skipped ?? 'zero';
  if (skipped !== 'zero' && skipped !== 'drop') throw new UsageError(`${where}: skipped must be "zero" (counted, 0 points) or "drop" (left out)`);
  return {
    levels: table(value.levels, LEVELS, 'levels', where),
    areas: table(value.areas, AREAS, 'areas', where),
    visibility: visibility as Visibility,
    ...(total !== undefined ? { total } : {}),
    skipped,
  };
}

function table(value: unknown, names: readonly string[], key: string, where: string): Partial<Record<string, number>> {
  if (value === undefined) return {};
  if (!isObject(value)) throw new UsageError(`${where}: "${key}" must map names to numbers`);
  const out: Partial<Record<string, number>> = {};
  for (const [name, w] of Object.entries(value)) {
    if (!names.includes(name)) throw new UsageError(`${where}: ${key}.${name}: unknown (one of: ${names.join(', ')})`);
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) throw new UsageError(`${where}: ${key}.${name} must be a number >= 0`);
    out[name] = w;
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function caseWeight(w: Weights, c: { level: string; area: string }): number {
  return (w.levels[c.level] ?? 1) * (w.areas[c.area] ?? 1);
}
