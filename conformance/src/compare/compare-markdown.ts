// compare.md: who has which serious bug (findings), the score of every target, the score per area
// and per level with one column per target, then, for a class (three targets or more), the cases
// that split it by pass rate, or for two, the cases on which they disagree. Readable on GitHub
// and in a terminal.

import type { Status, Summary } from '../result/types.ts';
import { splitsClass, SPLIT_HIGH, SPLIT_LOW, type Comparison, type CompareTarget } from './comparison.ts';
import { shownScore, type CompareSummary } from './findings.ts';

const MARK: Record<Status, string> = {
  pass: 'pass',
  warn: 'warn',
  fail: '**FAIL**',
  timeout: '**TIMEOUT**',
  skip: 'skip',
  error: '**ERROR**',
};
/** A cell for a target that did not run. */
const NONE = '-';

export function renderCompareMarkdown(c: Comparison): string {
  const names = c.targets.map((t) => t.name);
  const lines = [
    `# HTTP/1.1 conformance: ${c.summary.targets} targets compared`,
    '',
    `${c.summary.cases} cases${selectionText(c.options)}, started ${c.startedAt}, took ${(c.durationMs / 1000).toFixed(1)} s. ` +
      'Score: (passed + warned / 2) / graded, over the cases that were not skipped or errored.',
    '',
    ...findingsSection(c),
    '## Scores',
    '',
    '| target | score | passed | warned | failed | timed out | skipped | errored | took | what was tested |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...c.targets.map(scoreRow),
    '',
    '## Score by area',
    '',
    ...groupTable('area', c.areas, c.targets, (t, a) => t.areas[a], c.cases.reduce(countBy('area'), new Map<string, number>())),
    '',
    '## Score by level',
    '',
    ...groupTable('level', c.levels, c.targets, (t, l) => t.levels[l], c.cases.reduce(countBy('level'), new Map<string, number>())),
    '',
  ];
  if (c.summary.ran >= 3) return [...lines, ...splitSection(c)].join('\n');
  const disagreeing = c.cases.filter((x) => x.disagree);
  lines.push(`## Cases on which targets disagree (${disagreeing.length})`, '');
  if (disagreeing.length === 0) lines.push(c.summary.ran < 2 ? 'Fewer than two targets ran: nothing to compare.' : 'None: every target that graded a case got the same status.', '');
  else {
    lines.push(
      'Skipped cases (a capability the target lacks) do not count as a disagreement.',
      '',
      `| case | area | level | ${names.map(cell).join(' | ')} |`,
      `|---|---|---|${names.map(() => '---|').join('')}`,
      ...disagreeing.map((x) => `| ${code(x.key)} ${cell(x.title)} | ${cell(x.area)} | ${cell(x.level)} | ${names.map((n) => statusMark(x.statuses[n] ?? null)).join(' | ')} |`),
      '',
    );
  }
  return lines.join('\n');
}

function findingsSection(c: Comparison): string[] {
  const lines = ['## Findings', ''];
  if (c.findings.length === 0) return [...lines, 'No target leaked a file, desynchronised, crashed, hung or failed to start.', ''];
  lines.push('| what | targets | who (cases) |', '|---|---:|---|');
  for (const f of c.findings) lines.push(`| ${cell(f.what)} | ${f.targets.length} | ${f.targets.map((t) => `${cell(t.name)}${t.cases.length > 0 ? ` (${t.cases.length})` : ''}`).join(', ')} |`);
  return [...lines, ''];
}

