// The explorer's only source of randomness: seeded, so the same seed generates the same requests
// on every machine (case/prng.ts's mulberry32, wrapped with the choices mutators make).

import { mulberry32 } from '../case/prng.ts';

export type Rng = {
  /** A whole number in [0, n). */
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
};

export function makeRng(seed: number): Rng {
  const next = mulberry32(seed);
  const int = (n: number): number => Math.floor(next() * Math.max(1, n));
  return {
    int,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[int(items.length)]!;
    },
    chance: (p) => next() < p,
  };
}
