import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CaseFileError, findCaseFiles, lintCases, loadCases } from '../../src/case/load.ts';
import type { Case } from '../../src/case/types.ts';
import { caseDir, lineOf, minimalCase, removeCaseDirs } from './case-files.ts';

afterAll(removeCaseDirs);

// String.raw keeps `\r\n` as the YAML escape it is in a real case file.
const GOOD = String.raw`# a comment line
area: smuggling
cases:
  - id: smug-cl-te
    title: Content-Length and Transfer-Encoding together
    rfc: RFC 9112 §6.1; RFC 9112 §6.3
    quote: A server MAY reject a request that contains both
    level: security
    why: framing by either header alone lets a proxy and the server disagree
    tags: [framing, te]
    needs: [echo, keep-alive]
    timeout: 5000
    send:
      - "POST /echo HTTP/1.1\r\nHost: {host}\r\nContent-Length: 4\r\n"
      - pause: 300
      - write: ["Transfer-Encoding: chunked\r\n\r\n", { repeat: "a", times: 3 }, "{canary}"]
      - await: head
        max: 1500
      - "HEAD /hello.txt HTTP/1.1\r\nHost: {host}\r\n\r\n"
      - close: fin
    expect:
      - responses: [{ status: 400, headers: { Connection: close } }]
        connection: closed
      - responses:
          - status: [200, 4xx]
            headers:
              content-type: { matches: "^text/plain" }
              Content-Length: [{ count: 1 }, "5"]
            body: hello
          - canary
          - status: 200
            body: { file: hello.txt, length: 14 }
        connection: open
        interim: 100
        grade: warn
        note: chunked wins, as RFC 9112 §6.3 says
  - id: trav-dotdot
    area: traversal
    title: Dot-dot segments
    rfc: RFC 9110 §4.2.3
    quote: a server MUST NOT serve remove_dot_segments escapes
    level: MUST
    send: ["GET /../outside.txt HTTP/1.1\r\nHost: {host}\r\n\r\n"]
    expect:
      - responses: [{ status: 4xx, body: { excludes: [OUTSIDE-DOCROOT-MARKER] } }]
      - responses: [{ status: any, body: { excludes: OUTSIDE-DOCROOT-MARKER } }]
        interim: none
`;

function expectedCases(file: string): Case[] {
  return [
    {
      id: 'smug-cl-te',
      title: 'Content-Length and Transfer-Encoding together',
      area: 'smuggling',
      rfc: 'RFC 9112 §6.1; RFC 9112 §6.3',
      quote: 'A server MAY reject a request that contains both',
      level: 'security',
      why: 'framing by either header alone lets a proxy and the server disagree',
      tags: ['framing', 'te'],
      needs: ['echo', 'keep-alive'],
      timeoutMs: 5000,
      send: [
        { kind: 'write', parts: [{ kind: 'text', text: 'POST /echo HTTP/1.1\r\nHost: {host}\r\nContent-Length: 4\r\n' }] },
        { kind: 'pause', ms: 300 },
        {
          kind: 'write',
          parts: [
            { kind: 'text', text: 'Transfer-Encoding: chunked\r\n\r\n' },
            { kind: 'repeat', text: 'a', times: 3 },
            { kind: 'text', text: '{canary}' },
          ],
        },
        { kind: 'await-head', maxMs: 1500 },
        { kind: 'write', parts: [{ kind: 'text', text: 'HEAD /hello.txt HTTP/1.1\r\nHost: {host}\r\n\r\n' }] },
        { kind: 'close', how: 'fin' },
      ],
      // POST, then the canary GET, then HEAD: the third response answers HEAD.
      headResponses: [2],
      expect: [
        {
          responses: [{ status: { kind: 'exact', codes: [400] }, headers: { connection: [{ kind: 'equals', value: 'close' }] }, body: [], canary: false }],
          connection: 'closed',
          interim: 'any',
          grade: 'pass',
          pos: { file, line: lineOf(GOOD, '- responses: [{ status: 400') },
        },
        {
          responses: [
            {
              status: { kind: 'mixed', codes: [200], classes: [4] },
              headers: {
                'content-type': [{ kind: 'matches', pattern: '^text/plain' }],
                'content-length': [
                  { kind: 'count', count: 1 },
                  { kind: 'equals', value: '5' },
                ],
              },
              body: [{ kind: 'exact', value: 'hello' }],
              canary: false,
            },
            { status: { kind: 'exact', codes: [200] }, headers: {}, body: [{ kind: 'file', path: 'canary.txt' }], canary: true },
            {
              status: { kind: 'exact', codes: [200] },
              headers: {},
              body: [
                { kind: 'file', path: 'hello.txt' },
                { kind: 'length', length: 14 },
              ],
              canary: false,
            },
          ],
          connection: 'open',
          interim: '100',
          grade: 'warn',
          note: 'chunked wins, as RFC 9112 §6.3 says',
          pos: { file, line: lineOf(GOOD, '- responses:\n') },
        },
      ],
      pos: { file, line: lineOf(GOOD, '- id: smug-cl-te') },
    },
    {
      id: 'trav-dotdot',
      title: 'Dot-dot segments',
      area: 'traversal',
      rfc: 'RFC 9110 §4.2.3',
      quote: 'a server MUST NOT serve remove_dot_segments escapes',
      level: 'MUST',
      tags: [],
      needs: [],
      send: [{ kind: 'write', parts: [{ kind: 'text', text: 'GET /../outside.txt HTTP/1.1\r\nHost: {host}\r\n\r\n' }] }],
      headResponses: [],
      expect: [
        {
          responses: [{ status: { kind: 'class', classes: [4] }, headers: {}, body: [{ kind: 'excludes', values: ['OUTSIDE-DOCROOT-MARKER'] }], canary: false }],
          connection: 'any',
          interim: 'any',
          grade: 'pass',
          pos: { file, line: lineOf(GOOD, '- responses: [{ status: 4xx') },
        },
        {
          responses: [{ status: { kind: 'any' }, headers: {}, body: [{ kind: 'excludes', values: ['OUTSIDE-DOCROOT-MARKER'] }], canary: false }],
          connection: 'any',
          interim: 'none',
          grade: 'pass',
          pos: { file, line: lineOf(GOOD, '- responses: [{ status: any') },
        },
      ],
      pos: { file, line: lineOf(GOOD, '- id: trav-dotdot') },
    },
  ];
}

