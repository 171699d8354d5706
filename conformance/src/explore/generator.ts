// The stream of requests to try: for each, a seed from the corpus and one to three mutations.
// Everything comes from the seeded generator, so a seed number names the same stream on every
// machine; which targets answer what plays no part in it.

import { MUTATOR_DRAW, type Mutator } from './mutators.ts';
import { makeRng } from './rng.ts';
import type { Seed } from './seeds.ts';
import { isValidTemplate, type Template } from './template.ts';

export type Generated = { index: number; seedId: string; area: Seed['area']; template: Template; mutations: string[] };

const TRIES_PER_MUTATION = 8;

export function* generate(seeds: readonly Seed[], seed: number, mutators: readonly Mutator[] = MUTATOR_DRAW): Generator<Generated> {
  if (seeds.length === 0) return;
  const rng = makeRng(seed);
  for (let index = 0; ; index++) {
    const from = rng.pick(seeds);
    let t = from.template;
    // A canary at the end shows where each target thinks the request ended.
    if (!t.includes('{canary}') && rng.chance(0.8)) t += '{canary}';
    const count = 1 + rng.int(3);
    const mutations: string[] = [];
    for (let m = 0; m < count; m++) {
      for (let attempt = 0; attempt < TRIES_PER_MUTATION; attempt++) {
        const mutator = rng.pick(mutators);
        const next = mutator.apply(t, rng);
        if (next === null || next === t || !isValidTemplate(next)) continue;
        t = next;
        mutations.push(mutator.name);
        break;
      }
    }
    yield { index, seedId: from.id, area: from.area, template: t, mutations };
  }
}
