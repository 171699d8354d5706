// `report.tap`: TAP version 14 (https://testanything.org/tap-version-14-specification.html).
// One test point per case; skips carry `# SKIP reason`; every case that did not simply pass has
// a YAML diagnostics block. A warn is `ok` (allowed) with its diagnostics saying why it is not
// a clean pass; fail, timeout and error are `not ok`.

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import type { CaseResult, Report } from '../result/types.ts';
import type { Reporter } from './reporter.ts';
import { hasWire, wireText } from './wire-text.ts';

export function tapReporter(): Reporter {
  return {
    async onEnd(report, outDir) {
      await mkdir(outDir, { recursive: true });
      const file = path.join(outDir, 'report.tap');
      await writeFile(file, renderTap(report));
      return [file];
    },
  };
}

export function renderTap(report: Report): string {
  const lines = ['TAP version 14', `1..${report.cases.length}`];
  report.cases.forEach((c, i) => lines.push(...testPoint(c, i + 1)));
  const s = report.summary;
  lines.push(`# ${s.total} cases, ${s.passed} passed, ${s.warned} warned, ${s.failed} failed, ${s.timedOut} timed out, ${s.skipped} skipped, ${s.errored} errored; score ${s.score}%`);
  return lines.join('\n') + '\n';
}

function testPoint(c: CaseResult, n: number): string[] {
  const ok = c.status === 'pass' || c.status === 'warn' || c.status === 'skip';
  const line = `${ok ? 'ok' : 'not ok'} ${n} - ${description(`${c.id}: ${c.title}`)}`;
  if (c.status === 'skip') return [`${line} # SKIP ${oneLine(c.message)}`];
  if (c.status === 'pass') return [line];
  return [line, ...yamlBlock(c)];
}

function yamlBlock(c: CaseResult): string[] {
  const diag: Record<string, unknown> = {
    severity: c.status,
    message: c.message,
    expected: c.expected,
    actual: c.actual,
    level: c.level,
    rfc: c.rfc,
    quote: c.quote,
    area: c.area,
    mode: c.mode,
    reproduce: c.reproduce,
  };
  if (c.status !== 'warn' && hasWire(c)) diag.transcript = wireText(c);
  const body = stringify(diag, { lineWidth: 0 }).trimEnd().split('\n');
  return ['  ---', ...body.map((l) => `  ${l}`), '  ...'];
}

// TAP 14: `#` starts a directive and `\` escapes, so both are escaped in a description.
function description(text: string): string {
  return oneLine(text).replace(/\\/g, '\\\\').replace(/#/g, '\\#');
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}
