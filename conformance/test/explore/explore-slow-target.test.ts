// Shrinking runs each candidate under a shorter bound than --timeout (most candidates cut a
// request short, and every target then waits for the rest). A target that is only slow, a loaded
// machine's, answered after that shorter bound: every candidate was rejected and the finding kept
// its unshrunk request, where the same target at rest shrank it. A candidate on which one target
// got nothing while another answered is tried again at the full bound, so the findings of a slow
// target are those of a quick one.

import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPO } from '../../src/checkout.ts';
import { runCli, scratchDir } from '../support/cli.ts';

const SERVER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cl-over-te-server.py');

async function findings(dir: string, name: string, variantArgs: string): Promise<Map<string, string>> {
  const targets = path.join(dir, `${name}.yaml`);
  await writeFile(targets, `- name: fixed\n  server: "python3 ${SERVER} {port} {docroot} fixed"\n- name: variant\n  server: "python3 ${SERVER} {port} {docroot}${variantArgs}"\n`);
  const out = path.join(dir, name);
  // The shorter bound is 240 ms; the slow variant answers after 300 ms, well within 600.
  const run = await runCli([
    'explore', targets, '--seed', '2', '--only', 'framing', '--requests', '10', '--shrink-tests', '15', '--timeout', '600', '--budget', '60s',
    '--cases', path.join(REPO, 'cases', 'content-length.yaml'), '--out', out,
  ]);
  expect(run.err).toBe('');
  const files = new Map<string, string>();
  for (const f of (await readdir(out)).sort()) files.set(f, (await readFile(path.join(out, f), 'utf8')).replace(/\d+ tests/, 'N tests'));
  return files;
}

describe('explore: a slow target', () => {
  it('shrinks its findings as a quick one does', { timeout: 60_000 }, async () => {
    const dir = await scratchDir('conformance-explore-slow-');
    const [quick, slow] = await Promise.all([findings(dir, 'quick', ''), findings(dir, 'slow', ' slow')]);
    expect([...quick.keys()].some((f) => f.startsWith('found-framing-'))).toBe(true);
    expect([...slow.entries()]).toEqual([...quick.entries()]);
  });
});
