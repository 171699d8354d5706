// The harness as users start it: `npm run conformance` is `node --import tsx main.ts` in a
// process of its own. In-process tests share vitest's module graph and cannot see load-order
// problems (an import cycle, say) that break the real start.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../support/cli.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const conformance = (args: string[]) =>
  execa(process.execPath, ['--import', 'tsx', 'conformance/src/cli/main.ts', ...args], { cwd: REPO, reject: false, env: { NO_COLOR: '1' } });

describe('the conformance command in its own process', () => {
  it('runs a case against the reference server and writes every report format', { timeout: 60_000 }, async () => {
    const out = await scratchDir('conformance-process-');
    const formats = ['terminal', 'json', 'html', 'junit', 'tap', 'markdown', 'gradescope'].flatMap((r) => ['--reporter', r]);
    const r = await conformance(['--id', 'rl-get-origin-form', '--out', out, ...formats]);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^1 cases, 1 passed, 0 warned, 0 failed; score 100% in [\d.]+ s$/m);
    for (const f of ['report.json', 'report.html', 'junit.xml', 'report.tap', 'summary.md', 'results.json']) expect(r.stdout).toContain(f);
  });

  it('a bad flag is one line on stderr and exit 2', async () => {
    const r = await conformance(['--frobnicate']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim()).toBe('error: unknown flag --frobnicate (see --help)');
  });
});
