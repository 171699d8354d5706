// compare passes a mount prefix to its targets: `--mount PREFIX` for all of them, `mount:` in the
// targets file for one, which wins. Two python http.servers serve the docroot under /files and
// under /static; without the prefix each would answer 404 where a case wants 200.

import { mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureFixtures } from '../../src/fixtures/ensure-fixtures.ts';
import { readReportIn } from '../support/cli.ts';
import { readComparison, runCli, scratch, writeFileIn } from './compare-helpers.ts';

describe('compare --mount', () => {
  it('sends every target its prefix (the flag, or its own mount:) and its rerun lines carry it', async () => {
    const dir = await scratch();
    const docroot = (await ensureFixtures()).docroot;
    for (const prefix of ['files', 'static']) {
      await mkdir(path.join(dir, `root-${prefix}`), { recursive: true });
      await symlink(docroot, path.join(dir, `root-${prefix}`, prefix));
    }
    const server = (prefix: string): string => `python3 -m http.server {port} --bind 127.0.0.1 --directory ${path.join(dir, `root-${prefix}`)}`;
    const targets = await writeFileIn(dir, 'targets.yaml', `- name: by-flag\n  server: "${server('files')}"\n- name: own\n  server: "${server('static')}"\n  mount: /static\n`);
    const out = path.join(dir, 'out');
    const ids = ['stat-case-sensitive-exact', 'stat-empty-file'];
    const run = await runCli(['compare', targets, '--mount', '/files', ...ids.flatMap((id) => ['--id', id]), '--timeout', '1000', '--parallel', '2', '--out', out]);
    expect(run.err).toBe('');
    const c = await readComparison(out);
    expect(c.options.mount).toBe('/files');
    for (const t of c.targets) {
      expect(t.summary, t.name).toMatchObject({ passed: 2, total: 2 });
      const report = await readReportIn(path.join(out, 'targets', t.name));
      for (const r of report.cases) expect(r.reproduce).toContain(t.name === 'own' ? '--mount /static' : '--mount /files');
    }
    expect((await runCli(['compare', targets, '--mount', 'files/', '--id', ids[0]!])).err).toMatch(/^error: --mount files\/: a path prefix such as \/files/m);
  }, 20_000);
});
