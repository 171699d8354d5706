// compare.html: one self-contained page (inline CSS and JS, nothing fetched, works from file://),
// in report.html's style. The scores, per-area and per-level tables are static HTML; the case
// matrix (one row per case, one column per target) is built by a small script from an embedded
// JSON blob, and a cell expands to that target's verdict.
//
// Target names, commands, start errors and every cell's text may come from a server under test:
// static text goes through `html()`, the blob through `jsonForScript` (no `</script>` can end it),
// and the script only ever sets text, never markup.

import type { Summary } from '../result/types.ts';
import { pageHead } from '../report/html-page.ts';
import { html, jsonForScript } from '../report/html-reporter.ts';
import type { PageData } from '../report/html-view-model.ts';
import { PAGE_STYLE } from '../report/html-style.ts';
import { COMPARE_SCRIPT } from './compare-script.ts';
import { COMPARE_STYLE } from './compare-style.ts';
import { comparePageData } from './compare-page-data.ts';
import type { CompareTarget, Comparison } from './comparison.ts';
import type { TargetOutcome } from './run-targets.ts';

const COLUMNS = [
  ['passed', 'pass'],
  ['warned', 'warn'],
  ['failed', 'fail'],
  ['timedOut', 'timeout'],
  ['skipped', 'skip'],
  ['errored', 'error'],
] as const satisfies ReadonlyArray<readonly [keyof Summary, string]>;

export function renderCompareHtml(c: Comparison, outcomes: readonly TargetOutcome[]): string {
  const data = comparePageData(c, outcomes);
  const title = `HTTP/1.1 conformance: ${c.summary.targets} targets compared`;
  return `${pageHead(title, PAGE_STYLE + COMPARE_STYLE)}
<body>
<main>
<header class="top">
  <div>
    <h1>${html(title)}</h1>
    <div class="meta">${c.summary.cases} cases \u00b7 ${c.summary.ran} of ${c.summary.targets} targets ran \u00b7 ${c.summary.disagreements} cases on which they disagree</div>
    <div class="meta">started ${html(c.startedAt)} \u00b7 took ${(c.durationMs / 1000).toFixed(1)} s \u00b7 ${html(c.tool.name)} ${html(c.tool.version)}</div>
    <div class="meta">score: (passed + warned / 2) / graded, over the cases that were not skipped or errored</div>
  </div>
</header>
<div class="panel wide"><h2>Scores</h2>${scoreTable(c)}</div>
<div class="panel wide"><h2>By area</h2>${groupTable(c, 'area')}</div>
<div class="panel wide"><h2>By level</h2>${groupTable(c, 'level')}</div>
<nav class="filters" id="filters" aria-label="filters">
  <button type="button" id="f-disagree" aria-pressed="false">disagreements only (${c.summary.disagreements})</button>
  <select id="f-area" aria-label="area"><option value="">all areas</option>${c.areas.map((a) => `<option value="${html(a)}">${html(a)}</option>`).join('')}</select>
  <select id="f-level" aria-label="level"><option value="">all levels</option>${c.levels.map((l) => `<option value="${html(l)}">${html(l)}</option>`).join('')}</select>
  <select id="f-status" aria-label="status"><option value="">any status</option>${COLUMNS.map(([, st]) => `<option value="${st}">some target: ${st}</option>`).join('')}</select>
  <input id="f-search" type="search" placeholder="search id or title" aria-label="search id or title">
  <button type="button" id="f-reset">reset</button>
  <span class="shown" id="f-shown">${c.summary.cases} cases</span>
</nav>
<p class="muted hint">Click a cell for that target's verdict, what was expected and what came back; click a case id for every target's.</p>
<noscript><p class="empty">The case matrix needs JavaScript; compare.json and each target's report.json hold the same data.</p></noscript>
<div class="matrix-wrap"><table class="matrix" id="matrix"><thead><tr><th class="case">case</th><th>area</th><th>level</th>${c.targets.map(targetHead).join('')}</tr></thead><tbody id="matrix-body"></tbody></table></div>
<p class="empty" id="no-match" hidden>No case matches the filters.</p>
</main>
<script type="application/json" id="compare-data">${scriptJson(data)}</script>
<script>${COMPARE_SCRIPT}</script>
</body>
</html>
`;
}

