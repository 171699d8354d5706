import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { takeShard } from '../../src/gate/shard.ts';
import { helloCase, runCli as run, scratchDir } from '../support/cli.ts';

const tmp = (): Promise<string> => scratchDir('conformance-gate-');

// Two cases against the reference server: one it passes, one written to fail (it expects 418).
const CASES = `cases:\n${helloCase('g-pass')}${helloCase('g-fail', { status: 418 })}`;

async function corpus(): Promise<string> {
  const dir = await tmp();
  const file = path.join(dir, 'gate.yaml');
  await writeFile(file, CASES);
  return file;
}

describe('CI gates', () => {
  it('--fail-under gates on the score instead of on every failure', async () => {
    const cases = await corpus();
    const out = await tmp();
    const plain = await run(['--cases', cases, '--out', out]);
    expect(plain.code).toBe(1);
    expect((await run(['--cases', cases, '--out', out, '--fail-under', '50'])).code).toBe(0);
    const strict = await run(['--cases', cases, '--out', out, '--fail-under', '50.5']);
    expect(strict.code).toBe(1);
    expect(strict.out).toContain('score 50% is below --fail-under 50.5');
  });

  it('--baseline fails only on newly failing cases and lists them', async () => {
    const cases = await corpus();
    const out = await tmp();
    await run(['--cases', cases, '--out', out]);
    const baselineFile = path.join(out, 'baseline.json');
    const saved = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8'));
    await writeFile(baselineFile, JSON.stringify(saved));

    const same = await run(['--cases', cases, '--out', out, '--baseline', baselineFile]);
    expect(same.code).toBe(0);
    expect(same.out).toContain('baseline: 0 newly failing, 0 newly passing');

    // Pretend g-fail used to pass and g-pass used to fail.
    for (const c of saved.cases) c.status = c.id === 'g-fail' ? 'pass' : 'fail';
    await writeFile(baselineFile, JSON.stringify(saved));
    const regressed = await run(['--cases', cases, '--out', out, '--baseline', baselineFile]);
    expect(regressed.code).toBe(1);
    expect(regressed.out).toMatch(/^newly failing: g-fail \(fail\)/m);
    expect(regressed.out).toMatch(/^newly passing: g-pass$/m);
  });

  it('a bad --baseline file is one line and exit 2', async () => {
    const dir = await tmp();
    const file = path.join(dir, 'nope.json');
    await writeFile(file, '{"hello": 1}');
    const r = await run(['--baseline', file]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: --baseline .*nope\.json: not a report\.json/);
  });

  it('--shard slices deterministically and the slices cover the corpus once', async () => {
    const all = (await run(['--list'])).out.split('\n').filter(Boolean);
    const slices = await Promise.all([1, 2, 3].map(async (i) => (await run(['--list', '--shard', `${i}/3`])).out.split('\n').filter(Boolean)));
    expect(slices.flat().sort()).toEqual([...all].sort());
    expect(new Set(slices.flat()).size).toBe(all.length);
    expect((await run(['--list', '--shard', '2/3'])).out.split('\n').filter(Boolean)).toEqual(slices[1]);
    expect(takeShard([{ id: 'b' }, { id: 'a' }, { id: 'c' }], { index: 1, count: 2 }).map((x) => x.id)).toEqual(['a', 'c']);
    const bad = await run(['--list', '--shard', '4/3']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^error: --shard must be I\/N/);
  });

  it('--lint prints file:line problems and exits 2 (a setup error, as the README says); --coverage counts sections', async () => {
    const dir = await tmp();
    await writeFile(path.join(dir, 'bad.yaml'), CASES.replace('level: MUST', 'level: OFTEN').replace('rfc: RFC 9110 §9.3.1\n    quote: The GET method requests transfer of a current selected representation for the target resource.\n    level: MUST\n    send: ["GET /hello.txt HTTP/1.1\\r\\nHost: {host}\\r\\n\\r\\n"]\n    expect:\n      - responses: [{ status: 418 }]', 'rfc: RFC 9110 §9.3.1\n    quote: q\n    level: MUST\n    send: ["GET / HTTP/1.1\\r\\n\\r\\n"]\n    expect: []'));
    const lint = await run(['--lint', '--cases', dir]);
    expect(lint.code).toBe(2);
    expect(lint.out).toMatch(/bad\.yaml:7: .*OFTEN/);
    expect(lint.out).toMatch(/bad\.yaml:\d+: .*expect/);
    expect(lint.out).toMatch(/^2 problems$/m);
    const clean = await run(['--lint']);
    expect(clean.code).toBe(0);
    const cov = await run(['--coverage', '--cases', await corpus()]);
    expect(cov.code).toBe(0);
    expect(cov.out).toMatch(/^RFC 9110 §9\.3\.1\s+2\s+MUST 2$/m);
  });

  it('merge joins shard reports, rewrites every reporter, and refuses overlapping shards', async () => {
    const cases = await corpus();
    const [a, b, joined] = await Promise.all([tmp(), tmp(), tmp()]);
    // Shards go by id order: 1/2 holds g-fail, 2/2 holds g-pass.
    expect((await run(['--cases', cases, '--shard', '1/2', '--out', a])).code).toBe(1);
    expect((await run(['--cases', cases, '--shard', '2/2', '--out', b])).code).toBe(0);
    const merged = await run(['merge', path.join(a, 'report.json'), path.join(b, 'report.json'), '--out', joined, '--reporter', 'json', '--reporter', 'junit']);
    expect(merged.code).toBe(1);
    const report = JSON.parse(await readFile(path.join(joined, 'report.json'), 'utf8'));
    expect(report.cases.map((c: { id: string }) => c.id)).toEqual(['g-fail', 'g-pass']);
    expect(report.summary).toMatchObject({ total: 2, passed: 1, failed: 1, score: 50 });
    expect(await readFile(path.join(joined, 'junit.xml'), 'utf8')).toContain('g-fail');
    const overlap = await run(['merge', path.join(a, 'report.json'), path.join(a, 'report.json'), '--out', joined]);
    expect(overlap.code).toBe(2);
    expect(overlap.err).toMatch(/^error: merge: g-fail \[as-written\] is in both/);
    expect((await run(['merge'])).err).toMatch(/^error: merge needs report files/);
  });
});
