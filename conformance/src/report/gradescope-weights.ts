// Grading weights for the Gradescope reporter, from CONFORMANCE_GRADESCOPE_WEIGHTS: either the
// JSON/YAML text itself (when it starts with `{`) or the path of a JSON/YAML file holding it.
//
//   { "levels": { "MUST": 2, "SHOULD": 1 }, "areas": { "traversal": 3 }, "visibility": "after_published" }
//
// A case is worth levels[level] x areas[area]; anything not named weighs 1. `visibility` is
// Gradescope's per-test visibility (default "visible").

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
};

export const ENV_VAR = 'CONFORMANCE_GRADESCOPE_WEIGHTS';
export const DEFAULT_WEIGHTS: Weights = { levels: {}, areas: {}, visibility: 'visible' };

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
    if (!['levels', 'areas', 'visibility'].includes(key)) throw new UsageError(`${where}: unknown key "${key}" (expected levels, areas, visibility)`);
  }
  const visibility = value.visibility ?? 'visible';
  if (!(VISIBILITIES as readonly unknown[]).includes(visibility)) {
    throw new UsageError(`${where}: visibility must be one of ${VISIBILITIES.join(', ')}`);
  }
  return {
    levels: table(value.levels, LEVELS, 'levels', where),
    areas: table(value.areas, AREAS, 'areas', where),
    visibility: visibility as Visibility,
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
