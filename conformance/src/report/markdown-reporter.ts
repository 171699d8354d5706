// `summary.md`: counts and score, the digest (what to fix first), the failing cases with what was
// expected, what came back and how to re-run it, then a table per area. Cut at a case boundary to
// stay under GitHub's 65,536-character limit for a pull-request comment, with a line pointing to
// the full report. With GITHUB_STEP_SUMMARY set (GitHub Actions), the same text is appended
// there, within GitHub's 1 MiB limit for a step summary.

import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CaseResult, Report, Summary } from '../result/types.ts';
import { byArea, byLevel, isFailing } from './breakdown.ts';
import type { Reporter } from './reporter.ts';
import { sidesText } from './wire-text.ts';
import { groupByCause, SEVERITY_LABEL } from './digest.ts';
import { DIGEST_GROUPS, rerunLine, skipLine } from './digest-text.ts';

/** GitHub refuses a step summary over 1 MiB; leave room for other steps' summaries. */
const STEP_SUMMARY_MAX_BYTES = 900 * 1024;
/** GitHub refuses a pull-request comment over 65,536 characters; leave room for a heading. */
export const SUMMARY_MAX_CHARS = 60_000;

export function markdownReporter(env: NodeJS.ProcessEnv = {}): Reporter {
  return {
    async onEnd(report, outDir) {
      await mkdir(outDir, { recursive: true });
      const file = path.join(outDir, 'summary.md');
      await writeFile(file, renderMarkdown(report, SUMMARY_MAX_CHARS));
      const stepSummary = env.GITHUB_STEP_SUMMARY;
      if (stepSummary) await appendFile(stepSummary, renderMarkdown(report, STEP_SUMMARY_MAX_BYTES));
      return [file];
    },
  };
}

/**
 * The whole document; with `max` (characters, and bytes: both bounds hold), failing cases and
 * then the per-area tables are dropped from the end to fit, with a line saying where the rest is.
 */
export function renderMarkdown(report: Report, max = Infinity): string {
  const s = report.summary;
  const head = [
    `# HTTP/1.1 conformance: ${s.score}%`,
    '',
    `Target: ${inline(targetText(report))}. ${s.total} cases in ${(report.durationMs / 1000).toFixed(1)} s, started ${report.startedAt}.`,
    '',
    ...summaryTable([{ name: 'all', summary: s }], 'cases'),
    '',
    '## By level',
    '',
    ...summaryTable(byLevel(report.cases), 'level'),
    '',
    '## By area',
    '',
    ...summaryTable(byArea(report.cases), 'area'),
    '',
    ...digestSection(report),
  ].join('\n');

  const failing = report.cases.filter(isFailing);
  const size = (s: string): number => Math.max(s.length, Buffer.byteLength(s));
  const tables = areaTables(report).join('\n');
  if (failing.length === 0) return `${head}\n## Failing cases\n\nNone.\n\n${tables}`;
  let out = `${head}\n## Failing cases (${failing.length})\n`;
  for (let i = 0; i < failing.length; i++) {
    const section = `\n${failingCase(failing[i]!)}`;
    const rest = failing.length - i;
    const note = `\n_${rest} more failing case${rest === 1 ? '' : 's'} left out to fit the size limit: every case is in report.json and report.html (\`--reporter html\`)._\n`;
    if (size(out + section + note) > max) return out + note;
    out += section;
  }
  const note = '\n_The table of every case by area is left out to fit the size limit: see report.json and report.html (`--reporter html`)._\n';
  return size(`${out}\n${tables}`) <= max ? `${out}\n${tables}` : out + note;
}

/** The digest (digest-text.ts) as a list: what to fix first. */
function digestSection(report: Report): string[] {
  const groups = groupByCause(report.cases);
  if (groups.length === 0) return [];
  const shown = groups.slice(0, DIGEST_GROUPS);
  const lines = ['## What to fix first', ''];
  shown.forEach((g, i) => {
    lines.push(`${i + 1}. **${SEVERITY_LABEL[g.severity]}** ${text(g.cause)}: ${g.cases.length} case${g.cases.length === 1 ? '' : 's'} (${text(g.cases.slice(0, 6).map((c) => c.id).join(', '))}${g.cases.length > 6 ? ', ...' : ''})`);
    lines.push('', indent(fence(rerunLine(g), 'sh')), '');
  });
  const rest = groups.slice(shown.length);
  if (rest.length > 0) lines.push(`_and ${rest.length} more causes (${rest.reduce((n, g) => n + g.cases.length, 0)} cases)._`, '');
  const skips = skipLine(report.cases);
  if (skips !== null) lines.push(text(skips), '');
  return lines;
}

