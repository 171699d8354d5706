// report.html's stylesheet, inlined into the page (the file must work offline from file://).

export const PAGE_STYLE = `
:root {
  --bg: #f6f7f9; --panel: #fff; --text: #1d2330; --muted: #5f6b7a; --line: #dde1e7; --code-bg: #f1f3f6;
  --pass: #1a7f37; --warn: #b7791f; --fail: #cf222e; --timeout: #8250df; --skip: #8c959f; --error: #a40e26;
  --pass-bg: #dafbe1; --warn-bg: #fff4d6; --fail-bg: #ffebe9; --timeout-bg: #f3ecff; --skip-bg: #eef0f3; --error-bg: #ffd8d3;
  --mark: #ffd33d80; --accent: #0969da;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0f1318; --panel: #171c23; --text: #dde3ea; --muted: #8d98a6; --line: #2c343f; --code-bg: #11161c;
    --pass-bg: #12301c; --warn-bg: #3a2c0c; --fail-bg: #3d1518; --timeout-bg: #2a1d45; --skip-bg: #232a33; --error-bg: #4a1219;
    --mark: #bb800966; --accent: #4493f8;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 1240px; margin: 0 auto; padding: 20px 24px 60px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 0 0 8px; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
pre { margin: 0; white-space: pre-wrap; word-break: break-all; }
.muted { color: var(--muted); }
header.top { display: flex; justify-content: space-between; align-items: flex-start; gap: 24px; margin-bottom: 16px; }
.meta { color: var(--muted); }
.meta code { color: var(--text); }
.score { text-align: right; }
.score .big { font-size: 40px; font-weight: 700; line-height: 1; }
.counts { display: flex; flex-wrap: wrap; gap: 8px; margin: 0 0 16px; }
.count { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 8px 14px; min-width: 96px; }
.count b { display: block; font-size: 20px; }
.count.pass b { color: var(--pass); } .count.warn b { color: var(--warn); } .count.fail b { color: var(--fail); }
.count.timeout b { color: var(--timeout); } .count.skip b { color: var(--skip); } .count.error b { color: var(--error); }
.tables { display: grid; grid-template-columns: minmax(0, 1.25fr) minmax(0, 1fr); gap: 16px; margin-bottom: 16px; align-items: start; }
/* Side by side only where both summary tables fit whole (at 1024 px they were clipped). */
@media (max-width: 1240px) { .tables { grid-template-columns: minmax(0, 1fr); } }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; overflow-x: auto; }
table.sum { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
table.sum th, table.sum td { padding: 3px 5px; text-align: right; border-bottom: 1px solid var(--line); white-space: nowrap; }
table.sum th:first-child, table.sum td:first-child { text-align: left; }
table.sum td.barcell { width: 28%; min-width: 48px; }
table.sum th { color: var(--muted); font-weight: 600; font-size: 12px; }
table.sum tr[data-filter] { cursor: pointer; }
table.sum tr[data-filter]:hover td { background: var(--code-bg); }
table.sum td.zero { color: var(--line); }
td.c-fail:not(.zero), td.c-error:not(.zero) { color: var(--fail); font-weight: 600; }
td.c-timeout:not(.zero) { color: var(--timeout); font-weight: 600; }
td.c-warn:not(.zero) { color: var(--warn); }
.bar { display: flex; width: 100%; min-width: 40px; height: 8px; border-radius: 4px; overflow: hidden; background: var(--skip-bg); }
.bar span { display: block; height: 100%; }
.bar .pass { background: var(--pass); } .bar .warn { background: var(--warn); } .bar .fail { background: var(--fail); }
.bar .timeout { background: var(--timeout); } .bar .error { background: var(--error); } .bar .skip { background: var(--skip); opacity: .4; }
.filters { position: sticky; top: 0; z-index: 5; display: flex; flex-wrap: wrap; gap: 8px; align-items: center;
  background: var(--bg); padding: 10px 0; border-bottom: 1px solid var(--line); margin-bottom: 12px; }
.filters button, .filters select, .filters input, .tool { font: inherit; font-size: 13px; border: 1px solid var(--line); background: var(--panel);
  color: var(--text); border-radius: 6px; padding: 4px 10px; }
.filters button { cursor: pointer; }
.filters button.status[aria-pressed="false"] { opacity: .45; text-decoration: line-through; }
.filters input[type="search"] { flex: 1 1 220px; min-width: 180px; }
.filters .shown { margin-left: auto; color: var(--muted); }
.badge { display: inline-block; min-width: 62px; text-align: center; font-weight: 700; font-size: 11px; letter-spacing: .04em;
  border-radius: 4px; padding: 1px 6px; text-transform: uppercase; }
.badge.pass { color: var(--pass); background: var(--pass-bg); } .badge.warn { color: var(--warn); background: var(--warn-bg); }
.badge.fail { color: var(--fail); background: var(--fail-bg); } .badge.timeout { color: var(--timeout); background: var(--timeout-bg); }
.badge.skip { color: var(--skip); background: var(--skip-bg); } .badge.error { color: var(--error); background: var(--error-bg); }
details.case { scroll-margin-top: 110px; background: var(--panel); border: 1px solid var(--line); border-left: 4px solid var(--skip); border-radius: 6px; margin-bottom: 6px; }
details.case.fail { border-left-color: var(--fail); } details.case.timeout { border-left-color: var(--timeout); }
details.case.error { border-left-color: var(--error); } details.case.warn { border-left-color: var(--warn); }
details.case.pass { border-left-color: var(--pass); }
details.case > summary { list-style: none; cursor: pointer; padding: 7px 12px; display: flex; gap: 10px; align-items: baseline; }
details.case > summary::-webkit-details-marker { display: none; }
details.case > summary::before { content: "\\25B8"; color: var(--muted); width: 10px; }
details.case[open] > summary::before { content: "\\25BE"; }
details.case > summary .id { font-weight: 600; }
details.case > summary .title { flex: 1; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.tag { font-size: 11px; color: var(--muted); border: 1px solid var(--line); border-radius: 10px; padding: 0 7px; white-space: nowrap; }
.body { padding: 4px 16px 14px 34px; border-top: 1px solid var(--line); }
.body section { margin-top: 12px; }
.body h3 { font-size: 12px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); margin: 0 0 5px; }
blockquote { margin: 4px 0 0; padding: 4px 12px; border-left: 3px solid var(--line); color: var(--muted); font-style: italic; }
.message { font-weight: 500; }
ul.alts { margin: 0; padding: 0; list-style: none; }
ul.alts li { padding: 3px 8px; border-radius: 4px; margin-bottom: 2px; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
ul.alts li .role { display: inline-block; width: 70px; font-family: system-ui, sans-serif; font-size: 11px; color: var(--muted); }
/* What to fix first: one line per cause, its rerun command beneath. */
.panel.digest { margin-bottom: 16px; } ol.digest { margin: 0; padding-left: 22px; } ol.digest li { margin: 6px 0; }
ol.digest pre.rerun { margin: 4px 0 0; background: var(--code-bg); border-radius: 4px; padding: 3px 8px; white-space: pre-wrap; word-break: break-all; font-size: 12px; }
ul.alts li.matched { background: var(--pass-bg); } ul.alts li.matched.fail { background: var(--fail-bg); } ul.alts li.matched.warn { background: var(--warn-bg); } ul.alts li.closest { background: var(--code-bg); }
.actual { padding: 3px 8px; border-radius: 4px; background: var(--code-bg); }
.actual .role { display: inline-block; width: 70px; font-family: system-ui, sans-serif; font-size: 11px; color: var(--muted); }
mark { background: var(--mark); color: inherit; border-radius: 2px; padding: 0 1px; outline: 1px solid var(--warn); }
.wire-tools { display: flex; gap: 6px; align-items: center; margin-bottom: 6px; }
.tool { cursor: pointer; padding: 2px 9px; font-size: 12px; }
.tool[aria-pressed="true"] { background: var(--accent); border-color: var(--accent); color: #fff; }
table.wire { width: 100%; border-collapse: collapse; }
.wire-label { font-weight: 600; margin: 10px 0 3px; } .wire-label:first-child { margin-top: 0; }
table.wire td { vertical-align: top; padding: 3px 6px; border-bottom: 1px solid var(--line); }
table.wire td.t { white-space: nowrap; color: var(--muted); text-align: right; width: 1%; font-variant-numeric: tabular-nums; }
table.wire td.k { white-space: nowrap; font-weight: 600; width: 1%; }
table.wire tr.write td.k { color: var(--accent); } table.wire tr.read td.k { color: var(--pass); }
table.wire tr.end td.k, table.wire tr.close td.k, table.wire tr.error td.k { color: var(--fail); }
table.wire tr.pause td, table.wire tr.await td { color: var(--muted); }
.bytes { background: var(--code-bg); border-radius: 4px; padding: 4px 6px; max-height: 420px; overflow: auto; }
.esc { color: var(--muted); }
.more { margin-top: 4px; }
.repro pre { background: var(--code-bg); border-radius: 4px; padding: 6px 8px; margin-bottom: 6px; position: relative; }
.repro .row { display: flex; gap: 8px; align-items: flex-start; }
.repro .row pre { flex: 1; }
.empty { padding: 30px; text-align: center; color: var(--muted); }
`;
