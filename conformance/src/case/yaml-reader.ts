// Walks a parsed YAML document while collecting problems, each tied to the line of the node at
// fault. The parsers in this directory never throw on bad input: they report and carry on so
// that `lint` can list every problem in one pass.

import { isAlias, isMap, isNode, isScalar, isSeq, type Document, type LineCounter, type Node, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';

export type Problem = { line: number; problem: string };

/**
 * A value found under a key (or at a list index), with the line to blame for it; `keyLine` is
 * where its key stands (a block list starts on the line below its key).
 */
export type Entry = { key: string; node: Node | null; line: number; keyLine: number };

export class YamlReader {
  readonly problems: Problem[] = [];
  /** The file's named outcomes (`presets:`), by name: the mapping each name stands for. */
  readonly presets = new Map<string, Entry>();

  constructor(
    readonly source: string,
    private readonly doc: Document,
    private readonly lc: LineCounter,
  ) {}

  report(line: number, problem: string): void {
    this.problems.push({ line, problem });
  }

  lineAt(offset: number): number {
    return this.lc.linePos(offset).line;
  }

  /** The node itself, or the node an alias points at; null for a missing value. */
  resolve(value: unknown): Node | null {
    if (isAlias(value)) return value.resolve(this.doc) ?? null;
    return isNode(value) ? value : null;
  }

  lineOf(value: unknown, fallback: number): number {
    if (isNode(value) && value.range) return this.lineAt(value.range[0]);
    return fallback;
  }

  entry(key: string, value: unknown, keyLine: number): Entry {
    return { key, node: this.resolve(value), line: this.lineOf(value, keyLine), keyLine };
  }

  map(e: Entry, what: string): YAMLMap | null {
    if (isMap(e.node)) return e.node;
    this.report(e.line, `${what}: expected a mapping (key: value), got ${kindOf(e.node)}`);
    return null;
  }

  seq(e: Entry, what: string): YAMLSeq | null {
    if (isSeq(e.node)) return e.node;
    this.report(e.line, `${what}: expected a list, got ${kindOf(e.node)}`);
    return null;
  }

  items(seq: YAMLSeq, what: string, line: number): Entry[] {
    return seq.items.map((item, i) => this.entry(`${what}[${i}]`, item, this.lineOf(item, line)));
  }

  /**
   * The entries of a mapping, keyed by name. Keys outside `known` are reported (with a
   * suggestion when one is a likely typo) and left out.
   */
  fields<K extends string>(map: YAMLMap, known: readonly K[], what: string): Map<K, Entry> {
    const out = new Map<K, Entry>();
    const mapLine = this.lineOf(map, 1);
    for (const pair of map.items) {
      const keyNode = this.resolve(pair.key);
      const keyLine = this.lineOf(pair.key, mapLine);
      if (!isScalar(keyNode) || typeof keyNode.value !== 'string') {
        this.report(keyLine, `${what}: keys must be plain words, got ${kindOf(keyNode)}`);
        continue;
      }
      const key = keyNode.value;
      if (!(known as readonly string[]).includes(key)) {
        // `ETag: {etag}` unquoted is a one-key YAML mapping, not text with a placeholder.
        if (map.flow && map.items.length === 1 && this.resolve(pair.value) === null) {
          this.report(keyLine, `${what}: {${key}} is read as a YAML mapping; quote it: "{${key}}"`);
          continue;
        }
        const guess = closest(key, known);
        const hint = guess ? `; did you mean "${guess}"?` : ` (known: ${known.join(', ')})`;
        this.report(keyLine, `${what}: unknown key "${key}"${hint}`);
        continue;
      }
      out.set(key as K, this.entry(key, pair.value, keyLine));
    }
    return out;
  }

  scalar(e: Entry): Scalar | null {
    return isScalar(e.node) ? e.node : null;
  }

  string(e: Entry, what: string): string | null {
    const s = this.scalar(e);
    if (s && typeof s.value === 'string') return s.value;
    this.report(e.line, `${what}: expected a string, got ${kindOf(e.node)}`);
    return null;
  }

  /** A whole number in [min, max]; YAML numbers only (quoted digits are a likely mistake). */
  integer(e: Entry, what: string, min: number, max: number): number | null {
    const s = this.scalar(e);
    const v = s?.value;
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      this.report(e.line, `${what}: expected a whole number, got ${kindOf(e.node)}`);
      return null;
    }
    if (v < min || v > max) {
      this.report(e.line, `${what}: ${v} is out of range (${min}..${max})`);
      return null;
    }
    return v;
  }

  /** Only `true` is accepted: `present: false` and the like read ambiguously. */
  trueFlag(e: Entry, what: string): boolean {
    const s = this.scalar(e);
    if (s?.value === true) return true;
    this.report(e.line, `${what}: the only allowed value is true`);
    return false;
  }
}

export function kindOf(node: Node | null): string {
  if (node === null) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return 'nothing';
    if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '...' : v);
    return String(v);
  }
  return 'an alias';
}

/** The known word within edit distance 2 of `word`, if any: most unknown keys are typos. */
function closest(word: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDist = 3;
  for (const k of known) {
    const d = editDistance(word.toLowerCase(), k.toLowerCase());
    if (d < bestDist) {
      best = k;
      bestDist = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const sub = prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, sub));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
