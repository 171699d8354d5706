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
import { splitsClass, SPLIT_HIGH, SPLIT_LOW, type CompareTarget, type Comparison } from './comparison.ts';
import { shownScore, type CompareSummary } from './findings.ts';
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
${findingsPanel(c)}
<div class="panel wide"><h2>Scores</h2><p class="muted hint">Click a heading to sort; a name opens that target's own report.</p>${scoreTable(c)}</div>
${splitPanel(c)}
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
<script>${SORT_SCRIPT}</script>
</body>
</html>
`;
}

const EXTRA = [
  ['crashes', 'crashes'],
  ['restarts', 'restarts'],
  ['hangs', 'hangs'],
  ['notRun', 'not run'],
] as const;

function scoreTable(c: Comparison): string {
  const sortable = (label: string, kind: 'text' | 'number'): string => `<th data-sort="${kind}" title="sort by ${label}" tabindex="0" role="button">${label}</th>`;
  const head = `<tr>${sortable('target', 'text')}${sortable('score', 'number')}<th></th>${sortable('total', 'number')}${COLUMNS.map(([, st]) => sortable(st, 'number')).join('')}${EXTRA.map(([, label]) => sortable(label, 'number')).join('')}<th>took</th><th>what was tested</th></tr>`;
  const rows = c.targets.map((t) => {
    const took = `<td>${(t.durationMs / 1000).toFixed(1)} s</td>`;
    if (!t.ran || t.summary === null) {
      return `<tr class="not-run"><td data-v="${html(t.name)}">${html(t.name)}</td><td data-v="-1">-</td><td colspan="${2 + COLUMNS.length + EXTRA.length}" class="why">did not run: ${html(t.error ?? 'unknown')}</td>${took}<td>${what(t)}</td></tr>`;
    }
    const s = t.summary;
    const counts = COLUMNS.map(([k, st]) => `<td class="c-${st}${s[k] === 0 ? ' zero' : ''}" data-v="${s[k]}">${s[k]}</td>`).join('');
    const extra = EXTRA.map(([k]) => {
      const n = t.counts?.[k] ?? 0;
      return `<td class="${n === 0 ? 'zero' : 'c-fail'}" data-v="${n}">${n}</td>`;
    }).join('');
    const name = t.page !== null ? `<a href="${html(t.page)}">${html(t.name)}</a>` : html(t.name);
    const leak = t.leakAreas.length > 0 ? ' <span class="leak-flag" title="served a file from outside the docroot">LEAK</span>' : '';
    // No score over a fraction of the cases: it sorts below every score, and says why.
    const score = s.score === null ? `<td class="big-score none" data-v="-1" title="a score over the cases run would rank it unfairly">${html(t.noScore ?? 'no score')}</td>` : `<td class="big-score" data-v="${s.score}">${shownScore(s)}</td>`;
    return `<tr><td data-v="${html(t.name)}">${name}${leak}</td>${score}<td class="barcell">${bar(s)}</td><td data-v="${s.total}">${s.total}</td>${counts}${extra}${took}<td>${what(t)}</td></tr>`;
  });
  return `<table class="sum scores sortable"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Who has which serious bug, above everything else. */