function scoreTable(c: Comparison): string {
  const head = `<tr><th>target</th><th>score</th><th></th><th>total</th>${COLUMNS.map(([, st]) => `<th>${st}</th>`).join('')}<th>took</th><th>what was tested</th></tr>`;
  const rows = c.targets.map((t) => {
    const took = `<td>${(t.durationMs / 1000).toFixed(1)} s</td>`;
    if (!t.ran || t.summary === null) {
      return `<tr class="not-run"><td>${html(t.name)}</td><td>-</td><td colspan="${2 + COLUMNS.length}" class="why">did not run: ${html(t.error ?? 'unknown')}</td>${took}<td>${what(t)}</td></tr>`;
    }
    const s = t.summary;
    const counts = COLUMNS.map(([k, st]) => `<td class="c-${st}${s[k] === 0 ? ' zero' : ''}">${s[k]}</td>`).join('');
    return `<tr><td>${html(t.name)}</td><td class="big-score">${s.score}%</td><td class="barcell">${bar(s)}</td><td>${s.total}</td>${counts}${took}<td>${what(t)}</td></tr>`;
  });
  return `<table class="sum scores"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

function what(t: CompareTarget): string {
  const caps = t.capabilities !== null ? ` <span class="muted">capabilities: ${html(t.capabilities || 'none')}</span>` : '';
  return `${t.kind === 'reference' ? 'the reference server' : `<code>${html(t.given)}</code>`}${caps}`;
}

function groupTable(c: Comparison, kind: 'area' | 'level'): string {
  const groups = kind === 'area' ? c.areas : c.levels;
  const count = new Map<string, number>();
  for (const x of c.cases) count.set(x[kind], (count.get(x[kind]) ?? 0) + 1);
  const head = `<tr><th>${kind}</th><th>cases</th>${c.targets.map((t) => `<th>${html(t.name)}</th>`).join('')}</tr>`;
  const rows = groups.map((g) => {
    const cells = c.targets.map((t) => scoreCell(t.ran ? (kind === 'area' ? t.areas : t.levels)[g] : undefined)).join('');
    return `<tr data-filter="${kind}" data-value="${html(g)}" title="show only ${html(g)}"><td>${html(g)}</td><td>${count.get(g) ?? 0}</td>${cells}</tr>`;
  });
  return `<table class="sum groups"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

function scoreCell(s: Summary | undefined): string {
  if (!s) return '<td class="score none">-</td>';
  const graded = s.total - s.skipped - s.errored;
  if (graded === 0) return `<td class="score none" title="${s.total} cases, none graded">n/a</td>`;
  const band = s.score >= 100 ? 's100' : s.score >= 90 ? 's90' : s.score >= 75 ? 's75' : s.score >= 50 ? 's50' : 's0';
  const title = `${s.passed} passed, ${s.warned} warned, ${s.failed} failed, ${s.timedOut} timed out, ${s.skipped} skipped, ${s.errored} errored`;
  return `<td class="score ${band}" title="${title}">${s.score}%</td>`;
}

function targetHead(t: CompareTarget): string {
  const tip = t.ran ? `${t.name}: ${t.summary?.score ?? 0}%` : `${t.name} did not run: ${t.error ?? ''}`;
  return `<th class="t${t.ran ? '' : ' not-run'}" title="${html(tip)}"><span>${html(t.name)}</span></th>`;
}

function bar(s: Summary): string {
  if (s.total === 0) return '';
  const parts = COLUMNS.filter(([k]) => s[k] > 0).map(([k, st]) => `<span class="${st}" style="width:${((100 * s[k]) / s.total).toFixed(2)}%"></span>`);
  return `<div class="bar">${parts.join('')}</div>`;
}

// jsonForScript only stringifies and escapes; its parameter is typed for report.html's data.
function scriptJson(data: unknown): string {
  return jsonForScript(data as PageData);
}
