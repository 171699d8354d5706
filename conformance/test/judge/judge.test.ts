import { describe, expect, it } from 'vitest';
import { describeActual, describeAlternative, judge } from '../../src/judge/judge.ts';
import { CTX, canaryRes, helloRes, read, res, simpleCase, transcript } from './wire-values.ts';

// The README's example: 400 and close, or (warn) a silent close.
const PLUS = simpleCase(
  'MUST',
  `- responses: [{ status: 400 }]
  connection: closed
- responses: []
  connection: closed
  grade: warn
  note: closing without a response is safe but tells the client nothing`,
);

// A framing case where keeping the connection and answering the canary is also right.
const SYNC = simpleCase(
  'MUST',
  `- responses: [{ status: 4xx }]
  connection: closed
- responses: [{ status: 200, body: { file: hello.txt } }, canary]
  connection: open
- responses: [{ status: 200 }, { status: 404 }]
  grade: fail
  note: the server served the smuggled request`,
);

describe('judge: a matching outcome', () => {
  it('passes on the first matching alternative', () => {
    const v = judge(PLUS, read([res('400 Bad Request', [['Content-Length', '11'], ['Connection', 'close']], 'Bad Request')]), transcript('closed'), CTX);
    expect(v).toEqual({
      status: 'pass',
      message: '400, then closed',
      expected: ['400, then closed', 'no response, closed [warn: closing without a response is safe but tells the client nothing]'],
      actual: '400 Bad Request (Content-Length: 11, Connection: close), then closed by server',
      matched: 0,
    });
  });

  it('counts a reset as closed', () => {
    expect(judge(PLUS, read([res('400 Bad Request')]), transcript('reset'), CTX).status).toBe('pass');
  });

  it('warns on a warn alternative, naming its note', () => {
    const v = judge(PLUS, read([]), transcript('closed'), CTX);
    expect(v.status).toBe('warn');
    expect(v.matched).toBe(1);
    expect(v.message).toBe('allowed but discouraged: closing without a response is safe but tells the client nothing');
  });

  it('fails on a fail alternative, naming its note', () => {
    const v = judge(SYNC, read([helloRes(), res('404 Not Found')]), transcript('open'), CTX);
    expect(v).toMatchObject({ status: 'fail', matched: 2, message: 'known bad behaviour: the server served the smuggled request' });
  });

  it('passes when the canary comes back in sync', () => {
    const v = judge(SYNC, read([helloRes(), canaryRes()]), transcript('open'), CTX);
    expect(v).toMatchObject({ status: 'pass', matched: 1 });
  });
});