function indent(s: string): string {
  return s.split('\n').map((l) => `   ${l}`).join('\n');
}

function targetText(report: Report): string {
  const t = report.target;
  if (t.kind === 'reference') return `the reference server at ${t.address}`;
  return t.command ? `${t.command} at ${t.address}` : t.address;
}

function summaryTable(rows: Array<{ name: string; summary: Summary }>, label: string): string[] {
  return [
    `| ${label} | total | passed | warned | failed | timed out | skipped | errored | score |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(({ name, summary: x }) => `| ${cell(name)} | ${x.total} | ${x.passed} | ${x.warned} | ${x.failed} | ${x.timedOut} | ${x.skipped} | ${x.errored} | ${x.score}% |`),
  ];
}

const STATUS_MARK: Record<CaseResult['status'], string> = {
  pass: 'pass',
  warn: '**warn**',
  fail: '**FAIL**',
  timeout: '**TIMEOUT**',
  skip: 'skip',
  error: '**ERROR**',
};

// Collapsed so a page with 2000 cases stays readable; GitHub renders <details> in Markdown.
function areaTables(report: Report): string[] {
  const out: string[] = ['## Cases by area', ''];
  for (const { name, summary } of byArea(report.cases)) {
    out.push(`<details><summary>${html(name)}: ${summary.passed}/${summary.total} passed, score ${summary.score}%</summary>`, '');
    out.push('| status | id | level | title | rfc |', '|---|---|---|---|---|');
    for (const c of report.cases.filter((x) => x.area === name)) {
      out.push(`| ${STATUS_MARK[c.status]} | ${cell(c.id)} | ${cell(c.level)} | ${cell(c.title)} | ${cell(c.rfc)} |`);
    }
    out.push('', '</details>', '');
  }
  return out;
}

function failingCase(c: CaseResult): string {
  const lines = [
    `### ${STATUS_MARK[c.status]} ${text(c.id)}: ${text(c.title)}`,
    '',
    `${text(c.level)}, ${text(c.rfc)}, ${text(c.area)}${c.mode === 'as-written' ? '' : `, mode ${inline(c.mode)}`}: ${text(c.message)}`,
    '',
    `> ${text(c.quote)}`,
    '',
    'Expected one of:',
    '',
    fence(c.expected.map((e, i) => `${c.matched === i ? '*' : '-'} ${e}`).join('\n')),
    '',
    'Actual:',
    '',
    fence(c.actual || '(nothing)'),
    '',
    // No transcript here, but a second connection is what makes such a case: say what it did.
    ...(c.before ? ['Connections opened first:', '', fence(sidesText(c.before)), ''] : []),
    'Reproduce:',
    '',
    fence(c.reproduce, 'sh'),
  ];
  return lines.join('\n') + '\n';
}

// Server-controlled text (status lines, header values) can hold Markdown and HTML: in code
// blocks it is inert, elsewhere every special character is escaped.

/** A fenced block whose fence is longer than any run of backticks inside. */
export function fence(text: string, lang = 'text'): string {
  const body = visible(text);
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(Math.max(3, longest + 1));
  return `${f}${lang}\n${body}\n${f}`;
}

/** Control characters (a raw NUL, an ESC) shown as `\xHH` rather than passed to a terminal or browser. */
function visible(s: string): string {
  return s.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function inline(s: string): string {
  return `<code>${html(s)}</code>`;
}

// Quotes need no escaping: this text never lands inside an HTML attribute.
function html(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Paragraph text: HTML-escaped and Markdown punctuation backslash-escaped. */
export function text(s: string): string {
  return html(visible(s.replace(/[\r\n]+/g, ' '))).replace(/[\\`*_[\]#|~!]/g, (m) => `\\${m}`);
}

function cell(s: string): string {
  return text(s);
}