function findingsPanel(c: Comparison): string {
  if (c.findings.length === 0) return `<div class="panel wide findings"><h2>Findings</h2><p class="muted">No target leaked a file, desynchronised, crashed, hung or failed to start.</p></div>`;
  const rows = c.findings.map((f) => {
    const who = f.targets
      .map((t) => `<span class="who" title="${html(t.cases.join(', '))}">${html(t.name)}${t.cases.length > 0 ? ` <span class="muted">(${t.cases.length})</span>` : ''}</span>`)
      .join(', ');
    return `<tr class="finding ${f.severity}"><td>${html(f.what)}</td><td>${f.targets.length}</td><td class="who-list">${who}</td></tr>`;
  });
  return `<div class="panel wide findings"><h2>Findings</h2><table class="sum findings"><thead><tr><th>what</th><th>targets</th><th>who (cases)</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

/** The cases that split the class, closest to half first: what the class has not yet learnt together. */
function splitPanel(c: Comparison): string {
  if (c.summary.ran < 3) return '';
  const split = c.cases.filter(splitsClass).sort((a, b) => Math.abs(a.passRate! - 50) - Math.abs(b.passRate! - 50) || a.key.localeCompare(b.key));
  const hardest = c.cases.filter((x) => x.passRate !== null && x.graded >= 2 && x.passRate < SPLIT_LOW).length;
  const head = `<p class="muted hint">Pass rate: the share of the targets that graded a case and passed or warned. ${split.length} case${split.length === 1 ? '' : 's'} split the class (${SPLIT_LOW}-${SPLIT_HIGH}% pass); ${hardest} almost nobody passes.</p>`;
  if (split.length === 0) return `<div class="panel wide"><h2>Cases that split the class</h2>${head}</div>`;
  const rows = split
    .slice(0, 40)
    .map((x) => `<tr><td><a href="#case-${html(x.key.replace(/\s+/g, '_'))}"><code>${html(x.key)}</code></a> <span class="muted">${html(x.title)}</span></td><td>${html(x.area)}</td><td>${x.passRate}%</td><td>${x.graded}</td></tr>`);
  return `<div class="panel wide"><h2>Cases that split the class</h2>${head}<table class="sum"><thead><tr><th>case</th><th>area</th><th>pass rate</th><th>graded</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

// Sorts the scores table by a clicked heading (again: the other way); text from the page only.
const SORT_SCRIPT = String.raw`
(function () {
  'use strict';
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
    var heads = table.querySelectorAll('th[data-sort]');
    Array.prototype.forEach.call(heads, function (th) {
      function sort() {
        var index = Array.prototype.indexOf.call(th.parentNode.children, th);
        var numeric = th.getAttribute('data-sort') === 'number';
        var down = th.getAttribute('aria-sort') !== (numeric ? 'descending' : 'ascending');
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', down === numeric ? 'descending' : 'ascending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        function key(tr) {
          var td = tr.children[index];
          var v = td ? td.getAttribute('data-v') : null;
          return numeric ? (v === null ? -1 : Number(v)) : (v || '').toLowerCase();
        }
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          var c = x < y ? -1 : x > y ? 1 : 0;
          return down === numeric ? -c : c;
        });
        rows.forEach(function (tr) { body.appendChild(tr); });
      }
      th.addEventListener('click', sort);
      th.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); } });
    });
  });
})();
`;

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
    const cells = c.targets.map((t) => scoreCell(t.ran ? (kind === 'area' ? t.areas : t.levels)[g] : undefined, kind === 'area' && t.leakAreas.includes(g))).join('');
    return `<tr data-filter="${kind}" data-value="${html(g)}" title="show only ${html(g)}"><td>${html(g)}</td><td>${count.get(g) ?? 0}</td>${cells}</tr>`;
  });
  return `<table class="sum groups"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

function scoreCell(s: CompareSummary | undefined, leaked = false): string {
  if (!s) return '<td class="score none">-</td>';
  if (s.score === null) return `<td class="score none" title="${s.errored} cases not run or errored">no score</td>`;
  const graded = s.total - s.skipped - s.errored;
  if (graded === 0) return `<td class="score none" title="${s.total} cases, none graded">n/a</td>`;
  // A leak out of the docroot is never a good score, whatever share of the area's cases passed.
  const band = leaked ? 's0' : s.score >= 100 && s.failed + s.timedOut === 0 ? 's100' : s.score >= 90 ? 's90' : s.score >= 75 ? 's75' : s.score >= 50 ? 's50' : 's0';
  const title = `${s.passed} passed, ${s.warned} warned, ${s.failed} failed, ${s.timedOut} timed out, ${s.skipped} skipped, ${s.errored} errored${leaked ? '; served a file from outside the docroot' : ''}`;
  return `<td class="score ${band}" title="${title}">${shownScore(s)}${leaked ? ' <span class="leak-flag">LEAK</span>' : ''}</td>`;
}

function targetHead(t: CompareTarget): string {
  const tip = t.ran ? `${t.name}: ${t.noScore ?? `${t.summary?.score ?? 0}%`} (click for its report)` : `${t.name} did not run: ${t.error ?? ''}`;
  const name = t.page !== null ? `<a href="${html(t.page)}">${html(t.name)}</a>` : html(t.name);
  return `<th class="t${t.ran ? '' : ' not-run'}" title="${html(tip)}"><span>${name}</span></th>`;
}

function bar(s: CompareSummary): string {
  if (s.total === 0) return '';
  const parts = COLUMNS.filter(([k]) => s[k] > 0).map(([k, st]) => `<span class="${st}" style="width:${((100 * s[k]) / s.total).toFixed(2)}%"></span>`);
  return `<div class="bar">${parts.join('')}</div>`;
}

// jsonForScript only stringifies and escapes; its parameter is typed for report.html's data.
function scriptJson(data: unknown): string {
  return jsonForScript(data as PageData);
}
