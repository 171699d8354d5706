// The reference server (and, in tests, its variants) start from an esbuild bundle that is rebuilt
// when any of its sources changes: a stale bundle would test yesterday's server.

import { execa } from 'execa';
import { utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundled } from '../../src/targets/bundle.ts';
import { scratchDir } from '../support/cli.ts';

describe('bundled', () => {
  it('builds once for starts side by side, reuses a current bundle, and rebuilds when a source changes', async () => {
    const dir = await scratchDir('conformance-bundle-');
    const entry = path.join(dir, 'main.ts');
    const dep = path.join(dir, 'dep.ts');
    await writeFile(entry, "import { word } from './dep.ts';\nconsole.log(word);\n");
    await writeFile(dep, "export const word: string = 'first';\n");
    const run = async (script: string): Promise<string> => (await execa(process.execPath, [script])).stdout;

    const side = await Promise.all([bundled(entry), bundled(entry), bundled(entry)]);
    expect(new Set(side).size).toBe(1);
    expect(await run(side[0]!)).toBe('first');
    expect(await bundled(entry)).toBe(side[0]);

    await writeFile(dep, "export const word: string = 'second';\n");
    // A whole second later than the bundle, whatever the file system's time resolution.
    const later = new Date(Date.now() + 2000);
    await utimes(dep, later, later);
    expect(await run(await bundled(entry))).toBe('second');
  });
});