describe('judge: no matching outcome', () => {
  it('fails a MUST case, naming the closest outcome and the first difference', () => {
    const v = judge(PLUS, read([res('200 OK')]), transcript('closed'), CTX);
    expect(v).toMatchObject({
      status: 'fail',
      matched: null,
      message:
        'closest allowed outcome "400, then closed": expected status 400, got 200; nothing desynchronised: the server closed the connection without answering the bytes after the request',
    });
  });

  it('says nothing about safety while the connection stays open', () => {
    const v = judge(PLUS, read([res('200 OK')]), transcript('open'), CTX);
    expect(v.message).toBe('closest allowed outcome "400, then closed": expected status 400, got 200');
  });

  it('names a connection left open', () => {
    const v = judge(PLUS, read([res('400 Bad Request')]), transcript('open'), CTX);
    expect(v.message).toBe('closest allowed outcome "400, then closed": expected connection closed, still open');
  });

  it('only warns for SHOULD, MAY and convention levels', () => {
    for (const level of ['SHOULD', 'MAY', 'convention']) {
      const c = simpleCase(level, '- responses: [{ status: 400 }]');
      expect(judge(c, read([res('200 OK')]), transcript('closed'), CTX).status).toBe('warn');
    }
    for (const level of ['security', 'robustness']) {
      const c = simpleCase(level, '- responses: [{ status: 400 }]');
      expect(judge(c, read([res('200 OK')]), transcript('closed'), CTX).status).toBe('warn');
    }
  });

  it('fails a security or robustness case only when its tags name the harm a fail shows', () => {
    for (const level of ['security', 'robustness']) {
      for (const harm of ['desync', 'leak', 'crash', 'hang']) {
        const c = { ...simpleCase(level, '- responses: [{ status: 400 }]'), tags: [harm] };
        expect(judge(c, read([res('200 OK')]), transcript('closed'), CTX).status, `${level} ${harm}`).toBe('fail');
      }
      const c = { ...simpleCase(level, '- responses: [{ status: 400 }]'), tags: ['smoke'] };
      expect(judge(c, read([res('200 OK')]), transcript('closed'), CTX).status).toBe('warn');
    }
  });

  it('explains a body that is not the docroot file', () => {
    const c = simpleCase('MUST', '- responses: [{ status: 200, body: { file: hello.txt } }]');
    const v = judge(c, read([res('200 OK', [['Content-Length', '0']])]), transcript('open'), CTX);
    expect(v.message).toBe('closest allowed outcome "200 (body of hello.txt)": body: expected the bytes of hello.txt (14 bytes), got 0 bytes');
  });

  it('explains a header that does not match', () => {
    const c = simpleCase('MUST', '- responses: [{ status: 200, headers: { Content-Type: { matches: "^text/plain" } } }]');
    const v = judge(c, read([res('200 OK', [['content-type', 'text/html']])]), transcript('open'), CTX);
    expect(v.message).toBe('closest allowed outcome "200 (content-type: a value starting with "text/plain")": header content-type: expected a value starting with "text/plain", got "text/html"');
  });

  it('breaks a match on garbage after the responses', () => {
    const v = judge(PLUS, read([res('400 Bad Request')], 'hello\r\n'), transcript('closed'), CTX);
    expect(v.status).toBe('fail');
    expect(v.message).toBe('closest allowed outcome "400, then closed": unexpected bytes after the responses: "hello\\r\\n"');
    expect(v.actual).toBe('400 Bad Request, then garbage: "hello\\r\\n", then closed by server');
  });

  it('does not count an incomplete response', () => {
    const v = judge(PLUS, read([res('400 Bad Request', [['Content-Length', '11']], 'Bad', false)]), transcript('closed'), CTX);
    expect(v.status).toBe('fail');
    expect(v.message).toContain('response 1 (400 Bad Request) is incomplete');
  });
});

describe('judge: desynchronisation', () => {
  it('fails when a canary position holds something else, whatever the level', () => {
    const c = simpleCase('SHOULD', '- responses: [{ status: 4xx }]\n  connection: closed\n- responses: [{ status: 200 }, canary]');
    const v = judge(c, read([res('200 OK'), res('404 Not Found')]), transcript('open'), CTX);
    expect(v.status).toBe('fail');
    expect(v.message).toBe('desynchronised (request smuggling): response 2 should answer the canary request (200 with canary.txt), got 404 Not Found');
  });

  it('fails when more responses arrive than any outcome allows', () => {
    const v = judge(PLUS, read([res('200 OK'), canaryRes()]), transcript('open'), CTX);
    expect(v.status).toBe('fail');
    expect(v.message).toBe('desynchronised (request smuggling): 2 responses (200 OK, 200 OK), at most 1 expected');
  });
});

describe('judge: timeout', () => {
  it('is a timeout when nothing came back before the bound', () => {
    const v = judge(PLUS, read([]), transcript('open', { timedOut: true, atMs: 5003 }), CTX);
    expect(v).toMatchObject({ status: 'timeout', message: 'no response within 5000 ms', matched: null, actual: 'no response; still open after 5003 ms' });
  });

  it('names the larger of the case timeout and --timeout, the bound the runner applied', () => {
    const c = { ...PLUS, timeoutMs: 1234 };
    expect(judge(c, read([]), transcript('open', { timedOut: true }), { ...CTX, timeoutMs: 1000 }).message).toBe('no response within 1234 ms');
    expect(judge(c, read([]), transcript('open', { timedOut: true }), { ...CTX, timeoutMs: 5000 }).message).toBe('no response within 5000 ms');
  });

  it('passes a case that expects silence on an open connection', () => {
    const c = simpleCase('MUST', '- responses: []\n  connection: open');
    expect(judge(c, read([]), transcript('open', { timedOut: true }), CTX).status).toBe('pass');
  });
});