describe('loadCases', () => {
  it('normalises a good file into the explicit case model', async () => {
    const dir = await caseDir({ 'good.yaml': GOOD });
    const file = join(dir, 'good.yaml');
    expect(await loadCases([dir])).toEqual(expectedCases(file));
    expect(await lintCases([file])).toEqual([]);
  });

  it('names the file and line of the first problem', async () => {
    const dir = await caseDir({ 'a.yaml': `cases:\n${minimalCase('a-one')}\n    level: MUST\n` });
    const err: unknown = await loadCases([dir]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CaseFileError);
    const e = err as CaseFileError;
    expect(e.code).toBe('CASE_FILE_INVALID');
    expect(e.line).toBe(11);
    expect(e.message).toBe(`${join(dir, 'a.yaml')}:11: Map keys must be unique`);
  });

  it('reports a path that does not exist without a line', async () => {
    const dir = await caseDir({});
    const missing = join(dir, 'nope');
    await expect(loadCases([missing])).rejects.toThrow(new CaseFileError(missing, 0, 'no such file or directory'));
    const err = (await loadCases([missing]).catch((e: unknown) => e)) as CaseFileError;
    expect(err.message).toBe(`${missing}: no such file or directory`);
  });
});

// Each mistake: the whole file, a marker on the line to blame, and a phrase the problem holds.
const top = 'area: host\ncases:\n';
const MISTAKES: Array<{ name: string; text: string; at: string; problem: string }> = [
  {
    name: 'YAML syntax error',
    text: `${top}${minimalCase('x-one')}\n      - responses: [{ status: 200 }\n  - id: next\n`,
    at: '  - id: next',
    problem: 'Flow sequence in block collection must be sufficiently indented and end with a ]',
  },
  {
    name: 'unknown key (typo)',
    text: `${top}${minimalCase('x-one')}\n        conection: closed\n`,
    at: 'conection',
    problem: 'unknown key "conection"; did you mean "connection"?',
  },
  {
    name: 'unknown key in a response',
    text: `${top}${minimalCase('x-one').replace('{ status: 200 }', '{ status: 200, bdy: x }')}\n`,
    at: 'bdy',
    problem: 'response: unknown key "bdy"; did you mean "body"?',
  },
  {
    name: 'missing field',
    text: `${top}${minimalCase('x-one').replace('    quote: A recipient MUST parse an HTTP message as a sequence of octets\n', '')}\n`,
    at: '- id: x-one',
    problem: 'case x-one: missing quote',
  },
  {
    name: 'missing area',
    text: `cases:\n${minimalCase('x-one')}\n`,
    at: '- id: x-one',
    problem: 'case x-one: missing area (set it here or at the top of the file)',
  },
  {
    name: 'bad level',
    text: `${top}${minimalCase('x-one').replace('level: MUST', 'level: must')}\n`,
    at: 'level: must',
    problem: 'level: "must" is not one of MUST, SHOULD, MAY, robustness, security, convention',
  },
  {
    name: 'bad area',
    text: `area: hosts\ncases:\n${minimalCase('x-one')}\n`,
    at: 'area: hosts',
    problem: 'area: "hosts" is not one of request-line, header-fields',
  },
  {
    name: 'bad status',
    text: `${top}${minimalCase('x-one').replace('status: 200', 'status: 4x0')}\n`,
    at: 'status: 4x0',
    problem: 'status: "4x0" is not a status code (100-599), a class (1xx-5xx) or any',
  },
  {
    name: 'status out of range',
    text: `${top}${minimalCase('x-one').replace('status: 200', 'status: [200, 600]')}\n`,
    at: '600',
    problem: 'status: 600 is not a status code (100-599), a class (1xx-5xx) or any',
  },
  {
    name: 'bad regex',
    text: `${top}${minimalCase('x-one').replace('{ status: 200 }', '{ status: 200, headers: { etag: { matches: "(" } } }')}\n`,
    at: 'matches',
    problem: 'header etag matches: Invalid regular expression: /(/i: Unterminated group',
  },
  {
    name: 'character above \\xff',
    text: `${top}${minimalCase('x-one').replace('GET /hello.txt', 'GET /caf\u20ac')}\n`,
    at: 'caf',
    problem: 'send[0]: character U+20AC "\u20ac" is above \\xff; write its UTF-8 octets as \\xHH escapes',
  },
  {
    name: 'character above \\xff on a continuation line of a string',
    text: `${top}${minimalCase('x-one').replace('"GET /hello.txt HTTP/1.1', '"GET\n        /caf\u20ac HTTP/1.1')}\n`,
    at: 'caf',
    problem: 'character U+20AC "\u20ac" is above \\xff',
  },
  {
    name: 'character above \\xff written as an escape',
    text: `${top}${minimalCase('x-one').replace('GET /hello.txt', 'GET /\\u2028')}\n`,
    at: 'GET /',
    problem: 'character U+2028 is above \\xff',
  },
  {
    name: 'unknown placeholder',
    text: `${top}${minimalCase('x-one').replace('{host}', '{hots}')}\n`,
    at: '{hots}',
    problem: 'send[0]: unknown placeholder {hots} (known: {host}, {port}, {canary}, {etag}, {last-modified}, {etag-opaque})',
  },
  {
    name: 'unknown placeholder in an expectation',
    text: `${top}${minimalCase('x-one').replace('{ status: 200 }', '{ status: 200, headers: { etag: "{e-tag}" } }')}\n`,
    at: 'e-tag',
    problem: 'header etag: unknown placeholder {e-tag}',
  },
  {
    name: 'unquoted placeholder (a YAML mapping)',
    text: `${top}${minimalCase('x-one').replace('{ status: 200 }', '{ status: 200, headers: { etag: {etag} } }')}\n`,
    at: 'etag: {etag}',
    problem: 'header etag: {etag} is read as a YAML mapping; quote it: "{etag}"',
  },
  {
    name: 'empty expect',
    text: `${top}${minimalCase('x-one').replace('    expect:\n      - responses: [{ status: 200 }]', '    expect: []')}\n`,
    at: 'expect: []',
    problem: 'expect: list at least one allowed outcome',
  },
  {
    name: 'only failing outcomes',
    text: `${top}${minimalCase('x-one')}\n        grade: fail\n        note: bad\n`,
    at: 'expect:',
    problem: 'expect: at least one outcome must have grade pass or warn',
  },
  {
    name: 'warn without a note',
    text: `${top}${minimalCase('x-one')}\n        grade: warn\n`,
    at: '- responses',
    problem: 'expect[0]: a warn outcome needs a note saying why',
  },
  {
    name: 'id not kebab-case',
    text: `${top}${minimalCase('X_one')}\n`,
    at: 'X_one',
    problem: 'id: "X_one" is not kebab-case (lower-case words joined by -)',
  },
  {
    name: 'bad rfc reference',
    text: `${top}${minimalCase('x-one').replace('RFC 9112 §3', 'rfc9112 3.2')}\n`,
    at: 'rfc9112',
    problem: 'rfc: "rfc9112 3.2" should look like RFC 9112 §6.3 (several joined by "; ")',
  },
  {
    name: 'pause out of bounds',
    text: `${top}${minimalCase('x-one').replace('    expect:', '      - pause: 600000\n    expect:')}\n`,
    at: 'pause',
    problem: 'pause: 600000 is out of range (1..60000)',
  },
  {
    name: 'single-quoted request bytes',
    text: `${top}${minimalCase('x-one').replace(/"GET (.*)"/, "'GET $1'")}\n`,
    at: "'GET",
    problem: 'send[0]: request bytes must be a double-quoted string ("...") so that escapes such as \\r\\n apply',
  },
  {
    name: 'repetition over the write limit',
    text: `${top}${minimalCase('x-one').replace('    expect:', '      - write: [{ repeat: "ab", times: 9000000 }]\n    expect:')}\n`,
    at: 'repeat',
    problem: 'send[1]: a write of 18000000 bytes (17.2 MiB) is over the 16777216 bytes (16 MiB) limit',
  },
  {
    name: 'write after close',
    text: `${top}${minimalCase('x-one').replace('    expect:', '      - close: fin\n      - "x"\n    expect:')}\n`,
    at: '- "x"',
    problem: 'send[2]: a write after close: fin is never sent',
  },
  {
    name: 'unknown step',
    text: `${top}${minimalCase('x-one').replace('    expect:', '      - sleep: 5\n    expect:')}\n`,
    at: 'sleep',
    problem: 'send[1]: unknown key "sleep"',
  },
];

