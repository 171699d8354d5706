// grades.csv: one row per target for a gradebook. RFC 4180 quoting; a cell that a spreadsheet
// would run as a formula (=, +, -, @ first) gets a leading apostrophe, since names and start
// errors come from the submissions.

import type { Comparison } from './comparison.ts';

const COLUMNS = ['name', 'score', 'passed', 'failed', 'findings', 'warned', 'timed_out', 'skipped', 'not_run', 'crashes', 'note'] as const;

export function renderGradesCsv(c: Comparison): string {
  const rows: string[][] = [[...COLUMNS]];
  for (const t of c.targets) {
    const found = c.findings
      .map((f) => ({ f, mine: f.targets.find((x) => x.name === t.name) }))
      .filter(({ mine }) => mine !== undefined)
      .map(({ f, mine }) => (mine!.cases.length > 0 ? `${f.what} (${mine!.cases.length})` : f.what));
    if (!t.ran || t.summary === null) {
      rows.push([t.name, '0', '0', '0', found.join('; '), '0', '0', '0', '0', '0', `did not run: ${t.error ?? 'unknown'}`]);
      continue;
    }
    const s = t.summary;
    // No score over a fraction of the cases: an empty cell, never a number a gradebook would take.
    rows.push([t.name, s.score === null ? '' : String(s.score), String(s.passed), String(s.failed), found.join('; '), String(s.warned), String(s.timedOut), String(s.skipped), String(t.counts?.notRun ?? s.errored), String(t.counts?.crashes ?? 0), t.noScore ?? '']);
  }
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

function csvCell(value: string): string {
  const v = /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}
