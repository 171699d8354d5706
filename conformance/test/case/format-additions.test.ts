// The loader side of version, wellFormed, the date checks, interim response lists, `before`
// connections and {etag-opaque}: what each becomes in the model, and `file:line: problem` for
// each way of getting it wrong.

import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { casePlaceholders, expandText, missingPlaceholders, opaqueTag } from '../../src/case/expand.ts';
import { lintCases, loadCases } from '../../src/case/load.ts';
import { planSideSteps } from '../../src/case/plan.ts';
import { caseDir, lineOf, minimalCase, removeCaseDirs } from './case-files.ts';

afterAll(removeCaseDirs);

const GOOD = String.raw`area: connection
cases:
  - id: conn-new-forms
    title: Every new form at once
    rfc: RFC 9112 §4
    quote: q MUST
    level: MUST
    before:
      - name: stalled
        send:
          - "GET /hello.txt HTTP/1.1\r\nHo"
      - send:
          - "GET /large.bin HTTP/1.1\r\nHost: {host}\r\n\r\n"
          - await: head
            max: 500
          - close: reset
      - name: idle
        count: 3
    send:
      - "GET /hello.txt HTTP/1.1\r\nHost: {host}\r\nIf-None-Match: W/\"{etag-opaque}\"\r\n\r\n"
    expect:
      - interim: [{ status: 100, wellFormed: true, headers: { content-length: { absent: true } } }]
        responses:
          - status: 200
            version: HTTP/1.1
            wellFormed: true
            headers:
              date: [{ date: true }, { within: 60 }]
              Last-Modified: { notAfter: Date }
`;

describe('new response matcher forms', () => {
  it('normalise into the model', async () => {
    const dir = await caseDir({ 'good.yaml': GOOD });
    const file = join(dir, 'good.yaml');
    const [c] = await loadCases([dir]);
    expect(c?.before).toEqual([
      {
        name: 'stalled',
        send: [{ kind: 'write', parts: [{ kind: 'text', text: 'GET /hello.txt HTTP/1.1\r\nHo' }] }],
        count: 1,
        pos: { file, line: lineOf(GOOD, '- name: stalled') },
      },
      {
        name: 'before-2',
        send: [
          { kind: 'write', parts: [{ kind: 'text', text: 'GET /large.bin HTTP/1.1\r\nHost: {host}\r\n\r\n' }] },
          { kind: 'await-head', maxMs: 500 },
          { kind: 'close', how: 'reset' },
        ],
        count: 1,
        pos: { file, line: lineOf(GOOD, '- send:') },
      },
      // No send: it opens and sends nothing.
      { name: 'idle', send: [], count: 3, pos: { file, line: lineOf(GOOD, '- name: idle') } },
    ]);
    const alt = c!.expect[0]!;
    expect(alt.interim).toBe('any');
    expect(alt.interimResponses).toEqual([
      { status: { kind: 'exact', codes: [100] }, headers: { 'content-length': [{ kind: 'absent' }] }, body: [], canary: false, wellFormed: true },
    ]);
    expect(alt.responses).toEqual([
      {
        status: { kind: 'exact', codes: [200] },
        version: 'HTTP/1.1',
        wellFormed: true,
        headers: {
          date: [{ kind: 'date' }, { kind: 'within', seconds: 60 }],
          'last-modified': [{ kind: 'not-after', field: 'date' }],
        },
        body: [],
        canary: false,
      },
    ]);
    expect(await lintCases([dir])).toEqual([]);
  });

  it('leaves the old forms exactly as they were', async () => {
    const dir = await caseDir({ 'a.yaml': `area: host\ncases:\n${minimalCase('x-one')}\n        interim: none\n` });
    const [c] = await loadCases([dir]);
    expect(c?.before).toBeUndefined();
    expect(c?.expect[0]).not.toHaveProperty('interimResponses');
    expect(c?.expect[0]?.interim).toBe('none');
    expect(c?.expect[0]?.responses[0]).toEqual({ status: { kind: 'exact', codes: [200] }, headers: {}, body: [], canary: false });
  });
});

// Each mistake: the case text after `cases:`, a marker on the line to blame, and the problem.
const top = 'area: host\ncases:\n';
const withResponse = (response: string): string => `${top}${minimalCase('x-one').replace('{ status: 200 }', response)}\n`;
const withAlternative = (extra: string): string => `${top}${minimalCase('x-one')}\n${extra}\n`;
const withBefore = (before: string): string => `${top}${minimalCase('x-one').replace('    send:', `    before:\n${before}\n    send:`)}\n`;

