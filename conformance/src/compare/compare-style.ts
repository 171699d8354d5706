// compare.html's stylesheet, added after report.html's (colours, badges, panels and filters come
// from there): the wide tables and the case matrix.

export const COMPARE_STYLE = `
main { max-width: 1800px; }
table.sortable th[data-sort] { cursor: pointer; user-select: none; }
table.sortable th[aria-sort="ascending"]::after { content: " \\25B2"; } table.sortable th[aria-sort="descending"]::after { content: " \\25BC"; }
.leak-flag { background: var(--fail); color: #fff; border-radius: 3px; padding: 0 4px; font-size: 11px; font-weight: 700; }
table.sum.findings td, table.sum.findings th { text-align: left; white-space: normal; }
table.sum.findings tr.leak td:first-child, table.sum.findings tr.desync td:first-child { color: var(--fail); font-weight: 700; }
table.sum.findings td.who-list { word-break: break-word; }
:root { --s100: #dafbe1; --s90: #eaf7d4; --s75: #fff4d6; --s50: #ffe2cc; --s0: #ffebe9; }
@media (prefers-color-scheme: dark) { :root { --s100: #12301c; --s90: #1f3316; --s75: #3a2c0c; --s50: #3d2412; --s0: #3d1518; } }
.panel.wide { margin-bottom: 16px; }
table.sum td.big-score { font-weight: 700; font-size: 15px; }
table.sum.scores td.barcell { width: 160px; min-width: 100px; }
table.sum.scores td:last-child, table.sum.scores th:last-child { text-align: left; white-space: normal; word-break: break-all; min-width: 360px; }
table.sum tr.not-run td { color: var(--muted); }
table.sum tr.not-run td.why { color: var(--error); text-align: left; white-space: normal; word-break: break-word; }
table.sum.groups { width: auto; }
table.sum.groups td.score { min-width: 64px; }
td.score.s100 { background: var(--s100); } td.score.s90 { background: var(--s90); } td.score.s75 { background: var(--s75); }
td.score.s50 { background: var(--s50); } td.score.s0 { background: var(--s0); } td.score.none { color: var(--muted); }
.filters button[aria-pressed="true"] { background: var(--accent); border-color: var(--accent); color: #fff; }
.hint { margin: 0 0 8px; font-size: 12.5px; }
.matrix-wrap { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; overflow: auto; max-height: 82vh; }
table.matrix { border-collapse: separate; border-spacing: 0; font-variant-numeric: tabular-nums; min-width: 100%; }
table.matrix th, table.matrix td { border-bottom: 1px solid var(--line); padding: 2px 6px; white-space: nowrap; }
table.matrix thead th { position: sticky; top: 0; z-index: 3; background: var(--panel); vertical-align: bottom; text-align: left;
  color: var(--muted); font-size: 12px; font-weight: 600; }
table.matrix th.t { text-align: center; padding: 4px 2px; }
table.matrix th.t span { writing-mode: vertical-rl; transform: rotate(180deg); display: inline-block; max-height: 240px;
  overflow: hidden; text-overflow: ellipsis; color: var(--text); }
table.matrix th.t.not-run span { color: var(--error); text-decoration: line-through; }
table.matrix .case { position: sticky; left: 0; z-index: 1; background: var(--panel); max-width: 380px; overflow: hidden; text-overflow: ellipsis; }
table.matrix thead th.case { z-index: 4; }
table.matrix td.case { cursor: pointer; }
table.matrix td.case code { font-weight: 600; }
table.matrix td.case .title { color: var(--muted); margin-left: 6px; }
table.matrix td.meta { color: var(--muted); font-size: 12px; }
table.matrix tr.disagree td.case { box-shadow: inset 3px 0 0 var(--warn); }
table.matrix td.cell { text-align: center; cursor: pointer; min-width: 28px; font-weight: 700; font-size: 12px; padding: 2px 3px; }
td.cell.pass { color: var(--pass); background: var(--pass-bg); } td.cell.warn { color: var(--warn); background: var(--warn-bg); }
td.cell.fail { color: var(--fail); background: var(--fail-bg); } td.cell.timeout { color: var(--timeout); background: var(--timeout-bg); }
td.cell.skip { color: var(--skip); background: var(--skip-bg); } td.cell.error { color: var(--error); background: var(--error-bg); }
td.cell.none { color: var(--line); cursor: default; }
td.cell[aria-expanded="true"], td.case[aria-expanded="true"] { outline: 2px solid var(--accent); outline-offset: -2px; }
table.matrix tr.detail > td { background: var(--code-bg); white-space: normal; padding: 8px 12px 12px; }
.cell-detail { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; margin-top: 8px; max-width: 1400px; }
.cell-detail .head { display: flex; gap: 10px; align-items: baseline; margin-bottom: 4px; }
.cell-detail h3 { font-size: 12px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); margin: 8px 0 4px; }
.cell-detail pre { background: var(--code-bg); border-radius: 4px; padding: 4px 8px; }
.requirement { max-width: 1400px; }
`;
