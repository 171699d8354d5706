// The proof: the reference server and a variant that frames a body by Content-Length when
// Transfer-Encoding: chunked is also present (cl-over-te-server.py; the explorer is not told
// what is wrong with it). With a fixed seed the explorer finds the misframing, shrinks it to a
// few dozen octets and writes a case that passes --lint, passes the reference and fails the
// variant when the harness runs it.

import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, scratchDir, type CliRun } from '../support/cli.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const VARIANT = `python3 ${path.join(HERE, 'cl-over-te-server.py')} {port} {docroot}`;
export const TARGETS = `- name: reference\n  reference: true\n- name: variant\n  server: "${VARIANT}"\n`;

describe('explore: reference against a variant that misframes TE + CL', () => {
  let dir = '';
  let run: CliRun;
  let found: string[] = [];

  beforeAll(async () => {
    dir = await scratchDir('conformance-explore-');
    await writeFile(path.join(dir, 'targets.yaml'), TARGETS);
    // A request count bounds the run, so it does not depend on this machine's speed; the budget
    // is the 60 s the issue allows, far more than it takes.
    run = await runCli(['explore', path.join(dir, 'targets.yaml'), '--seed', '1', '--only', 'framing', '--requests', '100', '--budget', '60s', '--out', path.join(dir, 'found')]);
    found = (await readdir(path.join(dir, 'found'))).filter((f) => f.startsWith('found-')).map((f) => path.join(dir, 'found', f));
  });

  it('finds a framing disagreement, prints the summary table, and exits 1', () => {
    expect(run.err).toBe('');
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/^framing +[1-9]\d* /m);
    expect(run.out).toMatch(/^class +findings +duplicates/m);
    expect(found.some((f) => path.basename(f).startsWith('found-framing-'))).toBe(true);
  });

  it('shrinks the finding to a request of a few dozen octets with both framing fields', async () => {
    const text = await readFile(found.find((f) => path.basename(f).startsWith('found-framing-'))!, 'latin1');
    const send = /^ {6}- "(.*)"$/m.exec(text)![1]!;
    const octets = send.replace(/\\r|\\n|\\t|\\x[0-9a-f]{2}/g, '.').replace('{canary}', '').replace('{host}', '127.0.0.1:40000');
    expect(octets.length).toBeLessThan(100);
    expect(send).toMatch(/Transfer-Encoding/i);
    expect(send).toMatch(/Content-Length/i);
    expect(text).toContain('# Found by `npm run conformance -- explore` (seed 1');
    expect(text).toMatch(/note: "as variant answers \(framing\)/);
  });

  it('writes cases that pass --lint, pass the reference and fail the variant', async () => {
    const file = found.find((f) => path.basename(f).startsWith('found-framing-'))!;
    expect((await runCli(['--lint', '--cases', path.join(dir, 'found')])).code).toBe(0);
    const ref = await runCli(['--cases', file, '--out', path.join(dir, 'ref'), '--reporter', 'json']);
    expect(ref.code, ref.out + ref.err).toBe(0);
    const variant = await runCli(['--cases', file, '--server', VARIANT, '--out', path.join(dir, 'variant'), '--reporter', 'json']);
    expect(variant.code, variant.out + variant.err).toBe(1);
    const report = JSON.parse(await readFile(path.join(dir, 'variant', 'report.json'), 'utf8')) as { cases: Array<{ status: string }> };
    expect(report.cases.map((c) => c.status)).toEqual(['fail']);
  });
});