const MISTAKES: Array<{ name: string; text: string; at: string; problem: string }> = [
  {
    name: 'version not an HTTP-version',
    text: withResponse('{ status: 200, version: "HTTP/1.1 " }'),
    at: 'version',
    problem: 'version: "HTTP/1.1 " is not an HTTP-version such as HTTP/1.1 (compared exactly, case included)',
  },
  {
    name: 'version in lower case',
    text: withResponse('{ status: 200, version: http/1.1 }'),
    at: 'version',
    problem: 'version: "http/1.1" is not an HTTP-version',
  },
  {
    name: 'wellFormed false',
    text: withResponse('{ status: 200, wellFormed: false }'),
    at: 'wellFormed',
    problem: 'wellFormed: the only allowed value is true',
  },
  {
    name: 'wellFormed misspelt',
    text: withResponse('{ status: 200, wellformed: true }'),
    at: 'wellformed',
    problem: 'response: unknown key "wellformed"; did you mean "wellFormed"?',
  },
  {
    name: 'date false',
    text: withResponse('{ status: 200, headers: { date: { date: false } } }'),
    at: 'date: false',
    problem: 'header date date: the only allowed value is true',
  },
  {
    name: 'within out of range',
    text: withResponse('{ status: 200, headers: { date: { within: 100000 } } }'),
    at: 'within',
    problem: 'header date within: 100000 is out of range (0..86400)',
  },
  {
    name: 'within as text',
    text: withResponse('{ status: 200, headers: { date: { within: "60" } } }'),
    at: 'within',
    problem: 'header date within: expected a whole number, got "60"',
  },
  {
    name: 'notAfter itself',
    text: withResponse('{ status: 200, headers: { Date: { notAfter: date } } }'),
    at: 'notAfter',
    problem: 'header Date notAfter: compares the field with itself; name another field, such as date',
  },
  {
    name: 'notAfter not a field name',
    text: withResponse('{ status: 200, headers: { last-modified: { notAfter: "the date" } } }'),
    at: 'notAfter',
    problem: 'header last-modified notAfter: expected the name of another field of the response, such as date; got "the date"',
  },
  {
    name: 'two date checks in one mapping',
    text: withResponse('{ status: 200, headers: { date: { date: true, within: 60 } } }'),
    at: 'within',
    problem: 'header date: give one check per mapping; use a list for several',
  },
  {
    name: 'empty interim list',
    text: withAlternative('        interim: []'),
    at: 'interim: []',
    problem: 'interim: an empty list means no interim response; write interim: none',
  },
  {
    name: 'interim list with a final status',
    text: withAlternative('        interim: [{ status: 200 }]'),
    at: 'interim: [{',
    problem: 'interim[0]: status must be 1xx codes (an interim response is 100-199, 101 excepted)',
  },
  {
    name: 'interim list with 101',
    text: withAlternative('        interim: [{ status: 100 }, { status: [101, 103] }]'),
    at: 'interim: [{',
    problem: 'interim[1]: status must be 1xx codes',
  },
  {
    name: 'interim list with the canary',
    text: withAlternative('        interim: [canary]'),
    at: 'interim: [canary]',
    problem: 'interim[0]: canary is a final response; an interim one is a mapping such as { status: 100 }',
  },
  {
    name: 'interim word unknown',
    text: withAlternative('        interim: some'),
    at: 'interim: some',
    problem: 'interim: "some" is not one of any, none, 100, or a list of 1xx responses',
  },
  {
    name: 'interim response with an unknown key',
    text: withAlternative('        interim: [{ status: 100, header: {} }]'),
    at: 'interim: [{',
    problem: 'response: unknown key "header"; did you mean "headers"?',
  },
  {
    name: 'before not a list',
    text: withBefore('      name: x'),
    at: 'name: x',
    problem: 'before: expected a list, got a mapping',
  },
  {
    name: 'before connection with a count out of range',
    text: withBefore('      - name: flood\n        count: 5000'),
    at: 'count: 5000',
    problem: 'before[0] count: 5000 is out of range (1..1100)',
  },
  {
    name: 'before connection with a bad name',
    text: withBefore('      - name: Stalled One\n        send: ["GET / HTTP/1.1\\r\\n"]'),
    at: 'Stalled One',
    problem: 'before[0] name: "Stalled One" is not a kebab-case word',
  },
  {
    name: 'two before connections with one name',
    text: withBefore('      - name: a\n        send: ["GET / HTTP/1.1\\r\\n"]\n      - name: a\n        send: ["GET / HTTP/1.1\\r\\n"]'),
    at: '- name: a\n        send: ["GET / HTTP/1.1\\r\\n"]\n      - name: a',
    problem: 'before[1] name: "a" names an earlier connection too',
  },
  {
    name: 'before connection step after a reset',
    text: withBefore('      - send:\n          - "GET / HTTP/1.1\\r\\n"\n          - close: reset\n          - pause: 10'),
    at: 'pause: 10',
    problem: 'send[2]: nothing can follow close: reset',
  },
  {
    name: 'before connection with a typo',
    text: withBefore('      - sned: ["GET / HTTP/1.1\\r\\n"]'),
    at: 'sned',
    problem: 'before[0]: unknown key "sned"; did you mean "send"?',
  },
  {
    name: 'too many before connections',
    text: withBefore(Array.from({ length: 9 }, () => '      - send: ["x"]').join('\n')),
    at: '    before:',
    problem: 'before: 9 connections, at most 8',
  },
  {
    name: 'unknown placeholder next to etag-opaque',
    text: `${top}${minimalCase('x-one').replace('{host}', '{etag-opaque}{etag-opague}')}\n`,
    at: 'etag-opague',
    problem: 'unknown placeholder {etag-opague}',
  },
];

