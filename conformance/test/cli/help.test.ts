// The main --help lists every command with its usage: the default run, merge, compare (both
// forms), explore and autograder; the unknown-command error names the same ones.

import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';

const COMMANDS = ['merge', 'compare', 'explore', 'autograder'];

describe('--help', () => {
  it('lists every command', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const name of COMMANDS) expect(r.out, name).toMatch(new RegExp(`^ +npm run conformance -- ${name} `, 'm'));
    expect(r.out).toMatch(/^ +npm run conformance -- explore targets\.yaml \[--seed N\]/m);
    expect(r.out).toContain('explore --help');
    const unknown = await runCli(['frobnicate']);
    expect(unknown.err).toContain(`(commands: ${COMMANDS.join(', ')};`);
  });
});
