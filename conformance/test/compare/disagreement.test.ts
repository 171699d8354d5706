// Which cases count as a disagreement, and how the views show them: compare.md lists only those
// cases, compare.html marks their rows for its "disagreements only" toggle, and each cell carries
// what it expands to. Built from hand-made reports, so every status can be placed where needed.

import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseSplitModes } from '../../src/case/plan.ts';
import type { Case } from '../../src/case/types.ts';
import { renderCompareHtml } from '../../src/compare/compare-html.ts';
import { renderCompareMarkdown } from '../../src/compare/compare-markdown.ts';
import type { ComparePageData } from '../../src/compare/compare-page-data.ts';
import { buildComparison, compareExitCode, disagrees } from '../../src/compare/comparison.ts';
import type { TargetOutcome } from '../../src/compare/run-targets.ts';
import type { TargetEntry } from '../../src/compare/targets-file.ts';
import type { CaseResult, Status } from '../../src/result/types.ts';
import { scratch } from './compare-helpers.ts';
import { comparisonInput, reportOf } from './hand-built.ts';

const CASES = [
  { id: 'a-same', title: 'all pass', area: 'request-line', level: 'MUST', rfc: 'RFC 9112 §3' },
  { id: 'b-fail', title: 'one fails', area: 'host', level: 'MUST', rfc: 'RFC 9112 §3.2' },
  { id: 'c-skip', title: 'one skips', area: 'chunked', level: 'MUST', rfc: 'RFC 9112 §7.1' },
  { id: 'd-warn', title: 'one warns', area: 'host', level: 'SHOULD', rfc: 'RFC 9110 §7.2' },
] as unknown as Case[];

function result(c: Case, status: Status, expected = ['200, then canary 200']): CaseResult {
  return {
    id: c.id,
    title: c.title,
    area: c.area,
    level: c.level,
    rfc: c.rfc,
    quote: 'quoted',
    status,
    message: `${status} because`,
    expected,
    actual: status === 'pass' ? '200 OK' : '400 Bad Request, then closed',
    matched: status === 'pass' ? 0 : null,
    durationMs: 1,
    mode: 'as-written',
    wire: [],
    received: '',
    reproduce: `npm run conformance -- --id ${c.id}`,
  };
}

function entry(name: string): TargetEntry {
  return { name, spec: { kind: 'address', address: `127.0.0.1:${name.length + 8000}` }, line: 1 };
}

function ran(name: string, statuses: Status[], expected?: string[]): TargetOutcome {
  const report = reportOf(`127.0.0.1:${name.length + 8000}`, CASES.map((c, i) => result(c, statuses[i]!, c.id === 'd-warn' ? expected : undefined)));
  return { name, entry: entry(name), ran: true, report };
}

const notRun = (name: string): TargetOutcome => ({ name, entry: entry(name), ran: false, error: 'cannot connect (ECONNREFUSED)', durationMs: 3 });

function compare(outcomes: TargetOutcome[]) {
  return buildComparison(inputFor(outcomes));
}

function inputFor(outcomes: TargetOutcome[]) {
  return comparisonInput(CASES, outcomes);
}

const OUTCOMES = [
  ran('left', ['pass', 'pass', 'pass', 'pass']),
  ran('right', ['pass', 'fail', 'skip', 'warn'], ['200 with ETag "xyz"']),
  notRun('down'),
];

function embedded(page: string): ComparePageData {
  const m = /<script type="application\/json" id="compare-data">([^<]*)<\/script>/.exec(page);
  return JSON.parse(m![1]!) as ComparePageData;
}