describe('new form problems', () => {
  for (const m of MISTAKES) {
    it(`${m.name}: file:line: problem`, async () => {
      const dir = await caseDir({ 'c.yaml': m.text });
      const file = join(dir, 'c.yaml');
      const problems = await lintCases([dir]);
      const first = problems[0];
      // A marker spanning lines names its last line.
      const line = lineOf(m.text, m.at) + m.at.split('\n').length - 1;
      expect(first?.problem).toContain(m.problem);
      expect(first?.line).toBe(line);
      expect(first?.message).toBe(`${file}:${line}: ${first?.problem}`);
    });
  }
});

describe('{etag-opaque}', () => {
  it('is the opaque-tag of the ETag: no W/, no quotes', () => {
    expect(opaqueTag('"abc-123"')).toBe('abc-123');
    expect(opaqueTag('W/"abc"')).toBe('abc');
    expect(opaqueTag('""')).toBe('');
    // Not an entity-tag: only what of that shape it has is taken off.
    expect(opaqueTag('abc')).toBe('abc');
    expect(opaqueTag('W/abc')).toBe('abc');
    expect(opaqueTag('"abc')).toBe('"abc');
  });

  it('expands from the target ETag, and is missing when the target sent none', async () => {
    expect(expandText('W/"{etag-opaque}" {etag}', { etag: 'W/"x1"' })).toBe('W/"x1" W/"x1"');
    expect(expandText('{etag-opaque}', { etag: '"x1"', 'etag-opaque': 'given' })).toBe('given');
    const dir = await caseDir({ 'a.yaml': `${top}${minimalCase('x-one').replace('{host}', '{host}\\r\\nIf-None-Match: {etag-opaque}')}\n` });
    const [c] = await loadCases([dir]);
    expect(casePlaceholders(c!)).toEqual(['host', 'etag-opaque']);
    expect(missingPlaceholders(c!, { host: 'h' })).toEqual(['etag-opaque']);
    expect(missingPlaceholders(c!, { host: 'h', etag: '"e"' })).toEqual([]);
  });

  it('counts placeholders in before connections and interim matchers', async () => {
    const text = withBefore('      - send: ["GET /{etag-opaque} HTTP/1.1\\r\\n"]').replace(
      '      - responses: [{ status: 200 }]',
      '      - responses: [{ status: 200 }]\n        interim: [{ status: 100, headers: { x: "{last-modified}" } }]',
    );
    const dir = await caseDir({ 'a.yaml': text });
    const [c] = await loadCases([dir]);
    expect(casePlaceholders(c!)).toEqual(['host', 'last-modified', 'etag-opaque']);
  });
});

describe('planSideSteps', () => {
  it('expands placeholders and keeps the steps as written', () => {
    const steps = planSideSteps(
      [
        { kind: 'write', parts: [{ kind: 'text', text: 'GET / HTTP/1.1\r\nHost: {host}\r\n' }, { kind: 'repeat', text: 'ab', times: 2 }] },
        { kind: 'pause', ms: 5 },
        { kind: 'await-head', maxMs: 7 },
        { kind: 'close', how: 'fin' },
      ],
      { host: 'h:1' },
    );
    expect(steps.map((s) => (s.kind === 'write' ? { kind: 'write', bytes: s.bytes.subarray(0, s.bytes.length) } : s))).toEqual([
      { kind: 'write', bytes: Buffer.from('GET / HTTP/1.1\r\nHost: h:1\r\nabab', 'latin1') },
      { kind: 'pause', ms: 5 },
      { kind: 'await-head', maxMs: 7 },
      { kind: 'close', how: 'fin' },
    ]);
  });
});
