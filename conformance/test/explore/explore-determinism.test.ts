// The explorer is deterministic for a seed: two runs bounded by the same request count against
// the same servers write the same findings, byte for byte, even when they run side by side and so
// see other timings. (The generator alone is checked in generator.test.ts.) Two Python servers,
// two corpus files and a small shrink budget keep it quick; a generous time bound keeps a busy
// machine from turning a slow answer into a different reading.

import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPO } from '../../src/checkout.ts';
import { runCli, scratchDir } from '../support/cli.ts';

const SERVER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cl-over-te-server.py');
const TARGETS = `- name: fixed\n  server: "python3 ${SERVER} {port} {docroot} fixed"\n- name: variant\n  server: "python3 ${SERVER} {port} {docroot}"\n`;

async function exploreOnce(dir: string, name: string): Promise<{ files: Map<string, string>; table: string }> {
  const out = path.join(dir, name);
  const run = await runCli([
    'explore', path.join(dir, 'targets.yaml'), '--seed', '2', '--only', 'framing', '--requests', '60', '--shrink-tests', '40', '--timeout', '1000', '--budget', '60s',
    '--cases', path.join(REPO, 'cases', 'content-length.yaml'), '--cases', path.join(REPO, 'cases', 'transfer-encoding.yaml'), '--out', out,
  ]);
  expect(run.err).toBe('');
  const files = new Map<string, string>();
  for (const f of (await readdir(out)).sort()) files.set(f, await readFile(path.join(out, f), 'utf8'));
  const table = run.out.slice(run.out.indexOf('class '), run.out.lastIndexOf('\n', run.out.lastIndexOf(' requests in ')));
  return { files, table };
}

describe('explore: determinism for a seed', () => {
  it('writes the same findings on a second run', async () => {
    const dir = await scratchDir('conformance-explore-determinism-');
    await writeFile(path.join(dir, 'targets.yaml'), TARGETS);
    const [a, b] = await Promise.all([exploreOnce(dir, 'a'), exploreOnce(dir, 'b')]);
    expect(a.files.size).toBeGreaterThan(0);
    expect([...a.files.keys()].some((f) => f.startsWith('found-framing-'))).toBe(true);
    expect([...b.files.entries()]).toEqual([...a.files.entries()]);
    expect(b.table).toBe(a.table);
  });
});
