// Issue 14's corpus format: step repetition ({ times, steps } with {i}) and outcome presets
// (presets: at the top of a file, `- preset: NAME` in expect), each problem at its file:line.

import { afterAll, describe, expect, it } from 'vitest';
import { lintCases, loadCases } from '../../src/case/load.ts';
import { parseCaseFile } from '../../src/case/parse-file.ts';
import { caseDir, lineOf, removeCaseDirs } from './case-files.ts';

afterAll(removeCaseDirs);

const CASE = (send: string, expect = '      - responses: [{ status: 200 }]'): string => `  - id: lim-x
    title: t
    area: limits
    rfc: RFC 9112 §3
    quote: A recipient MUST parse an HTTP message as a sequence of octets
    level: MUST
    send:
${send}
    expect:
${expect}
`;

const parse = (text: string): ReturnType<typeof parseCaseFile> => parseCaseFile('t.yaml', text);

describe('step repetition', () => {
  it('unrolls the steps, {i} numbering the rounds, between the steps around it', () => {
    const text = `cases:\n${CASE(`      - "GET / HTTP/1.1\\r\\n"
      - times: 3
        steps:
          - pause: 5
          - "X-Trickle-{i}: a\\r\\n"
      - "\\r\\n"`)}`;
    const { cases, problems } = parse(text);
    expect(problems).toEqual([]);
    const texts = cases[0]!.send.map((s) => (s.kind === 'write' ? s.parts.map((p) => p.text).join('') : `${s.kind}`));
    expect(texts).toEqual(['GET / HTTP/1.1\r\n', 'pause', 'X-Trickle-1: a\r\n', 'pause', 'X-Trickle-2: a\r\n', 'pause', 'X-Trickle-3: a\r\n', '\r\n']);
  });

  it('names the problem at its line: {i} outside a repetition, steps missing, nesting, too many steps', () => {
    const cases: Array<[string, string, string]> = [
      ['      - "X-{i}: a\\r\\n"', '- "X-{i}', 'unknown placeholder {i}'],
      ['      - times: 3', '- times', 'a repetition needs both times and steps'],
      ['      - times: 2\n        steps:\n          - times: 2\n            steps: [{ pause: 5 }]', '- times: 2\n            steps', 'a repetition inside a repetition'],
      ['      - times: 600\n        steps: [{ pause: 5 }, "a"]', '- times: 600', '600 times 2 steps is 1200 steps, over the limit of 1000'],
      ['      - times: 2\n        steps: [{ pause: 5 }]\n        pause: 5', '- times: 2', 'a repetition has only times and steps'],
    ];
    for (const [send, at, problem] of cases) {
      const text = `cases:\n${CASE(send)}`;
      const { problems } = parse(text);
      expect(problems[0]?.problem, send).toContain(problem);
      expect(problems[0]?.line, send).toBe(lineOf(text, at));
    }
  });
});

describe('outcome presets', () => {
  const PRESETS = `presets:
  closed-silently:
    responses: []
    connection: closed
    grade: warn
    note: closed without a response; safe, but tells the client nothing
`;

  it('a preset stands for its outcome; fields given beside it win', async () => {
    const text = `${PRESETS}cases:\n${CASE('      - "GET / HTTP/1.1\\r\\n\\r\\n"', `      - responses: [{ status: 400 }]
      - preset: closed-silently
      - preset: closed-silently
        responses: [{ status: 404 }]`)}`;
    const dir = await caseDir({ 'p.yaml': text });
    const [c] = await loadCases([dir]);
    expect(c!.expect.map((a) => [a.responses.length, a.connection, a.grade, a.note])).toEqual([
      [1, 'any', 'pass', undefined],
      [0, 'closed', 'warn', 'closed without a response; safe, but tells the client nothing'],
      [1, 'closed', 'warn', 'closed without a response; safe, but tells the client nothing'],
    ]);
    // Each alternative is placed at the line that uses the preset, for messages.
    expect(c!.expect[1]!.pos.line).toBe(lineOf(text, '- preset: closed-silently'));
    expect(await lintCases([dir])).toEqual([]);
  });

  it('names an unknown preset, a broken one (once, where it is defined) and a preset of a preset', () => {
    const unknown = `${PRESETS}cases:\n${CASE('      - "GET / HTTP/1.1\\r\\n\\r\\n"', '      - preset: closed-silent')}`;
    expect(parse(unknown).problems).toEqual([
      { line: lineOf(unknown, 'preset: closed-silent\n'), problem: `expect[0]: unknown preset "closed-silent" (this file's presets: closed-silently)` },
    ]);

    const broken = `presets:\n  loud:\n    responses: []\n    grade: warn\ncases:\n${CASE('      - "GET / HTTP/1.1\\r\\n\\r\\n"', '      - responses: [{ status: 200 }]\n      - preset: loud\n      - preset: loud')}`;
    const problems = parse(broken).problems;
    expect(problems[0]).toEqual({ line: 3, problem: 'preset loud: a warn outcome needs a note saying why' });
    expect(problems.filter((p) => p.problem.includes('needs a note'))).toHaveLength(1);
    expect(problems.slice(1).map((p) => p.problem)).toEqual([`expect[1]: unknown preset "loud" (this file defines no presets:)`, `expect[2]: unknown preset "loud" (this file defines no presets:)`]);

    const nested = `presets:\n  a:\n    responses: []\n  b:\n    preset: a\ncases:\n${CASE('      - "GET / HTTP/1.1\\r\\n\\r\\n"')}`;
    expect(parse(nested).problems).toEqual([{ line: 5, problem: 'preset b: a preset cannot use another preset' }]);
  });
});
