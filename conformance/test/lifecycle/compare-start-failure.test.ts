// In a compare, a server that does not start gets its one-line reason in its column, its own
// readyTimeout from targets.yaml bounds the wait, and the other targets run.

import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../src/targets/free-port.ts';
import { runCli, scratchDir } from '../support/cli.ts';

const SERVERS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../servers');

describe('start failures in a compare', () => {
  it('a hard-coded port (readyTimeout 1000) and an ::1-only server say why; the third runs', { timeout: 30_000 }, async () => {
    const dir = await scratchDir('conformance-compare-start-');
    const fixed = await freePort();
    await writeFile(
      path.join(dir, 'targets.yaml'),
      [
        `- name: hardcoded\n  server: "python3 ${SERVERS}/hardcoded-port.py ${fixed} {docroot} {port}"\n  readyTimeout: 1000\n`,
        `- name: ipv6\n  server: "python3 ${SERVERS}/ipv6-only.py {port} {docroot}"\n`,
        `- name: devstderr\n  server: "python3 ${SERVERS}/opens-dev-stderr.py {port} {docroot}"\n`,
      ].join(''),
    );
    const started = Date.now();
    const { out, err } = await runCli(['compare', path.join(dir, 'targets.yaml'), '--out', dir, '--parallel', '3', '--id', 'rl-get-origin-form', '--capabilities', 'keep-alive']);
    expect(err).toBe('');
    expect(Date.now() - started).toBeLessThan(20_000);
    const comparison = JSON.parse(await readFile(path.join(dir, 'compare.json'), 'utf8')) as { targets: Array<{ name: string; ran: boolean; error?: string }> };
    const byName = Object.fromEntries(comparison.targets.map((t) => [t.name, t]));
    expect(byName.hardcoded!.error).toMatch(new RegExp(`never listened on port \\d+ within 1000 ms .*listens on 127\\.0\\.0\\.1:${fixed} instead`));
    expect(byName.ipv6!.error).toMatch(/only on \[::1\]:\d+ \(IPv6 loopback\)/);
    expect(byName.devstderr!.ran).toBe(true);
    expect(out).toMatch(/devstderr .*1 passed/);
  });
});
