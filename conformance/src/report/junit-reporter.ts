// `junit.xml`: one <testsuite> per area, one <testcase> per case, in the shape CI systems read
// (Jenkins, GitLab, GitHub test-report actions). A warn is a pass that says why in
// <system-out>; fail and timeout are <failure>, error is <error>, skip is <skipped>.

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CaseResult, Report } from '../result/types.ts';
import { byArea } from './breakdown.ts';
import { caseText } from './case-text.ts';
import type { Reporter } from './reporter.ts';
import { xmlAttr, xmlText } from './xml.ts';
import { gradeLabel } from '../judge/grade-label.ts';

export function junitReporter(): Reporter {
  return {
    async onEnd(report, outDir) {
      await mkdir(outDir, { recursive: true });
      const file = path.join(outDir, 'junit.xml');
      await writeFile(file, renderJunit(report));
      return [file];
    },
  };
}

export function renderJunit(report: Report): string {
  const s = report.summary;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlAttr(`${report.tool.name} ${report.target.address}`)}" tests="${s.total}" failures="${s.failed + s.timedOut}" errors="${s.errored}" skipped="${s.skipped}" time="${seconds(report.durationMs)}" timestamp="${xmlAttr(report.startedAt)}">`,
  ];
  for (const { name: area, summary } of byArea(report.cases)) {
    const cases = report.cases.filter((c) => c.area === area);
    const time = cases.reduce((t, c) => t + c.durationMs, 0);
    lines.push(
      `  <testsuite name="${xmlAttr(area)}" tests="${summary.total}" failures="${summary.failed + summary.timedOut}" errors="${summary.errored}" skipped="${summary.skipped}" time="${seconds(time)}" timestamp="${xmlAttr(report.startedAt)}">`,
    );
    for (const c of cases) lines.push(...testcase(c));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

function testcase(c: CaseResult): string[] {
  const open = `    <testcase classname="${xmlAttr(c.area)}" name="${xmlAttr(`${c.id}: ${c.title}`)}" time="${seconds(c.durationMs)}"`;
  switch (c.status) {
    case 'pass':
      return [`${open}/>`];
    case 'warn':
      return [`${open}>`, `      <system-out>${xmlText(`WARNING (${gradeLabel(c)}, counted as passed): ${caseText(c)}`)}</system-out>`, '    </testcase>'];
    case 'skip':
      return [`${open}>`, `      <skipped message="${xmlAttr(c.message)}"/>`, '    </testcase>'];
    case 'fail':
    case 'timeout':
      return [`${open}>`, `      <failure message="${xmlAttr(c.message)}" type="${xmlAttr(gradeLabel(c))}">${xmlText(caseText(c))}</failure>`, '    </testcase>'];
    case 'error':
      return [`${open}>`, `      <error message="${xmlAttr(c.message)}" type="harness-error">${xmlText(caseText(c))}</error>`, '    </testcase>'];
  }
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
