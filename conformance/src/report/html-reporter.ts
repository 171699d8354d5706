// `report.html`: one self-contained page (inline CSS and JS, nothing fetched, works from
// file://). The summary and filter bar are static HTML; the cases are built by a small script
// from an embedded JSON blob, failures first and open.
//
// Everything in the report may come from the server under test, so: static text goes through
// `html()`, the JSON blob has `<`, `>` and `&` as \u escapes (no `</script>` can end it early),
// and the script only ever sets text, never markup.

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Report, Status, Summary } from '../result/types.ts';
import type { Group } from './breakdown.ts';
import { html, pageHead } from './html-page.ts';

export { html } from './html-page.ts';
import { PAGE_SCRIPT } from './html-script.ts';
import { PAGE_STYLE } from './html-style.ts';
import { pageData, type PageData } from './html-view-model.ts';
import type { Reporter } from './reporter.ts';
import { groupByCause, SEVERITY_LABEL } from './digest.ts';
import { DIGEST_GROUPS, rerunLine, skipLine } from './digest-text.ts';

export function htmlReporter(): Reporter {
  return {
    async onEnd(report, outDir) {
      await mkdir(outDir, { recursive: true });
      const file = path.join(outDir, 'report.html');
      await writeFile(file, renderHtml(report));
      return [file];
    },
  };
}

const STATUS_ORDER: Status[] = ['fail', 'timeout', 'error', 'warn', 'pass', 'skip'];
const COUNT_OF: Record<Status, keyof Summary> = {
  pass: 'passed',
  warn: 'warned',
  fail: 'failed',
  timeout: 'timedOut',
  skip: 'skipped',
  error: 'errored',
};
const STATUS_NAME: Record<Status, string> = { pass: 'passed', warn: 'warned', fail: 'failed', timeout: 'timed out', skip: 'skipped', error: 'errored' };