describe('case file problems', () => {
  for (const m of MISTAKES) {
    it(`${m.name}: file:line: problem`, async () => {
      const dir = await caseDir({ 'c.yaml': m.text });
      const file = join(dir, 'c.yaml');
      const problems = await lintCases([dir]);
      const first = problems[0];
      expect(first?.line).toBe(lineOf(m.text, m.at));
      expect(first?.message).toBe(`${file}:${lineOf(m.text, m.at)}: ${first?.problem}`);
      expect(first?.problem).toContain(m.problem);
      await expect(loadCases([file])).rejects.toThrow(first!.message);
    });
  }

  it('names both places of a duplicate id across two files', async () => {
    const dir = await caseDir({
      'a.yaml': `area: host\ncases:\n${minimalCase('dup-one')}\n`,
      'b.yaml': `area: host\ncases:\n${minimalCase('other')}\n${minimalCase('dup-one')}\n`,
    });
    const problems = await lintCases([dir]);
    expect(problems.map((p) => p.message)).toEqual([`${join(dir, 'b.yaml')}:12: duplicate id "dup-one" (first used at ${join(dir, 'a.yaml')}:3)`]);
  });

  it('lists every problem of every file', async () => {
    const dir = await caseDir({
      'a.yaml': `area: host\ncases:\n${minimalCase('a-one').replace('level: MUST', 'level: HIGH')}\n`,
      'b.yaml': `area: nope\ncases:\n${minimalCase('b-one').replace('status: 200', 'status: 99')}\n`,
    });
    const problems = await lintCases([join(dir, 'a.yaml'), join(dir, 'b.yaml'), join(dir, 'missing.yaml')]);
    // Sorted by file, then line (lintCases sorts its problems with the grading policy's).
    expect(problems.map((p) => [p.file.slice(dir.length + 1), p.line])).toEqual([
      ['a.yaml', 7],
      ['b.yaml', 1],
      ['b.yaml', 11],
      ['missing.yaml', 0],
    ]);
  });

  it('rejects an empty file and a file without cases', async () => {
    const dir = await caseDir({ 'empty.yaml': '# nothing yet\n', 'none.yaml': 'area: host\ncases: []\n' });
    const problems = await lintCases([dir]);
    expect(problems.map((p) => p.message)).toEqual([
      `${join(dir, 'empty.yaml')}:1: file: expected a mapping with cases: [...]`,
      `${join(dir, 'none.yaml')}:2: cases: the list is empty`,
    ]);
  });
});

describe('findCaseFiles', () => {
  it('searches directories recursively for YAML, skips fixtures, sorts', async () => {
    const dir = await caseDir({
      'b.yaml': '',
      'a/z.yml': '',
      'a/notes.md': '',
      'fixtures/docroot/data.yaml': '',
      'a/fixtures/x.yaml': '',
    });
    expect(await findCaseFiles([dir])).toEqual([join(dir, 'a/z.yml'), join(dir, 'b.yaml')]);
    // A file named explicitly is taken whatever its name.
    expect(await findCaseFiles([join(dir, 'a/notes.md'), dir])).toEqual([join(dir, 'a/notes.md'), join(dir, 'a/z.yml'), join(dir, 'b.yaml')]);
  });

  it('rejects a path that does not exist', async () => {
    await expect(findCaseFiles(['/no/such/dir'])).rejects.toThrow('/no/such/dir: no such file or directory');
  });
});
