// report.html and compare.html in headless chromium, for what only a browser shows: at 1024 px
// the summary tables are not clipped, a matched known-bad alternative is not painted green, and
// compare.html's scores sort by a clicked heading. Each page gets a small script appended that
// measures or clicks and writes the answer into a body attribute; the dumped DOM carries it.
// Skipped where chromium is not installed.

import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSplitModes } from '../../src/case/plan.ts';
import { renderCompareHtml } from '../../src/compare/compare-html.ts';
import { buildComparison } from '../../src/compare/comparison.ts';
import type { TargetOutcome } from '../../src/compare/run-targets.ts';
import type { Case } from '../../src/case/types.ts';
import { htmlReporter } from '../../src/report/html-reporter.ts';
import type { Report } from '../../src/result/types.ts';
import { summarize } from '../../src/run/summary.ts';
import { handBuiltReport } from './sample-reports.ts';

// Rejects on a failed run, as the checks want; the whole DOM comes back as stdout.
const run = (file: string, args: readonly string[], o: { timeout: number; maxBuffer?: number }) => execa(file, args, o);
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const SKIP_REASON = `${CHROMIUM} is not installed (apt-get install -y chromium to run the browser checks)`;

/** The rendered DOM of `page` with `script` appended, in a window `width` pixels wide. */
async function domOf(page: string, script: string, width: number): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'page-layout-'));
  const driven = path.join(dir, 'driven.html');
  await writeFile(driven, page.replace('</body>', `<script>${script}</script></body>`));
  const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--hide-scrollbars'];
  const { stdout } = await run(CHROMIUM, [...flags, `--user-data-dir=${path.join(dir, 'profile')}`, `--window-size=${width},1200`, '--virtual-time-budget=5000', '--dump-dom', `file://${driven}`], { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

async function reportPage(report: Report): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'page-layout-report-'));
  const [file] = await htmlReporter().onEnd(report, dir);
  return readFile(file!, 'utf8');
}

describe('report.html and compare.html in headless chromium', () => {
  it('at 1024 px, every summary table fits its panel', async (ctx) => {
    if (!hasChromium) ctx.skip(SKIP_REASON);
    const page = await reportPage(handBuiltReport());
    const dom = await domOf(
      page,
      `var clipped = Array.prototype.filter.call(document.querySelectorAll('table.sum'), function (t) {
         return t.getBoundingClientRect().right > t.parentNode.getBoundingClientRect().right + 1;
       }).length;
       document.body.setAttribute('data-tables', document.querySelectorAll('table.sum').length + ' tables, ' + clipped + ' clipped');`,
      1024,
    );
    expect(dom).toMatch(/data-tables="[2-9] tables, 0 clipped"/);
  }, 90_000);

  it('paints a matched known-bad alternative as a failure, not green', async (ctx) => {
    if (!hasChromium) ctx.skip(SKIP_REASON);
    const base = handBuiltReport();
    const cases = base.cases.map((c) => (c.id === 'cl-fail-evil' ? { ...c, matched: 1, message: 'known bad behaviour: served the file' } : c));
    const page = await reportPage({ ...base, cases, summary: summarize(cases) });
    const dom = await domOf(
      page,
      `var probe = document.createElement('div'); document.body.appendChild(probe);
       function colour(v) { probe.style.background = 'var(' + v + ')'; return getComputedStyle(probe).backgroundColor; }
       var li = document.querySelector('#case-cl-fail-evil ul.alts li.matched');
       document.body.setAttribute('data-matched', li ? li.className + ' ' + (getComputedStyle(li).backgroundColor === colour('--fail-bg')) + ' ' + (getComputedStyle(li).backgroundColor === colour('--pass-bg')) : 'none');`,
      1280,
    );
    expect(dom).toContain('data-matched="matched fail true false"');
  }, 90_000);

  it('sorts compare.html\'s scores by a clicked heading, then the other way', async (ctx) => {
    if (!hasChromium) ctx.skip(SKIP_REASON);
    const outcomes: TargetOutcome[] = ['carol', 'alice', 'bob'].map((name, i) => {
      const base = handBuiltReport();
      // carol as it is; alice also passes the warn; bob the warn and the failure.
      const better = ['cl-warn', 'cl-fail-evil'].slice(0, i);
      const cases = base.cases.map((c) => (better.includes(c.id) ? { ...c, status: 'pass' as const } : c));
      return { name, entry: { name, spec: { kind: 'address', address: `127.0.0.1:${8080 + i}` }, line: i + 1 }, ran: true, report: { ...base, cases, summary: summarize(cases) } };
    });
    const cases = outcomes[0]!.ran ? outcomes[0]!.report.cases.map((c) => ({ id: c.id, title: c.title, area: c.area, level: c.level, rfc: c.rfc }) as unknown as Case) : [];
    const comparison = buildComparison({
      tool: { name: 't', version: '0' },
      startedAt: new Date(0),
      durationMs: 1,
      options: {},
      cases,
      modes: parseSplitModes('as-written'),
      outcomes,
      reportPath: (n) => `targets/${n}/report.json`,
      pagePath: (n) => `targets/${n}/report.html`,
    });
    const page = renderCompareHtml(comparison, outcomes);
    const dom = await domOf(
      page,
      `function order() { return Array.prototype.map.call(document.querySelectorAll('table.scores tbody tr'), function (tr) { return tr.cells[0].getAttribute('data-v'); }).join(','); }
       function click(label) { Array.prototype.filter.call(document.querySelectorAll('table.scores th[data-sort]'), function (th) { return th.textContent === label; })[0].click(); }
       var seen = [order()];
       click('score'); seen.push(order());
       click('score'); seen.push(order());
       click('target'); seen.push(order());
       document.body.setAttribute('data-orders', seen.join(' | '));`,
      1280,
    );
    // carol passes fewest, bob most: best first, then worst first, then by name.
    expect(dom).toContain('data-orders="carol,alice,bob | bob,alice,carol | carol,alice,bob | alice,bob,carol"');
  }, 90_000);
});
