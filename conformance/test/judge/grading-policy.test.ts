import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintCases, loadCases } from '../../src/case/load.ts';
import { gradeLabel } from '../../src/judge/grade-label.ts';
import { gradingPolicyProblems, mayFail } from '../../src/judge/grading-policy.ts';
import { isSettingsFrame } from '../../src/judge/h2-answer.ts';
import { DESYNC, judge } from '../../src/judge/judge.ts';
import { patternInWords } from '../../src/judge/pattern-words.ts';
import { CTX, read, res, simpleCase, transcript } from './wire-values.ts';

const FAIL_ALT = `- responses: [{ status: 400 }]
- responses: [{ status: 200 }]
  grade: fail
  note: served it`;

describe('grading policy', () => {
  it('lets MUST cases, and security/robustness cases naming their harm, grade fail', () => {
    expect(mayFail({ level: 'MUST', tags: [] })).toBe(true);
    expect(mayFail({ level: 'security', tags: ['leak'] })).toBe(true);
    expect(mayFail({ level: 'robustness', tags: ['smoke', 'hang'] })).toBe(true);
    expect(mayFail({ level: 'robustness', tags: ['smoke'] })).toBe(false);
    expect(mayFail({ level: 'SHOULD', tags: ['desync'] })).toBe(false);
    expect(gradingPolicyProblems({ ...simpleCase('MUST', FAIL_ALT), quote: 'A server MUST answer.' })).toEqual([]);
    expect(gradingPolicyProblems({ ...simpleCase('security', FAIL_ALT), tags: ['leak'] })).toEqual([]);
  });

  it('wants a MUST case to quote a sentence with a MUST', () => {
    const c = simpleCase('MUST', '- responses: [{ status: 400 }]');
    expect(gradingPolicyProblems({ ...c, quote: 'A server MUST NOT do that.' })).toEqual([]);
    expect(gradingPolicyProblems({ ...c, quote: 'The server REQUIRED it.' })).toEqual([]);
    const problems = gradingPolicyProblems({ ...c, quote: 'chunk-size = 1*HEXDIG' });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.problem).toContain('is level MUST but its quote holds no MUST');
    expect(gradingPolicyProblems({ ...c, level: 'SHOULD', quote: 'chunk-size = 1*HEXDIG' })).toEqual([]);
  });

  it('names every fail alternative that breaks it, with its line', () => {
    const should = gradingPolicyProblems(simpleCase('SHOULD', FAIL_ALT));
    expect(should).toHaveLength(1);
    expect(should[0]!.problem).toMatch(/^grade: fail in case "t-case": a SHOULD case never grades fail/);
    const robust = gradingPolicyProblems(simpleCase('robustness', FAIL_ALT));
    expect(robust[0]!.problem).toContain('only when its tags name the harm a fail shows (desync, leak, crash, hang)');
  });

  it('is enforced by --lint as file:line problems, and loading alone stays lenient', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'policy-'));
    try {
      const file = path.join(dir, 'c.yaml');
      const yaml = [
        'area: request-line',
        'cases:',
        '  - id: rl-t',
        '    title: t',
        '    rfc: RFC 9112 §3',
        '    quote: q',
        '    level: MAY',
        '    send: ["GET / HTTP/1.1\\r\\n\\r\\n"]',
        '    expect:',
        '      - responses: [{ status: 400 }]',
        '      - responses: [{ status: 200 }]',
        '        grade: fail',
        '        note: served it',
      ].join('\n');
      await writeFile(file, yaml);
      const problems = await lintCases([dir]);
      expect(problems.map((p) => `${path.basename(p.file)}:${p.line}`)).toEqual(['c.yaml:11']);
      expect(problems[0]!.problem).toContain('a MAY case never grades fail');
      expect((await loadCases([dir])).map((c) => c.id)).toEqual(['rl-t']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('holds for every case of the corpus', async () => {
    const problems = await lintCases([path.join(import.meta.dirname, '../../../cases')]);
    expect(problems.map((p) => p.message)).toEqual([]);
  });
});

describe('grade labels', () => {
  const label = (level: string, status: string, message = 'x', matched: number | null = null): string =>
    gradeLabel({ level: level as 'MUST', status, message, matched });

  it('never puts a warn beside a bare MUST, nor a fail beside a bare SHOULD', () => {
    expect(label('MUST', 'fail')).toBe('MUST not met');
    expect(label('MUST', 'warn', 'allowed but discouraged: x', 1)).toBe('MUST, tolerated outcome');
    expect(label('robustness', 'warn')).toBe('robustness, no harm shown');
    expect(label('SHOULD', 'warn')).toBe('SHOULD not met');
    expect(label('SHOULD', 'warn', 'x', 2)).toBe('SHOULD, discouraged outcome');
    expect(label('SHOULD', 'fail', `${DESYNC}: response 2 ...`)).toBe('SHOULD case, but desynchronised');
    expect(label('MAY', 'fail', 'server crashed (SIGSEGV) during this case')).toBe('MAY case, but crashed');
    expect(label('MUST', 'timeout')).toBe('MUST, no answer');
    expect(label('MUST', 'pass')).toBe('MUST');
  });
});

