import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { htmlReporter, renderHtml } from '../../src/report/html-reporter.ts';
import { PAGE_SCRIPT } from '../../src/report/html-script.ts';
import { PAGE_TEXT_MAX, pageData, type PageData } from '../../src/report/html-view-model.ts';
import type { Report } from '../../src/result/types.ts';
import { summarize } from '../../src/run/summary.ts';
import { EVIL_HEADER } from './hostile-server.ts';
import { handBuiltReport, reportWithBefore } from './sample-reports.ts';

function embedded(page: string): PageData {
  const m = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(page);
  if (!m) throw new Error('no embedded report data');
  return JSON.parse(m[1]!) as PageData;
}

/** The page with the embedded JSON taken out: the markup the browser parses as HTML. */
function markup(page: string): string {
  return page.replace(/<script type="application\/json" id="report-data">[\s\S]*?<\/script>/, '');
}

describe('html reporter', () => {
  const report = handBuiltReport();
  report.target = { kind: 'command', address: '127.0.0.1:8080', command: 'serve --motd "<img src=x onerror=alert(1)>"' };
  const page = renderHtml(report);

  it('is one self-contained document: inline style and script, nothing fetched', () => {
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain("default-src 'none'");
    // Links within the page (`#case-id`, from the digest) fetch nothing; any other src or href would.
    expect(markup(page)).not.toMatch(/<[a-z][^>]*\b(src\s*=|href\s*=\s*"(?!#))|@import|url\(/i);
    expect(markup(page)).toMatch(/<a href="#case-[\w-]+">/);
    expect(page.match(/<script\b/g)).toHaveLength(2);
    expect(page.match(/<\/script>/g)).toHaveLength(2);
    expect(page.match(/<style>/g)).toHaveLength(1);
  });

  it('keeps hostile server text out of the markup and intact in the data', () => {
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('serve --motd &quot;&lt;img src=x onerror=alert(1)&gt;&quot;');
    const data = embedded(page);
    const evil = data.cases.find((c) => c.id === 'cl-fail-evil')!;
    expect(evil.received).toBe(report.cases[3]!.received);
    expect(evil.received).toContain(`X-Evil: ${EVIL_HEADER}`);
    expect(evil.title).toBe('Hostile <script>alert("title")</script> & friends');
    expect(page).toContain('\\u003c/script\\u003e\\u003cscript\\u003ealert');
  });

  it('has the summary by area and by level, and the filter controls', () => {
    expect(page).toMatch(/<tr data-filter="area" data-value="traversal"[^>]*><td>traversal<\/td><td>2<\/td><td class="c-fail">1<\/td><td class="c-timeout zero">0<\/td><td class="c-error">1<\/td>/);
    expect(page).toMatch(/<tr data-filter="level" data-value="robustness"[^>]*><td>robustness<\/td><td>1<\/td><td class="c-fail zero">0<\/td><td class="c-timeout">1<\/td>/);
    for (const id of ['f-area', 'f-level', 'f-search', 'f-expand', 'f-collapse', 'f-reset']) expect(page).toContain(`id="${id}"`);
    for (const s of ['fail', 'timeout', 'error', 'warn', 'pass', 'skip']) expect(page).toContain(`data-status="${s}"`);
    expect(page).toContain('<div class="big">50%</div>');
  });

  it('embeds what the page shows for a case: the difference, the transcript and both reproductions', () => {
    const evil = embedded(page).cases.find((c) => c.id === 'cl-fail-evil')!;
    expect(evil.expected.map((e) => e.role)).toEqual(['closest', 'other']);
    expect(evil.expected[0]!.spans).toEqual([['400', 1], [', '], ['then closed', 1]]);
    expect(evil.actual.filter((s) => s[1] === 1).map((s) => s[0])).toEqual(['200', 'still open']);
    expect(evil.wire.map((w) => w.kind)).toEqual(['write', 'pause', 'write', 'read', 'end']);
    expect(evil.reproduce).toBe('npm run conformance -- --target 127.0.0.1:8080 --id cl-fail-evil');
    expect(evil.shell.command).toMatch(/^\{ printf '%b' 'POST \/ HTTP\/1\.1\\r\\nHost: a\\r\\nContent-Length: \+5\\r\\n\\r\\n'; sleep 0\.3; printf '%b' 'hello \\0047quoted\\0047 \\\\ \\0000\\0377'; \} \| nc -q 2 127\.0\.0\.1 8080$/);
    const warn = embedded(page).cases.find((c) => c.id === 'cl-warn')!;
    expect(warn.expected.map((e) => e.role)).toEqual(['other', 'matched']);
    expect(warn.actual).toEqual([['no response; closed by server']]);
  });

  it('embeds the side connections of a case, labelled, with the one-liner opening them first', () => {
    const data = embedded(renderHtml(reportWithBefore()));
    const side = data.cases.find((c) => c.id === 'conn-stalled-sides')!;
    expect(side.before!.map((s) => s.label)).toEqual([
      'connection "stalled", opened before the case\'s connection and left as its steps left it (0 bytes received)',
      'connection "aborted", opened before the case\'s connection and left as its steps left it (10485805 bytes received)',
    ]);
    expect(side.before![0]!.wire).toEqual(reportWithBefore().cases.at(-1)!.before![0]!.wire);
    expect(side.shell.command).toMatch(/^\{ printf '%b' 'GET \/hello\.txt HTTP\/1\.1\\r\\nHo'; sleep [\d.]+; \} \| nc -q 0 127\.0\.0\.1 8080 >\/dev\/null & side1=\$!; /);
    expect(side.shell.command).toMatch(/; kill \$side1 \$side2 2>\/dev\/null$/);
    expect(side.shell.notes).toEqual(['connection aborted (before): the harness then reset the connection (RST), which nc cannot do']);
    // The other cases are embedded as they were: no `before` key at all.
    expect(data.cases.filter((c) => 'before' in c).map((c) => c.id)).toEqual(['conn-stalled-sides']);
  });

  it('cuts long side connection bytes as it cuts the case\'s own', () => {
    const r = reportWithBefore();
    const long = 'a'.repeat(PAGE_TEXT_MAX + 500);
    r.cases.at(-1)!.before![1]!.wire[1] = { kind: 'read', atMs: 1.9, text: long };
    const e = pageData(r).cases.at(-1)!.before![1]!.wire[1]!;
    expect(e.kind === 'read' && e.text).toBe(`${'a'.repeat(PAGE_TEXT_MAX)}... (500 more characters in report.json)`);
  });

  it('has a script that parses', () => {
    expect(() => new Function(PAGE_SCRIPT)).not.toThrow();
  });

  it('stays small and fast for 2000 cases with long transcripts', () => {
    const big: Report = structuredClone(report);
    const long = 'X: ' + 'a'.repeat(200_000);
    big.cases = Array.from({ length: 2000 }, (_, i) => {
      const c = structuredClone(report.cases[i % report.cases.length]!);
      c.id = `${c.id}-${i}`;
      if (i % 100 === 0) c.wire = [{ kind: 'write', atMs: 0, text: long }, { kind: 'read', atMs: 1, text: long }];
      return c;
    });
    big.summary = summarize(big.cases);
    const started = performance.now();
    const bigPage = renderHtml(big);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(bigPage.length).toBeLessThan(15 * 1024 * 1024);
    const data = embedded(bigPage);
    expect(data.cases).toHaveLength(2000);
    const cut = data.cases[0]!.wire[0]!;
    expect(cut.kind === 'write' && cut.text.length).toBeLessThan(PAGE_TEXT_MAX + 60);
    expect(cut.kind === 'write' && cut.text.endsWith(`... (${long.length - PAGE_TEXT_MAX} more characters in report.json)`)).toBe(true);
  });

  it('never cuts an escape in half', () => {
    const r: Report = structuredClone(report);
    r.cases = [{ ...report.cases[0]!, wire: [{ kind: 'read', atMs: 0, text: 'a' + '\\xff'.repeat(PAGE_TEXT_MAX) }] }];
    const e = pageData(r).cases[0]!.wire[0]!;
    expect(e.kind === 'read' && /^a(\\xff)+\.\.\. \(\d+ more characters in report\.json\)$/.test(e.text)).toBe(true);
  });

  it('writes report.html into the output directory', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'html-'));
    const files = await htmlReporter().onEnd(report, dir);
    expect(files).toEqual([path.join(dir, 'report.html')]);
    expect(await readFile(files[0]!, 'utf8')).toBe(page);
  });
});
