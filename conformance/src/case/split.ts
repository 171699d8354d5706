// Split modes (`--split`): how a run of consecutive writes is re-cut before sending. A server
// must parse a request the same way however TCP delivers it (RFC 9112 §2.2 treats the message
// as a byte stream), so the same case is sent whole, byte by byte, and at random cut points.

import { LazyBytes, type WireBytes } from '../wire/lazy-bytes.ts';
import { fnv1a, mulberry32 } from './prng.ts';

export type SplitMode = { kind: 'as-written' } | { kind: 'bytewise' } | { kind: 'random'; seed: number } | { kind: 'coalesced' };

export const DEFAULT_SEED = 1;

/** A bad `--split` value; the code marks it as the user's mistake (one line, no stack). */
export class SplitModeError extends Error {
  readonly code = 'SPLIT_MODE_INVALID';
  override name = 'SplitModeError';
}
const NAMES = ['as-written', 'bytewise', 'random', 'coalesced'] as const;

// Bytewise on a 16 MiB write would be 16 million writes; even an 8000-octet request line takes
// seconds at one byte per write. The first KiB of a write (where every request line and header
// section of ordinary size lies) goes one byte at a time, the rest in 1 KiB pieces.
const BYTEWISE_FULL_LIMIT = 1024;
const BYTEWISE_HEAD = 1024;
const LARGE_PIECE = 1024;
// Random pieces are biased towards small ones (cuts inside CRLF, inside a field name) and never
// exceed this, so huge writes still get cut.
const RANDOM_MAX_PIECE = 16 * 1024;

/** `as-written`, `bytewise`, `random`, `random:SEED`, `coalesced` or `all`, comma-separated. */
export function parseSplitModes(text: string): SplitMode[] {
  const modes: SplitMode[] = [];
  const add = (m: SplitMode): void => {
    if (!modes.some((x) => formatSplitMode(x) === formatSplitMode(m))) modes.push(m);
  };
  const words = text.split(',').map((w) => w.trim());
  for (const word of words) {
    if (word === 'all') for (const name of NAMES) add(named(name, DEFAULT_SEED));
    else if (word === 'as-written' || word === 'bytewise' || word === 'coalesced' || word === 'random') add(named(word, DEFAULT_SEED));
    else if (/^random:\d+$/.test(word) && Number(word.slice(7)) <= 0xffffffff) add({ kind: 'random', seed: Number(word.slice(7)) });
    else throw new SplitModeError(`invalid --split value "${text}": expected as-written, bytewise, random, random:SEED, coalesced or all`);
  }
  return modes;
}

function named(name: (typeof NAMES)[number], seed: number): SplitMode {
  return name === 'random' ? { kind: 'random', seed } : { kind: name };
}

export function formatSplitMode(m: SplitMode): string {
  return m.kind === 'random' ? `random:${m.seed}` : m.kind;
}

/**
 * A source of cut decisions for one case: the seed mixed with the case id, so running one case
 * alone cuts it exactly as it was cut in a full run.
 */
export function randomFor(seed: number, caseId: string): () => number {
  return mulberry32((seed + fnv1a(caseId)) >>> 0);
}

/**
 * Re-cuts one run of consecutive writes. The concatenation of the result equals the input's.
 * Cutting makes windows over the writes, not bytes: they are made when sent.
 */
export function cutRun(run: WireBytes[], mode: SplitMode, random: () => number): WireBytes[] {
  switch (mode.kind) {
    case 'as-written':
      return run;
    case 'coalesced':
      return run.length === 1 ? run : [LazyBytes.concat(run)];
    case 'bytewise':
      return cutBytewise(LazyBytes.concat(run));
    case 'random':
      return cutRandom(LazyBytes.concat(run), random);
  }
}

function cutBytewise(bytes: LazyBytes): WireBytes[] {
  const pieces: WireBytes[] = [];
  const single = bytes.length > BYTEWISE_FULL_LIMIT ? BYTEWISE_HEAD : bytes.length;
  // The single bytes are made now (a KiB at most); the rest stay windows.
  for (let i = 0; i < single; i++) pieces.push(bytes.subarray(i, i + 1));
  for (let i = single; i < bytes.length; i += LARGE_PIECE) pieces.push(bytes.slice(i, i + LARGE_PIECE));
  return pieces;
}

function cutRandom(bytes: LazyBytes, random: () => number): WireBytes[] {
  const pieces: WireBytes[] = [];
  for (let at = 0; at < bytes.length; ) {
    const room = Math.min(bytes.length - at, RANDOM_MAX_PIECE);
    const size = 1 + Math.floor(random() ** 3 * room);
    pieces.push(bytes.slice(at, at + size));
    at += size;
  }
  return pieces;
}
