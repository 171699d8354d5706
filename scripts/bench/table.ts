// Medians, ratios and the side-by-side table the benchmark prints.

/** NaN marks a sample the tool could not measure; it is left out. */
export function median(values: readonly number[]): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export type Row = {
  label: string;
  reference: number;
  node: number;
  format: (v: number) => string;
  /** The ratio to show when not reference/node (the median of per-round ratios, say). */
  ratio?: number;
};

/** The median of reference[i] / node[i]: each round's pair ran back to back on the same machine. */
export function medianRatio(reference: readonly number[], node: readonly number[]): number {
  return median(reference.map((r, i) => r / node[i]!));
}

export const fmt = {
  perSecond: (v: number): string => `${Math.round(v).toLocaleString('en-US')}/s`,
  micros: (v: number): string => (Number.isNaN(v) ? 'n/a' : v >= 1000 ? `${(v / 1000).toFixed(2)} ms` : `${v.toFixed(1)} µs`),
  megabytes: (v: number): string => `${(v / (1024 * 1024)).toFixed(1)} MB`,
  mbPerSecond: (v: number): string => `${(v / (1024 * 1024)).toFixed(0)} MB/s`,
  seconds: (v: number): string => `${v.toFixed(2)} s`,
};

function formatRatio(r: number): string {
  return Number.isFinite(r) ? `${r.toFixed(2)}x` : '-';
}

export function renderTable(rows: readonly Row[]): string {
  const header = ['', 'reference', 'node:http', 'ref/node'];
  const cells = rows.map((r) => [r.label, r.format(r.reference), r.format(r.node), formatRatio(r.ratio ?? r.reference / r.node)]);
  const all = [header, ...cells];
  const widths = header.map((_, i) => Math.max(...all.map((row) => row[i]!.length)));
  return all
    .map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('   '))
    .join('\n');
}