export function renderHtml(report: Report): string {
  const data = pageData(report);
  const s = report.summary;
  const title = `HTTP/1.1 conformance: ${s.score}% (${targetText(report)})`;
  return `${pageHead(title, PAGE_STYLE)}
<body>
<main>
<header class="top">
  <div>
    <h1>HTTP/1.1 conformance report</h1>
    <div class="meta">target <code>${html(targetText(report))}</code></div>
    <div class="meta">${s.total} cases \u00b7 started ${html(report.startedAt)} \u00b7 took ${(report.durationMs / 1000).toFixed(1)} s \u00b7 ${html(report.tool.name)} ${html(report.tool.version)}</div>
    <div class="meta">capabilities: ${capabilities(report)}</div>
  </div>
  <div class="score"><div class="big">${s.score}%</div><div class="muted">score (pass 1, warn \u00bd; skips and errors not graded)</div></div>
</header>
<div class="counts">
  <div class="count"><b>${s.total}</b>cases</div>
${STATUS_ORDER.map((st) => `  <div class="count ${st}"><b>${s[COUNT_OF[st]]}</b>${STATUS_NAME[st]}</div>`).join('\n')}
</div>
${digestPanel(report)}<div class="tables">
  <div class="panel"><h2>By area</h2>${summaryTable(data.areas, 'area')}</div>
  <div class="panel"><h2>By level</h2>${summaryTable(data.levels, 'level')}</div>
</div>
<nav class="filters" id="filters" aria-label="filters">
${STATUS_ORDER.map((st) => `  <button type="button" class="status" data-status="${st}" aria-pressed="true"><span class="badge ${st}">${st}</span> ${s[COUNT_OF[st]]}</button>`).join('\n')}
  <select id="f-area" aria-label="area"><option value="">all areas</option>${options(data.areas)}</select>
  <select id="f-level" aria-label="level"><option value="">all levels</option>${options(data.levels)}</select>
  <input id="f-search" type="search" placeholder="search id or title" aria-label="search id or title">
  <button type="button" id="f-expand">expand all</button>
  <button type="button" id="f-collapse">collapse all</button>
  <button type="button" id="f-reset">reset</button>
  <span class="shown" id="f-shown">${s.total} cases</span>
</nav>
<noscript><p class="empty">The case list needs JavaScript; report.json holds the same data.</p></noscript>
<div id="cases"></div>
<p class="empty" id="no-match" hidden>No case matches the filters.</p>
</main>
<script type="application/json" id="report-data">${jsonForScript(data)}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}

// The badge colour of each severity: the status whose colour says as much.
const SEVERITY_BADGE = { leak: 'fail', desync: 'fail', crash: 'fail', hang: 'timeout', error: 'error', fail: 'fail', warn: 'warn' } as const;

/** What to fix first (digest.ts), as on the terminal: each cause with its cases (links) and its rerun line. */
function digestPanel(report: Report): string {
  const groups = groupByCause(report.cases);
  if (groups.length === 0) return '';
  const shown = groups.slice(0, DIGEST_GROUPS);
  const items = shown.map((g) => {
    const ids = [...new Set(g.cases.map((c) => c.id))];
    const links = ids.slice(0, 8).map((id) => `<a href="#case-${html(id)}"><code>${html(id)}</code></a>`).join(', ');
    const more = ids.length > 8 ? ` and ${ids.length - 8} more` : '';
    return `<li><span class="badge ${SEVERITY_BADGE[g.severity]}">${SEVERITY_LABEL[g.severity]}</span> ${html(g.cause)}: ${g.cases.length} case${g.cases.length === 1 ? '' : 's'} (${links}${more})<pre class="rerun">${html(rerunLine(g))}</pre></li>`;
  });
  const rest = groups.slice(shown.length);
  const tail = rest.length > 0 ? `<p class="muted">and ${rest.length} more cause${rest.length === 1 ? '' : 's'} (${rest.reduce((n, g) => n + g.cases.length, 0)} cases): every case is listed below.</p>` : '';
  const skips = skipLine(report.cases);
  return `<div class="panel digest"><h2>What to fix first</h2><ol class="digest">${items.join('')}</ol>${tail}${skips !== null ? `<p class="muted">${html(skips)}</p>` : ''}</div>`;
}

function summaryTable(groups: Group<string>[], kind: 'area' | 'level'): string {
  const head = `<tr><th>${kind}</th><th>total</th>${STATUS_ORDER.map((st) => `<th>${st}</th>`).join('')}<th>score</th><th></th></tr>`;
  const rows = groups.map(({ name, summary }) => {
    const cells = STATUS_ORDER.map((st) => {
      const n = summary[COUNT_OF[st]] as number;
      return `<td class="c-${st}${n === 0 ? ' zero' : ''}">${n}</td>`;
    }).join('');
    return `<tr data-filter="${kind}" data-value="${html(name)}" title="show only ${html(name)}"><td>${html(name)}</td><td>${summary.total}</td>${cells}<td>${areaScore(summary)}</td><td class="barcell">${bar(summary)}</td></tr>`;
  });
  return `<table class="sum"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

function bar(s: Summary): string {
  if (s.total === 0) return '';
  const parts = (['pass', 'warn', 'fail', 'timeout', 'error', 'skip'] as const)
    .map((st) => ({ st, n: s[COUNT_OF[st]] as number }))
    .filter((p) => p.n > 0)
    .map((p) => `<span class="${p.st}" style="width:${((100 * p.n) / s.total).toFixed(2)}%"></span>`);
  return `<div class="bar">${parts.join('')}</div>`;
}

function options(groups: Group<string>[]): string {
  return groups.map((g) => `<option value="${html(g.name)}">${html(g.name)} (${g.summary.total})</option>`).join('');
}

function capabilities(report: Report): string {
  const entries = Object.entries(report.capabilities);
  if (entries.length === 0) return 'none declared';
  return entries.map(([name, has]) => (has ? html(name) : `<s>${html(name)}</s>`)).join(', ');
}

function targetText(report: Report): string {
  const t = report.target;
  if (t.kind === 'reference') return `reference server at ${t.address}`;
  return t.command ? `${t.command} at ${t.address}` : t.address;
}


/** JSON safe inside <script>: no `<` can start `</script>` or `<!--`, and U+2028/9 stay escaped. */
export function jsonForScript(data: PageData): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A group's score; `n/a` when nothing in it was graded (all skipped), where 0% would read as failed. */
function areaScore(s: Summary): string {
  return s.total - s.skipped - s.errored === 0 ? 'n/a' : `${s.score}%`;
}
