// A seed names one stream of requests: the same seed gives the same requests, another seed others.

import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCases } from '../../src/case/load.ts';
import { REPO } from '../../src/checkout.ts';
import { generate, type Generated } from '../../src/explore/generator.ts';
import { seedsFrom, type Seed } from '../../src/explore/seeds.ts';
import { isValidTemplate } from '../../src/explore/template.ts';

function first(seeds: Seed[], seed: number, n: number): Generated[] {
  const out: Generated[] = [];
  for (const g of generate(seeds, seed)) {
    if (out.length >= n) break;
    out.push(g);
  }
  return out;
}

describe('generate', () => {
  let seeds: Seed[] = [];
  beforeAll(async () => {
    seeds = seedsFrom(await loadCases([path.join(REPO, 'cases')]));
  });

  it('takes most of the corpus as seeds, each a valid template', () => {
    expect(seeds.length).toBeGreaterThan(300);
    for (const s of seeds) expect(isValidTemplate(s.template), s.id).toBe(true);
    // Side connections and slow cases are not seeds.
    expect(seeds.some((s) => s.id === 'conn-concurrent-while-stalled')).toBe(false);
  });

  it('is deterministic for a seed', () => {
    const a = first(seeds, 42, 300);
    const b = first(seeds, 42, 300);
    expect(b).toEqual(a);
    const c = first(seeds, 43, 300);
    expect(c.map((g) => g.template)).not.toEqual(a.map((g) => g.template));
  });

  it('mutates most requests, with many mutators, into valid templates', () => {
    const gs = first(seeds, 1, 500);
    for (const g of gs) expect(isValidTemplate(g.template)).toBe(true);
    const mutated = gs.filter((g) => g.mutations.length > 0).length;
    expect(mutated).toBeGreaterThan(450);
    const used = new Set(gs.flatMap((g) => g.mutations));
    expect(used.size).toBeGreaterThanOrEqual(10);
    expect(new Set(gs.map((g) => g.template)).size).toBeGreaterThan(450);
  });
});
