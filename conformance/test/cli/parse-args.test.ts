import { describe, expect, it } from 'vitest';
import { didYouMean, parseArgs } from '../../src/cli/parse-args.ts';
import { selectCases, selectionOf } from '../../src/run/select.ts';
import type { Case } from '../../src/case/types.ts';
import { UsageError } from '../../src/errors.ts';

describe('parseArgs', () => {
  it('reads values, repeatable flags and booleans from the table', () => {
    const { flags, positional } = parseArgs(['--target', 'localhost:8080', '--tag', 'smoke', '--tag=fragmented', '--timeout=500', '--list', 'extra']);
    expect(flags.target).toBe('localhost:8080');
    expect(flags.tag).toEqual(['smoke', 'fragmented']);
    expect(flags.timeout).toBe(500);
    expect(flags.list).toBe(true);
    expect(flags.cases).toEqual([]);
    expect(positional).toEqual(['extra']);
  });

  it.each([
    [['--nope'], 'unknown flag --nope'],
    [['--target'], '--target needs a value'],
    [['--timeout', 'soon'], '--timeout must be a whole number, got "soon"'],
    [['--timeout', '5'], '--timeout must be at least 100, got 5'],
    [['--list=yes'], '--list takes no value'],
    [['--out', 'a', '--out', 'b'], '--out given twice'],
    [['-t', 'localhost:8080'], 'unknown flag -t (flags are spelled --name; see --help)'],
    [['--server', '--out', 'dir'], '--server needs a value: --server CMD (it was followed by the flag --out; to pass that text, write --server=--out)'],
  ])('rejects %j with one line naming the flag', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });

  it.each([
    ['--targte', 'unknown flag --targte (did you mean --target?) (see --help)'],
    ['--reporters', 'unknown flag --reporters (did you mean --reporter?) (see --help)'],
    ['--tiemout=500', 'unknown flag --tiemout (did you mean --timeout?) (see --help)'],
    ['--frobnicate', 'unknown flag --frobnicate (see --help)'],
  ])('suggests the nearest flag for %s, and nothing for a far one', (arg, message) => {
    expect(() => parseArgs([arg])).toThrow(message);
  });

  it('takes a value that starts with dashes, and everything after -- as words', () => {
    const { flags, positional } = parseArgs(['--grep', '--odd', '--exclude=--out', '--', '--target', '-x']);
    expect(flags.grep).toEqual(['--odd']);
    expect(flags.exclude).toEqual(['--out']);
    expect(flags.target).toBeUndefined();
    expect(positional).toEqual(['--target', '-x']);
  });

  it('suggests commands the same way', () => {
    expect(didYouMean('comapre', ['merge', 'compare', 'autograder'])).toBe(' (did you mean compare?)');
    expect(didYouMean('grade', ['merge', 'compare', 'autograder'])).toBe('');
  });

  it('--exclude leaves out a case by id or every case with a tag, whatever else selects them', () => {
    const c = (id: string, tags: string[]) => ({ id, title: id, area: 'host', level: 'MUST', tags }) as unknown as Case;
    const all = [c('a', ['smoke']), c('b', ['smoke', 'leak']), c('c', [])];
    const pick = (argv: string[]) => selectCases(all, selectionOf(parseArgs(argv).flags)).map((x) => x.id);
    expect(pick(['--exclude', 'a'])).toEqual(['b', 'c']);
    expect(pick(['--tag', 'smoke', '--exclude', 'leak'])).toEqual(['a']);
    expect(pick(['--id', 'b', '--exclude', 'b'])).toEqual([]);
  });
});
