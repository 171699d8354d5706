// explore's flags, read by the harness's one argv tokenizer (cli/parse-args.ts) under explore's
// own table: every flag, its defaults, and each mistake as one line naming the flag.

import { describe, expect, it } from 'vitest';
import { duration, parseExploreArgs } from '../../src/explore/explore-args.ts';
import { runCli } from '../support/cli.ts';

describe('explore flags', () => {
  it('reads every flag, in both spellings, with the defaults for the rest', () => {
    expect(parseExploreArgs(['t.yaml'])).toEqual({ targetsFile: 't.yaml', seed: 1, budgetMs: 60_000, timeoutMs: 500, maxFindings: 50, shrinkTests: 500, cases: [], areas: [], only: [] });
    const a = parseExploreArgs([
      '--seed=7', 't.yaml', '--budget', '2m', '--out', 'found', '--timeout=900', '--requests', '40', '--in-flight', '3',
      '--max-findings', '5', '--shrink-tests', '0', '--cases', 'a.yaml', '--cases=b', '--area', 'chunked', '--only', 'framing', '--only', 'crash',
    ]);
    expect(a).toEqual({
      targetsFile: 't.yaml', seed: 7, budgetMs: 120_000, out: 'found', timeoutMs: 900, maxRequests: 40, inFlight: 3,
      maxFindings: 5, shrinkTests: 0, cases: ['a.yaml', 'b'], areas: ['chunked'], only: ['framing', 'crash'],
    });
    expect(parseExploreArgs(['t.yaml', '--help'])).toBeNull();
    expect(duration('500ms')).toBe(500);
    expect(duration('1.5')).toBe(1500);
  });

  it.each([
    [['t.yaml', '--sede', '2'], /^explore: unknown flag --sede \(explore targets\.yaml /],
    [['t.yaml', '--seed'], /^--seed needs a value \(explore targets\.yaml /],
    [['t.yaml', '--seed', '1', '--seed=2'], /^--seed given twice$/],
    [['t.yaml', '--seed', 'x'], /^--seed must be a whole number, got "x"$/],
    [['t.yaml', '--in-flight', '65'], /^--in-flight must be between 1 and 64, got 65$/],
    [['t.yaml', '--budget', 'soon'], /^--budget must be a duration such as 60s/],
    [['t.yaml', '--only', 'teleport'], /^--only teleport: unknown class \(one of: /],
    [[], /^explore needs one targets file: explore targets\.yaml/],
    [['a.yaml', 'b.yaml'], /^explore needs one targets file/],
  ])('%j: one line naming the flag', (argv, message) => {
    expect(() => parseExploreArgs(argv)).toThrow(message);
  });

  it('ends a mistake with exit code 2 and one line, and --help with its usage', async () => {
    const bad = await runCli(['explore', 't.yaml', '--requests', '0']);
    expect([bad.code, bad.err]).toEqual([2, 'error: --requests must be between 1 and 10000000, got 0\n']);
    const help = await runCli(['explore', '--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^usage: npm run conformance -- explore targets\.yaml/);
  });
});
