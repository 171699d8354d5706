import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/cli/parse-args.ts';
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
  ])('rejects %j with one line naming the flag', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });
});