describe('disagreements', () => {
  it.each([
    [['pass', 'pass', null], false],
    [['pass', 'warn'], true],
    [['pass', 'skip', 'skip'], false],
    [['fail', 'timeout'], true],
    [['error', 'pass'], true],
    [[null, null], false],
    [[], false],
  ] as Array<[(Status | null)[], boolean]>)('%j disagree: %s', (statuses, expected) => {
    expect(disagrees(statuses)).toBe(expected);
  });

  it('are the cases two ran targets graded differently (rows in the order of the areas)', () => {
    const c = compare(OUTCOMES);
    expect(c.cases.map((x) => [x.key, x.disagree])).toEqual([
      ['a-same', false],
      ['b-fail', true],
      ['d-warn', true],
      ['c-skip', false],
    ]);
    expect(c.cases[1]!.statuses).toEqual({ left: 'pass', right: 'fail', down: null });
    expect(c.summary).toEqual({ targets: 3, ran: 2, cases: 4, disagreements: 2, splits: 1 });
    expect(c.areas).toEqual(['request-line', 'host', 'chunked']);
    expect(c.levels).toEqual(['MUST', 'SHOULD']);
    expect(c.targets[1]!.areas.host).toMatchObject({ total: 2, failed: 1, warned: 1, score: 25 });
  });

  it('keys a case by id and send mode when several modes run', () => {
    const c = buildComparison({ ...inputFor([]), modes: parseSplitModes('all') });
    const keys = c.cases.filter((x) => x.id === 'a-same').map((x) => x.key);
    expect(keys[0]).toBe('a-same');
    expect(keys.length).toBeGreaterThan(2);
    expect(keys.slice(1).every((k) => /^a-same \[[a-z]+(:\d+)?\]$/.test(k))).toBe(true);
    expect(new Set(c.cases.map((x) => x.key)).size).toBe(c.cases.length);
  });

  it('compare.md lists only the disagreeing cases, one column per target', () => {
    const md = renderCompareMarkdown(compare(OUTCOMES));
    const section = md.slice(md.indexOf('## Cases on which targets disagree (2)'));
    expect(section).toContain('| case | area | level | left | right | down |');
    const rows = section.split('\n').filter((l) => l.startsWith('| <code>'));
    expect(rows).toEqual(['| <code>b-fail</code> one fails | host | MUST | pass | **FAIL** | - |', '| <code>d-warn</code> one warns | host | SHOULD | pass | warn | - |']);
    expect(renderCompareMarkdown(compare([OUTCOMES[0]!, OUTCOMES[0]!]))).toContain('None: every target that graded a case got the same status.');
    expect(renderCompareMarkdown(compare([OUTCOMES[0]!, notRun('x')]))).toContain('Fewer than two targets ran: nothing to compare.');
  });

  it('compare.html marks disagreeing rows and gives each cell what it expands to', () => {
    const c = compare(OUTCOMES);
    const page = renderCompareHtml(c, OUTCOMES);
    expect(page).toContain('<button type="button" id="f-disagree" aria-pressed="false">disagreements only (2)</button>');
    const data = embedded(page);
    expect(data.targets).toEqual([
      { name: 'left', ran: true, error: null },
      { name: 'right', ran: true, error: null },
      { name: 'down', ran: false, error: 'cannot connect (ECONNREFUSED)' },
    ]);
    expect(data.rows.map((r) => r.disagree)).toEqual([false, true, true, false]);
    const fail = data.rows[1]!;
    expect(fail.cells[2]).toBeNull();
    expect(fail.cells[1]).toMatchObject({ status: 'fail', message: 'fail because', actual: '400 Bad Request, then closed', matched: null, closest: 0, reproduce: 'npm run conformance -- --id b-fail' });
    expect(fail.expected).toEqual(['200, then canary 200']);
    // Expected text is kept once per row, and per cell only where a target's differs.
    expect(fail.cells[1]).not.toHaveProperty('expected');
    expect(data.rows[2]!.cells[1]!.expected).toEqual(['200 with ETag "xyz"']);
  });

  it('exits 0 only when every target ran and none failed, timed out or errored', () => {
    expect(compareExitCode(compare([ran('a', ['pass', 'warn', 'skip', 'pass'])]))).toBe(0);
    expect(compareExitCode(compare([ran('a', ['pass', 'pass', 'pass', 'pass']), notRun('b')]))).toBe(1);
    expect(compareExitCode(compare([ran('a', ['pass', 'pass', 'error', 'pass'])]))).toBe(1);
    expect(compareExitCode(compare([ran('a', ['timeout', 'pass', 'pass', 'pass'])]))).toBe(1);
  });
});

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../scripts/screenshot-report.sh');

describe('compare.html in headless chromium', () => {
  it('builds one row per case and one coloured cell per target', async (ctx) => {
    if (!existsSync(CHROMIUM)) ctx.skip(`${CHROMIUM} is not installed (apt-get install -y chromium to run the browser check)`);
    const file = path.join(await scratch(), 'compare.html');
    await writeFile(file, renderCompareHtml(compare(OUTCOMES), OUTCOMES));
    const { stdout: dom } = await execa('bash', [SCREENSHOT, '--dump-dom', file], { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 });
    const rows = [...dom.matchAll(/<tr( class="disagree")? id="case-([\w-]+)" data-row="\d+">(.*?)<\/tr>/g)];
    expect(rows.map((m) => [m[2], Boolean(m[1])])).toEqual([
      ['a-same', false],
      ['b-fail', true],
      ['d-warn', true],
      ['c-skip', false],
    ]);
    const cells = (row: string): string[] => [...row.matchAll(/<td class="cell (\w+)"/g)].map((m) => m[1]!);
    expect(cells(rows[1]![3]!)).toEqual(['pass', 'fail', 'none']);
    expect(cells(rows[3]![3]!)).toEqual(['pass', 'skip', 'none']);
    expect(dom).toContain('4 of 4 cases');
  }, 90_000);
});
