// Hand-built ReadResult / Transcript values and cases for judge tests.

import { parseCaseFile } from '../../src/case/parse-file.ts';
import type { Case } from '../../src/case/types.ts';
import type { JudgeContext } from '../../src/judge/types.ts';
import type { ConnectionEnd, ReadResponse, ReadResult, Transcript } from '../../src/wire/types.ts';

export const DOCROOT: Record<string, string> = {
  'hello.txt': 'Hello, world!\n',
  'canary.txt': 'canary-in-sync\n',
};

export const CTX: JudgeContext = {
  values: { host: '127.0.0.1:8080', port: '8080', etag: '"abc-123"' },
  readDocrootFile: (path) => (path in DOCROOT ? Buffer.from(DOCROOT[path]!, 'latin1') : null),
  timeoutMs: 5000,
};

/** A parsed response: `res('404 Not Found', [['Content-Length', '0']])`. */
export function res(status: string, headers: Array<[string, string]> = [], body = '', complete = true): ReadResponse {
  const code = /^\d{3}/.exec(status);
  return {
    statusLine: `HTTP/1.1 ${status}`,
    version: 'HTTP/1.1',
    status: code ? Number(code[0]) : null,
    reason: status.slice(4),
    headers,
    body: Buffer.from(body, 'latin1'),
    framing: 'content-length',
    complete,
    start: 0,
    end: 0,
    findings: [],
  };
}

export const canaryRes = (): ReadResponse => res('200 OK', [['Content-Length', '15']], DOCROOT['canary.txt']!);
export const helloRes = (): ReadResponse => res('200 OK', [['Content-Length', '14'], ['Content-Type', 'text/plain']], DOCROOT['hello.txt']!);

export function read(responses: ReadResponse[], unparsed = ''): ReadResult {
  return { responses, unparsed: Buffer.from(unparsed, 'latin1'), findings: [] };
}

export function transcript(end: ConnectionEnd, opts: { timedOut?: boolean; atMs?: number } = {}): Transcript {
  const how = opts.timedOut ? 'timeout' : end;
  return {
    events: [{ kind: 'end', atMs: opts.atMs ?? 40, how }],
    received: Buffer.alloc(0),
    truncated: false,
    end,
    timedOut: opts.timedOut ?? false,
  };
}

/** One case from YAML lines (under `cases:`); fails the test on any problem. */
export function caseFrom(yaml: string, area = 'smuggling'): Case {
  const { cases, problems } = parseCaseFile('t.yaml', `area: ${area}\ncases:\n${yaml}`);
  if (problems.length > 0) throw new Error(problems.map((p) => `${p.line}: ${p.problem}`).join('\n'));
  return cases[0]!;
}

export function simpleCase(level: string, expect: string, send = '"GET /hello.txt HTTP/1.1\\r\\nHost: {host}\\r\\n\\r\\n{canary}"'): Case {
  return caseFrom(
    [
      '  - id: t-case',
      '    title: t',
      '    rfc: RFC 9112 §6.3',
      '    quote: q',
      `    level: ${level}`,
      `    send: [${send}]`,
      '    expect:',
      ...expect.split('\n').map((l) => `      ${l}`),
    ].join('\n'),
  );
}
