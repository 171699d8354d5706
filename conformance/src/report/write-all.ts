// Writes any set of report formats again from a saved report.json (`conformance merge`, or a
// CI step that wants HTML from an earlier run's JSON) without running a single case.

import { readFile } from 'node:fs/promises';
import { STATUSES, type Report } from '../result/types.ts';
import { UsageError } from '../errors.ts';
import { createReporters, type ReporterIo } from './reporters.ts';

/** Runs each named reporter's `onEnd` on `report`; returns every path written. */
export async function writeReports(report: Report, names: readonly string[], outDir: string, io: ReporterIo): Promise<string[]> {
  const reporters = createReporters(names, io);
  const written: string[] = [];
  for (const r of reporters) written.push(...(await r.onEnd(report, outDir)));
  return written;
}

/**
 * Reads a report.json written by the json reporter; a file that is not one is a usage error.
 * `flag` names where the path came from (`--baseline`) so the one-line error says which input.
 */
export async function readReport(file: string, flag = ''): Promise<Report> {
  const where = flag ? `${flag} ${file}` : file;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${where}: cannot read it (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`${where}: not JSON (expected a report.json written by the harness)`);
  }
  if (!looksLikeReport(value)) throw new UsageError(`${where}: not a report.json written by the harness (no summary and cases)`);
  return value;
}

function looksLikeReport(v: unknown): v is Report {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Partial<Record<keyof Report, unknown>>;
  return (
    typeof r.summary === 'object' &&
    r.summary !== null &&
    typeof r.target === 'object' &&
    Array.isArray(r.cases) &&
    r.cases.every((c: unknown) => typeof c === 'object' && c !== null && (STATUSES as readonly unknown[]).includes((c as { status?: unknown }).status) && Array.isArray((c as { wire?: unknown }).wire))
  );
}
