import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fence, markdownReporter, renderMarkdown, SUMMARY_MAX_CHARS } from '../../src/report/markdown-reporter.ts';
import { sidesText } from '../../src/report/wire-text.ts';
import type { Report } from '../../src/result/types.ts';
import { summarize } from '../../src/run/summary.ts';
import { handBuiltReport, reportWithBefore, sideConnectionResult } from './sample-reports.ts';

/** The text between a fence line and its closing fence, for every fenced block. */
function fencedBlocks(md: string): string[] {
  const blocks: string[] = [];
  const lines = md.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})\w*$/.exec(lines[i]!);
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && l === open[1]);
    blocks.push(lines.slice(i + 1, end).join('\n'));
    i = end;
  }
  return blocks;
}

/** Text outside fenced blocks. */
function prose(md: string): string {
  let out = md;
  for (const b of fencedBlocks(md)) out = out.replace(b, '');
  return out;
}

describe('markdown reporter', () => {
  const report = handBuiltReport();
  const md = renderMarkdown(report);

  it('opens with the score and a counts table', () => {
    expect(md.split('\n')[0]).toBe(`# HTTP/1.1 conformance: ${report.summary.score}%`);
    expect(md).toContain('| all | 7 | 2 | 1 | 1 | 1 | 1 | 1 | 50% |');
  });

  it('has a level table, an area table and a table of cases per area', () => {
    expect(md).toContain('| MUST | 2 | 1 | 0 | 0 | 0 | 0 | 1 | 100% |');
    expect(md).toContain('| traversal | 2 | 0 | 0 | 1 | 0 | 0 | 1 | 0% |');
    expect(md).toContain('<details><summary>chunked: 1/2 passed, score 100%</summary>');
    expect(md).toContain('| skip | cl-skip | MAY | title of cl-skip |');
  });

  it('lists the failing cases with expected, actual and the reproduce command', () => {
    const failing = md.slice(md.indexOf('## Failing cases (3)'), md.indexOf('## Cases by area'));
    expect(failing.match(/^### /gm)).toHaveLength(3);
    expect(failing).toContain('### **TIMEOUT** cl-timeout');
    expect(failing).toContain('### **ERROR** cl-error');
    const blocks = fencedBlocks(failing);
    expect(blocks).toContain('- 400, then closed\n- no response, closed [warn: closing without a response tells the client nothing]');
    expect(blocks).toContain('npm run conformance -- --target 127.0.0.1:8080 --id cl-timeout');
    expect(failing).not.toContain('cl-warn');
    // The requirement in the RFC's words, as a quote under each heading.
    expect(failing.match(/^> \S/gm)).toHaveLength(3);
  });

  it('says what the side connections of a failing case did, and nothing new for other cases', () => {
    const withBefore = renderMarkdown(reportWithBefore());
    const section = withBefore.slice(withBefore.indexOf('### **TIMEOUT** conn-stalled-sides'));
    expect(section).toContain('Connections opened first:');
    // The side connections as wire-text.test.ts pins them down, line for line.
    expect(fencedBlocks(section)).toContain(sidesText(sideConnectionResult().before!));
    expect(section.indexOf('Connections opened first:')).toBeLessThan(section.indexOf('Reproduce:'));
    expect(md).not.toContain('Connections opened first');
  });

  it('keeps server text inert: markup only inside code blocks, escaped elsewhere', () => {
    expect(fencedBlocks(md).some((b) => b.includes('200 <script>alert(1)</script>'))).toBe(true);
    expect(prose(md)).not.toMatch(/<script/i);
    expect(prose(md)).toContain('Hostile &lt;script&gt;alert("title")&lt;/script&gt; &amp; friends');
    expect(fence('a ``` b')).toBe('````text\na ``` b\n````');
    expect(md).not.toContain('\x00');
    expect(md).toContain('200 <script>alert(1)</script>\\x00 (Content-Length: 5)');
  });

  it('cuts failing cases at a case boundary to fit a size limit', () => {
    const big: Report = structuredClone(report);
    big.cases = Array.from({ length: 40 }, (_, i) => ({ ...report.cases[3]!, id: `cl-fail-${i}` }));
    big.summary = summarize(big.cases);
    const full = renderMarkdown(big);
    const cut = renderMarkdown(big, 20_000);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(20_000);
    expect(Buffer.byteLength(full)).toBeGreaterThan(20_000);
    const kept = (cut.match(/^### /gm) ?? []).length;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(40);
    expect(cut).toContain(`_${40 - kept} more failing cases left out to fit the size limit`);
  });

  it('writes a summary.md that fits a pull-request comment, with the digest first and a pointer to the rest', async () => {
    const big: Report = structuredClone(report);
    const message = `known bad behaviour: ${'x'.repeat(400)}`;
    big.cases = Array.from({ length: 600 }, (_, i) => ({ ...report.cases[3]!, id: `cl-fail-${i}`, message: i % 2 ? message : report.cases[3]!.message }));
    big.summary = summarize(big.cases);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'md-'));
    const [file] = await markdownReporter({}).onEnd(big, dir);
    const text = await readFile(file!, 'utf8');
    // GitHub's limit for a comment is 65,536 characters.
    expect(text.length).toBeLessThanOrEqual(SUMMARY_MAX_CHARS);
    expect(renderMarkdown(big).length).toBeGreaterThan(65_536);
    expect(text.indexOf('## What to fix first')).toBeLessThan(text.indexOf('## Failing cases'));
    expect(text).toMatch(/more failing cases left out to fit the size limit: every case is in report\.json and report\.html/);
  });

  it('writes summary.md and appends to GITHUB_STEP_SUMMARY from the env it is given', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'md-'));
    const stepSummary = path.join(dir, 'step-summary.md');
    await writeFile(stepSummary, 'earlier step\n');
    const files = await markdownReporter({ GITHUB_STEP_SUMMARY: stepSummary }).onEnd(report, dir);
    expect(files).toEqual([path.join(dir, 'summary.md')]);
    expect(await readFile(files[0]!, 'utf8')).toBe(md);
    expect(await readFile(stepSummary, 'utf8')).toBe(`earlier step\n${md}`);

    const other = await mkdtemp(path.join(os.tmpdir(), 'md-'));
    await markdownReporter({}).onEnd(report, other);
    expect(await readFile(stepSummary, 'utf8')).toBe(`earlier step\n${md}`);
  });
});
