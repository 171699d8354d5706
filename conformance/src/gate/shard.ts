import { UsageError } from '../errors.ts';

export type Shard = { index: number; count: number };

/** `--shard 2/4` -> { index: 2, count: 4 }; shards are numbered from 1. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) throw new UsageError(`--shard must be I/N with 1 <= I <= N (e.g. 1/4), got "${text}"`);
  return { index, count };
}

/**
 * A deterministic slice: every case lands in exactly one shard, by its position in id order,
 * so shards run on different machines join back into the whole corpus.
 */
export function takeShard<T extends { id: string }>(items: readonly T[], shard: Shard): T[] {
  const sorted = [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return sorted.filter((_, i) => i % shard.count === shard.index - 1);
}