describe('patterns in words', () => {
  it('puts the shapes the corpus uses into words and shows any other as a pattern', () => {
    expect(patternInWords('(^|,)\\s*close\\s*(,|$)')).toBe('a list holding the token "close"');
    expect(patternInWords('^text/plain\\s*(;|$)')).toBe('the media type text/plain');
    expect(patternInWords('^image/svg\\+xml\\s*(;|$)')).toBe('the media type image/svg+xml');
    expect(patternInWords('^image/(x-icon|vnd\\.microsoft\\.icon)\\s*(;|$)')).toBe('the media type image/x-icon or image/vnd.microsoft.icon');
    expect(patternInWords('^application/(x-)?javascript\\s*(;|$)')).toBe('the media type application/x-javascript or application/javascript');
    expect(patternInWords('chunked$')).toBe('a value ending with "chunked"');
    expect(patternInWords('^bytes 0-4/14$')).toBe('exactly "bytes 0-4/14"');
    expect(patternInWords('^(https?://[^/]+)?/dir/$')).toBe('the path /dir/ (alone, or after a scheme and host)');
    expect(patternInWords('^a(b|c)+$')).toBe('a value matching the pattern /^a(b|c)+$/');
  });

  it('reach the verdict instead of the regular expression', () => {
    const c = simpleCase('MUST', `- responses: [{ status: 200, headers: { connection: { matches: '(^|,)\\s*close\\s*(,|$)' } } }]`);
    const v = judge(c, read([res('200 OK', [['Connection', 'keep-alive']])]), transcript('closed'), CTX);
    expect(v.message).toContain('header connection: expected a list holding the token "close", got "keep-alive"');
    expect(v.message).not.toContain('\\s*');
  });
});

describe('an h2c answer to the HTTP/2 preface', () => {
  const settings = Buffer.from([0, 0, 6, 4, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 100]);
  const preface = simpleCase('robustness', `- responses: [{ status: 400 }]\n  connection: closed`, '"PRI * HTTP/2.0\\r\\n\\r\\nSM\\r\\n\\r\\n"');

  it('recognises a SETTINGS frame on stream 0', () => {
    expect(isSettingsFrame(settings)).toBe(true);
    expect(isSettingsFrame(Buffer.from('HTTP/1.1 400 Bad'))).toBe(false);
    expect(isSettingsFrame(Buffer.from([0, 0, 5, 4, 0, 0, 0, 0, 0]))).toBe(false);
  });

  it('passes the preface case, and only that case', () => {
    const v = judge(preface, read([], settings.toString('latin1')), transcript('open'), CTX);
    expect(v.status).toBe('pass');
    expect(v.message).toContain('HTTP/2 SETTINGS frame');
    const other = simpleCase('MUST', `- responses: [{ status: 400 }]\n  connection: closed`);
    expect(judge(other, read([], settings.toString('latin1')), transcript('open'), CTX).status).toBe('fail');
  });
});

describe('answered, then refused what followed and closed', () => {
  const framing = simpleCase('MUST', `- responses: [{ status: 400 }]\n  connection: closed\n- responses: [{ status: any }, canary]\n  grade: fail\n  note: read +5 as 5`);

  it('warns instead of calling it a desync: nothing after the request was processed', () => {
    const v = judge(framing, read([res('405 Method Not Allowed'), res('400 Bad Request')]), transcript('closed'), CTX);
    expect(v.status).toBe('warn');
    expect(v.message).toMatch(/^answered, then refused what followed \(400 Bad Request\) and closed: nothing after the request was processed/);
  });

  it('takes a refusal that announces Connection: close for the close (reading may stop before the FIN)', () => {
    const v = judge(framing, read([res('405 Method Not Allowed'), res('400 Bad Request', [['Connection', 'close']])]), transcript('open'), CTX);
    expect(v.status).toBe('warn');
  });

  it('is still a desync while the connection stays open, or when a response could only answer a hidden request', () => {
    expect(judge(framing, read([res('405 Method Not Allowed'), res('400 Bad Request')]), transcript('open'), CTX).message).toMatch(/^desynchronised/);
    expect(judge(framing, read([res('204 No Content'), res('404 Not Found')]), transcript('closed'), CTX).message).toMatch(/^desynchronised/);
    expect(judge(framing, read([res('200 OK'), res('200 OK')]), transcript('closed'), CTX).message).toMatch(/^desynchronised/);
  });
});

describe('a server that never answers a request pipelined behind another', () => {
  const sync = simpleCase('MUST', `- responses: [{ status: 400 }]\n  connection: closed\n- responses: [{ status: 200 }, canary]\n- responses: [{ status: 404 }, canary]\n  grade: fail\n  note: served the wrong thing`);
  const ctx = { ...CTX, canaryUnanswered: 'a GET sent right behind another on one connection was never answered' };

  it('is judged on the responses before the canary, and the missing canary is named once, as the probe found it', () => {
    const v = judge(sync, read([res('200 OK')]), transcript('open', { timedOut: true }), ctx);
    expect(v.status).toBe('warn');
    expect(v.message).toBe('the start of "200, then canary 200" (200); the rest went unanswered, as the probe found: a GET sent right behind another on one connection was never answered');
    // A fail outcome is proven by its canary; without the canary it proves nothing, so the usual
    // judgement applies to what did arrive.
    const wrong = judge(sync, read([res('404 Not Found')]), transcript('open', { timedOut: true }), ctx);
    expect(wrong.status).toBe('fail');
    expect(wrong.message).toMatch(/^closest allowed outcome /);
  });

  it('leaves a case that waits for an answer before sending more to the usual judgement (keep-alive, not pipelining)', () => {
    const sequential = { ...sync, send: [sync.send[0]!, { kind: 'await-head' as const, maxMs: 1000 }, ...sync.send.slice(1)] };
    expect(judge(sequential, read([res('200 OK')]), transcript('open', { timedOut: true }), ctx).status).toBe('fail');
  });

  it('changes nothing without the probe finding, or when what came before the canary is wrong', () => {
    expect(judge(sync, read([res('200 OK')]), transcript('open', { timedOut: true }), CTX).status).toBe('fail');
    expect(judge(sync, read([res('500 Internal Server Error')]), transcript('open', { timedOut: true }), ctx).status).toBe('fail');
  });
});