/** Per case the pass rate across the class; the cases between SPLIT_LOW and SPLIT_HIGH split it. */
function splitSection(c: Comparison): string[] {
  const split = c.cases.filter(splitsClass).sort((a, b) => Math.abs(a.passRate! - 50) - Math.abs(b.passRate! - 50) || a.key.localeCompare(b.key));
  const nobody = c.cases.filter((x) => x.passRate !== null && x.graded >= 2 && x.passRate < SPLIT_LOW);
  const lines = [
    `## Cases that split the class (${split.length})`,
    '',
    `Pass rate: the share of the targets that graded a case (not skipped) and passed or warned. A case splits the class at ${SPLIT_LOW}-${SPLIT_HIGH}%; ${nobody.length} case${nobody.length === 1 ? '' : 's'} almost nobody passes (below ${SPLIT_LOW}%), the rest almost everybody does. compare.json has every case's pass rate.`,
    '',
  ];
  if (split.length > 0) {
    lines.push('| case | area | level | pass rate | failed by |', '|---|---|---|---:|---|');
    for (const x of split) {
      const failedBy = Object.entries(x.statuses).filter(([, st]) => st === 'fail' || st === 'timeout').map(([n]) => cell(n));
      lines.push(`| ${code(x.key)} ${cell(x.title)} | ${cell(x.area)} | ${cell(x.level)} | ${x.passRate}% | ${failedBy.join(', ')} |`);
    }
    lines.push('');
  }
  return lines;
}

function scoreRow(t: CompareTarget): string {
  const what = `${t.kind === 'reference' ? 'the reference server' : code(t.given)}${t.capabilities !== null ? ` (capabilities: ${cell(t.capabilities || 'none')})` : ''}`;
  const took = `${(t.durationMs / 1000).toFixed(1)} s`;
  if (!t.ran || t.summary === null) return `| ${cell(t.name)} | ${NONE} | | | | | | | ${took} | ${what}: **did not run**: ${cell(t.error ?? 'unknown')} |`;
  const s = t.summary;
  return `| ${cell(t.name)} | ${s.score === null ? cell(t.noScore ?? 'no score') : shownScore(s)} | ${s.passed} | ${s.warned} | ${s.failed} | ${s.timedOut} | ${s.skipped} | ${s.errored} | ${took} | ${what} |`;
}

function groupTable(
  label: string,
  groups: readonly string[],
  targets: readonly CompareTarget[],
  pick: (t: CompareTarget, group: string) => CompareSummary | undefined,
  counts: Map<string, number>,
): string[] {
  return [
    `| ${label} | cases | ${targets.map((t) => cell(t.name)).join(' | ')} |`,
    `|---|---:|${targets.map(() => '---:|').join('')}`,
    ...groups.map((g) => `| ${cell(g)} | ${counts.get(g) ?? 0} | ${targets.map((t) => scoreCell(t.ran ? pick(t, g) : undefined)).join(' | ')} |`),
  ];
}

function scoreCell(s: CompareSummary | undefined): string {
  if (!s) return NONE;
  // Nothing graded (all skipped or errored): a score of 0 would read as a total failure.
  if (s.score === null) return 'no score';
  return s.total - s.skipped - s.errored === 0 ? 'n/a' : shownScore(s);
}

function countBy(key: 'area' | 'level') {
  return (m: Map<string, number>, x: { area: string; level: string }): Map<string, number> => m.set(x[key], (m.get(x[key]) ?? 0) + 1);
}

function statusMark(s: Status | null): string {
  return s === null ? NONE : MARK[s];
}

function selectionText(options: Record<string, unknown>): string {
  const sel = options.selection;
  if (typeof sel !== 'object' || sel === null) return '';
  const parts = Object.entries(sel as Record<string, unknown>)
    .filter(([, v]) => Array.isArray(v) && v.length > 0)
    .map(([k, v]) => `--${k} ${(v as unknown[]).join(',')}`);
  return parts.length > 0 ? ` (${cell(parts.join(' '))})` : '';
}

// Target names, commands and start errors (which carry the server's own output) can hold
// Markdown and HTML: escaped here so a table cell stays one cell of plain text.

/** Control characters shown as `\xHH` rather than passed to a browser. */
function visible(s: string): string {
  return s.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function html(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Table-cell text: one line, HTML-escaped, Markdown punctuation and pipes backslash-escaped. */
export function cell(s: string): string {
  return html(visible(s.replace(/[\r\n]+/g, ' '))).replace(/[\\`*_[\]#|~!]/g, (m) => `\\${m}`);
}

/** Monospace in a table cell; GitHub splits cells at `|` even inside code, hence `\|`. */
function code(s: string): string {
  return `<code>${html(visible(s.replace(/[\r\n]+/g, ' '))).replace(/[\\|`*_]/g, (m) => `\\${m}`)}</code>`;
}