describe('judge: response checks', () => {
  it('compares header names case-insensitively, values OWS-trimmed, placeholders expanded', () => {
    const c = simpleCase('MUST', '- responses: [{ status: 200, headers: { ETAG: "{etag}", content-length: [{ count: 1 }, "14"] } }]');
    expect(judge(c, read([res('200 OK', [['ETag', ' "abc-123" '], ['Content-Length', '14']])]), transcript('open'), CTX).status).toBe('pass');
    const twice = judge(c, read([res('200 OK', [['ETag', '"abc-123"'], ['Content-Length', '14'], ['content-length', '14']])]), transcript('open'), CTX);
    expect(twice.message).toContain('header content-length: expected 1 field line, got 2');
  });

  it('matches header regexes case-insensitively, with placeholder values taken literally', () => {
    const c = simpleCase('MUST', '- responses: [{ status: 200, headers: { location: { matches: "^http://{host}/$" } } }]');
    expect(judge(c, read([res('200 OK', [['Location', 'HTTP://127.0.0.1:8080/']])]), transcript('open'), CTX).status).toBe('pass');
    expect(judge(c, read([res('200 OK', [['Location', 'http://127x0x0x1:8080/']])]), transcript('open'), CTX).status).toBe('fail');
  });

  it('applies body checks', () => {
    const c = simpleCase('MUST', '- responses: [{ status: 200, body: { contains: "world", excludes: [OUTSIDE], length: 14 } }]');
    expect(judge(c, read([helloRes()]), transcript('open'), CTX).status).toBe('pass');
    const leak = judge(c, read([res('200 OK', [], 'world OUTSIDE!')]), transcript('open'), CTX);
    expect(leak.message).toContain('body: must not contain "OUTSIDE", but does');
  });

  it('keeps interim responses apart from the finals', () => {
    const c = simpleCase('MUST', '- responses: [{ status: 200 }]\n  interim: 100');
    expect(judge(c, read([res('100 Continue'), res('200 OK')]), transcript('open'), CTX).status).toBe('pass');
    const without = judge(c, read([res('200 OK')]), transcript('open'), CTX);
    expect(without.message).toBe('closest allowed outcome "100 Continue, then 200": expected a 100 Continue before the final response, got none');
    const none = simpleCase('MUST', '- responses: [{ status: 417 }]\n  interim: none');
    expect(judge(none, read([res('100 Continue'), res('417 Expectation Failed')]), transcript('open'), CTX).message).toContain(
      'expected no interim response, got 100 Continue',
    );
  });
});

describe('descriptions', () => {
  it('describes alternatives in one line', () => {
    const c = simpleCase('MUST', '- responses: [{ status: any }, canary]\n  connection: open\n- responses: []\n  connection: closed\n- responses: [{ status: [400, 5xx] }]\n  interim: 100');
    expect(c.expect.map((a) => describeAlternative(a, CTX.values))).toEqual([
      'any status, then canary 200, connection open',
      'no response, closed',
      '100 Continue, then 400 or 5xx',
    ]);
  });

  it('describes what came back in one line', () => {
    expect(describeActual(read([]), transcript('open', { timedOut: true, atMs: 2000 }))).toBe('no response; still open after 2000 ms');
    expect(describeActual(read([res('200 OK'), res('404 Not Found')]), transcript('reset'))).toBe('200 OK, then 404 Not Found, then reset');
    expect(describeActual(read([], 'hello\r\n'.repeat(10)), transcript('closed'))).toBe(
      `garbage: "${'hello\\r\\n'.repeat(6)}hello\\r...", then closed by server`,
    );
  });
});
