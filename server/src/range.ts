// Byte ranges (RFC 9110 §14). Only a single range is served; a multi-range request, a syntax
// error or an unknown unit means the Range field is ignored and the whole file is sent, which
// §14.2 allows ("A server MAY ignore the Range header field").

export type RangeOutcome =
  | { kind: 'full' }
  /** `end` inclusive, already clamped to the representation. */
  | { kind: 'partial'; start: number; end: number }
  | { kind: 'unsatisfiable' };

const FULL: RangeOutcome = { kind: 'full' };
const UNSATISFIABLE: RangeOutcome = { kind: 'unsatisfiable' };
// §14.1.1: range units compare case-insensitively; no whitespace around "=".
const BYTES_UNIT = /^bytes=/i;
const INT_RANGE = /^(\d+)-(\d*)$/;
const SUFFIX_RANGE = /^-(\d+)$/;

export function evaluateRange(value: string, size: number): RangeOutcome {
  if (!BYTES_UNIT.test(value)) return FULL;
  // §5.6.1: list elements are separated by commas with OWS; empty elements do not count.
  const specs = value
    .slice(6)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (specs.length !== 1) return FULL;
  const spec = specs[0]!;

  const int = INT_RANGE.exec(spec);
  if (int) {
    // Digits beyond 2^53 lose precision but keep their order, which is all that is compared.
    const first = Number(int[1]);
    const last = int[2] === '' ? Infinity : Number(int[2]);
    if (last < first) return FULL;
    // §14.1.1: satisfiable when the first position is below the representation's length.
    if (first >= size) return UNSATISFIABLE;
    return { kind: 'partial', start: first, end: Math.min(last, size - 1) };
  }
  const suffix = SUFFIX_RANGE.exec(spec);
  if (suffix) {
    const length = Number(suffix[1]);
    // §14.1.1: a suffix range is satisfiable when its length is non-zero and the file is not empty.
    if (length === 0 || size === 0) return UNSATISFIABLE;
    return { kind: 'partial', start: Math.max(0, size - length), end: size - 1 };
  }
  return FULL;
}
