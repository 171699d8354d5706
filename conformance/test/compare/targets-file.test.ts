import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTargets, readTargetsFile } from '../../src/compare/targets-file.ts';
import { runCli, scratch, writeFileIn } from './compare-helpers.ts';

function firstProblem(source: string): string {
  const { problems } = parseTargets(source);
  const p = problems[0];
  return p ? `${p.line}: ${p.problem}` : 'no problem';
}

describe('targets file', () => {
  it('reads the three kinds of target with their options', () => {
    const { targets, problems } = parseTargets(`# a class
- name: reference
  reference: true
- name: nginx
  target: 127.0.0.1:8080
- name: alice_1.0
  server: "python3 alice.py {port} {docroot}"
  capabilities: "echo, keep-alive"
  timeout: 1500
- name: v6
  target: "[::1]:8081"
`);
    expect(problems).toEqual([]);
    expect(targets.map((t) => [t.name, t.spec, t.line])).toEqual([
      ['reference', { kind: 'reference' }, 2],
      ['nginx', { kind: 'address', address: '127.0.0.1:8080' }, 4],
      ['alice_1.0', { kind: 'command', command: 'python3 alice.py {port} {docroot}' }, 6],
      ['v6', { kind: 'address', address: '[::1]:8081' }, 10],
    ]);
    expect(targets[2]).toMatchObject({ capabilities: 'echo, keep-alive', timeoutMs: 1500 });
    expect(targets[0]).not.toHaveProperty('timeoutMs');
  });

  it('reads a mount prefix per target (the docroot served under a path)', () => {
    const { targets, problems } = parseTargets('- name: a\n  target: h:1\n  mount: /files\n- name: b\n  target: h:2\n');
    expect(problems).toEqual([]);
    expect(targets[0]).toMatchObject({ name: 'a', mount: '/files' });
    expect(targets[1]).not.toHaveProperty('mount');
  });

  it.each([
    ['name: x\ntarget: a:1\n', /^1: file: expected a list, got a mapping/],
    ['', /^1: file: expected a list of targets/],
    ['[]\n', /^1: file: the list of targets is empty/],
    ['- name: a\n  reference: true\n- name: b\n  target: h:1: x: y\n', /^4: Nested mappings/],
    ['- name: a\n  reference: true\n- just a string\n', /^3: targets\[1\]: expected a mapping/],
    ['- name: a\n  reference: true\n- target: h:1\n', /^3: target: missing name/],
    ['- name: a\n  reference: true\n- name: b c\n  target: h:1\n', /^3: name: "b c" must be/],
    ['- name: a\n  reference: true\n- name: A\n  target: h:1\n', /^3: name: "A" is used twice \(first at line 1\)/],
    ['- name: a\n  reference: true\n- name: b\n', /^3: target b: needs one of target/],
    ['- name: a\n  reference: true\n- name: b\n  target: h:1\n  reference: true\n', /^5: target: target and reference cannot be used together/],
    ['- name: a\n  reference: true\n- name: b\n  target: localhost\n', /^4: target: must be HOST:PORT .*"localhost"/],
    ['- name: a\n  reference: true\n- name: b\n  target: h:70000\n', /^4: target: must be HOST:PORT/],
    ['- name: a\n  reference: true\n- name: b\n  server: python3 s.py 8080\n', /^4: server: the command must contain \{port\}/],
    ['- name: a\n  reference: yes\n', /^2: reference: the only allowed value is true/],
    ['- name: a\n  reference: true\n- name: b\n  target: h:1\n  capabilities: echo,teleport\n', /^5: capabilities: unknown capability "teleport"/],
    ['- name: a\n  reference: true\n- name: b\n  target: h:1\n  timeout: 50\n', /^5: timeout \(ms\): 50 is out of range/],
    ['- name: a\n  reference: true\n- name: b\n  target: h:1\n  timout: 500\n', /^5: target: unknown key "timout"; did you mean "timeout"\?/],
    ['- name: a\n  name: b\n  reference: true\n', /^2: .*[Mm]ap keys must be unique/],
    ['- name: a\n  target: h:1\n  mount: files/\n', /^3: mount: "files\/" must be a path prefix such as \/files/],
  ])('%j: %s', (source, pattern) => {
    expect(firstProblem(source)).toMatch(pattern);
  });

  it('a missing file is one line naming it', async () => {
    const dir = await scratch();
    const file = path.join(dir, 'nope.yaml');
    await expect(readTargetsFile(file)).rejects.toThrow(`${file}: no such file or directory`);
  });

  it('a bad file ends compare with file:line: problem on one line and exit 2, before anything runs', async () => {
    const dir = await scratch();
    const file = await writeFileIn(dir, 'targets.yaml', '- name: ok\n  reference: true\n- name: bad\n  target: nowhere\n');
    const r = await runCli(['compare', file, '--out', path.join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`error: ${file}:4: target: must be HOST:PORT (e.g. 127.0.0.1:8080), got "nowhere"\n`);
    expect(r.out).toBe('');
  });

  it.each([
    [[], /^error: compare needs one targets file/],
    [['a.yaml', 'b.yaml'], /^error: compare needs one targets file/],
    [['t.yaml', '--server', 'x'], /^error: --server does not apply to compare/],
    [['t.yaml', '--reporter', 'html'], /^error: --reporter does not apply to compare/],
    [['t.yaml', '--parallel', '0'], /^error: --parallel must be at least 1/],
    [['t.yaml', '--area', 'nowhere'], /^error: --area nowhere: unknown area/],
  ])('compare %j is a usage error: one line, exit 2', async (args, pattern) => {
    const r = await runCli(['compare', ...(args as string[])]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(pattern);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });
});
