import { describe, expect, it } from 'vitest';
import { caseDetails, caseLine, terminalReporter } from '../../src/report/terminal-reporter.ts';
import type { CaseResult, Report } from '../../src/result/types.ts';

const result = (over: Partial<CaseResult>): CaseResult => ({
  id: 'cl-plus-sign',
  title: 'Content-Length with a plus sign',
  area: 'content-length',
  level: 'MUST',
  rfc: 'RFC 9112 §6.3',
  quote: 'the recipient MUST treat it as an unrecoverable error',
  status: 'fail',
  message: 'closest allowed outcome "400, then closed": expected status 400, got 200',
  expected: ['400, then closed', 'no response, closed [warn: tells the client nothing]'],
  actual: '200 OK (Content-Length: 5), then still open',
  matched: null,
  durationMs: 12,
  mode: 'as-written',
  wire: [],
  received: '',
  reproduce: 'npm run conformance -- --target localhost:8080 --id cl-plus-sign',
  ...over,
});

function capture(isTTY: boolean, env: NodeJS.ProcessEnv = {}): { out: { write(s: string): void; isTTY: boolean }; text: () => string } {
  let text = '';
  return { out: { write: (s: string) => void (text += s), isTTY }, text: () => text };
}

const report = (cases: CaseResult[]): Report => ({
  tool: { name: 't', version: '0' },
  target: { kind: 'address', address: 'localhost:8080' },
  startedAt: new Date(0).toISOString(),
  durationMs: 1234,
  options: {},
  capabilities: {},
  summary: { total: 2, passed: 1, warned: 0, failed: 1, timedOut: 0, skipped: 0, errored: 0, score: 50 },
  cases,
});

describe('terminal reporter', () => {
  it('prints one plain line per case that did not pass, with expected, actual and the rerun command', async () => {
    const c = capture(false);
    const rep = terminalReporter(c.out, {});
    const fail = result({
      wire: [
        { kind: 'write', atMs: 0.1, text: 'POST /echo HTTP/1.1\\r\\nContent-Length: +5\\r\\n\\r\\n' },
        { kind: 'pause', atMs: 0.2, ms: 100 },
        { kind: 'write', atMs: 100.3, text: 'hello' },
        { kind: 'read', atMs: 101, text: 'HTTP/1.1 200 OK\\r\\n' },
      ],
      received: 'HTTP/1.1 200 OK\\r\\nContent-Length: 5\\r\\n\\r\\nhello',
    });
    rep.onStart?.({ total: 2, target: 'localhost:8080' });
    rep.onResult?.(result({ id: 'ok', status: 'pass' }), 1, 2);
    rep.onResult?.(fail, 2, 2);
    await rep.onEnd(report([fail]), '/tmp');
    const lines = c.text().trimEnd().split('\n');
    expect(lines).toEqual([
      'testing localhost:8080 with 2 cases',
      'FAIL cl-plus-sign [MUST not met] closest allowed outcome "400, then closed": expected status 400, got 200 | expected: 400, then closed (or 1 other outcome) | got: 200 OK (Content-Length: 5), then still open | rerun: npm run conformance -- --target localhost:8080 --id cl-plus-sign',
      '       RFC 9112 §6.3: "the recipient MUST treat it as an unrecoverable error"',
      '       sent:     POST /echo HTTP/1.1\\r\\nContent-Length: +5\\r\\n\\r\\n[pause 100 ms]hello',
      '       received: HTTP/1.1 200 OK\\r\\nContent-Length: 5\\r\\n\\r\\nhello',
      '2 cases, 1 passed, 0 warned, 1 failed; score 50% in 1.2 s',
      '',
      'what to fix first: 1 likely cause for 1 case that did not pass, most severe first',
      ' 1. FAIL content-length: expected status 400, got 200: 1 case (cl-plus-sign)',
      '    rerun: npm run conformance -- --target localhost:8080 --id cl-plus-sign',
    ]);
    expect(c.text()).not.toContain('\x1b[');
  });

  it('shows the side connections first, cuts long bytes, and gives skips and errors no details', () => {
    const details = caseDetails(
      result({
        before: [{ name: 'stalled', receivedBytes: 0, wire: [{ kind: 'write', atMs: 0, text: 'GET / HTTP/1.1\\r\\nHo' }] }],
        wire: [{ kind: 'write', atMs: 0, text: 'x'.repeat(1000) }],
      }),
    );
    expect(details[1]).toBe('       first, on connection "stalled": GET / HTTP/1.1\\r\\nHo');
    expect(details[2]).toMatch(/^ {7}sent: {5}x{240}\.\.\. \(760 more characters\)$/);
    expect(details[3]).toBe('       received: (nothing)');
    expect(caseDetails(result({ status: 'skip' }))).toEqual([]);
    expect(caseDetails(result({ status: 'error' }))).toEqual([]);
  });

  it('colours and shows progress on a TTY, and respects NO_COLOR', async () => {
    const tty = capture(true);
    const rep = terminalReporter(tty.out, {});
    rep.onResult?.(result({}), 1, 1);
    expect(tty.text()).toContain('\x1b[31mFAIL\x1b[0m');
    expect(tty.text()).toContain('\r\x1b[K1/1 cl-plus-sign');

    const plain = capture(true);
    terminalReporter(plain.out, { NO_COLOR: '1' }).onResult?.(result({}), 1, 1);
    expect(plain.text()).toMatch(/^FAIL cl-plus-sign/);
    expect(plain.text()).not.toContain('\x1b[31m');
  });

  it('colours a pipe when FORCE_COLOR is set (CI logs), unless it is 0 or NO_COLOR is set', () => {
    for (const [env, coloured] of [
      [{ FORCE_COLOR: '1' }, true],
      [{ FORCE_COLOR: '0' }, false],
      [{ FORCE_COLOR: '1', NO_COLOR: '' }, false],
      [{}, false],
    ] as const) {
      const piped = capture(false);
      terminalReporter(piped.out, env).onResult?.(result({}), 1, 1);
      expect(piped.text().includes('\x1b[31mFAIL'), JSON.stringify(env)).toBe(coloured);
      // Progress lines are for a terminal only, coloured or not.
      expect(piped.text()).not.toContain('\r\x1b[K');
    }
  });

  it('quiet prints no case lines, verbose prints passes too; both end with the summary and the digest', async () => {
    const pass = result({ id: 'ok', status: 'pass', message: 'matched "200"' });
    const fail = result({});
    for (const detail of ['quiet', 'verbose'] as const) {
      const c = capture(false);
      const rep = terminalReporter(c.out, {}, detail);
      rep.onResult?.(pass, 1, 2);
      rep.onResult?.(fail, 2, 2);
      await rep.onEnd(report([pass, fail]), '/tmp');
      expect(c.text().includes('FAIL cl-plus-sign [')).toBe(detail === 'verbose');
      expect(c.text().includes('PASS ok [')).toBe(detail === 'verbose');
      expect(c.text()).toContain('2 cases, 1 passed');
      expect(c.text()).toContain(' 1. FAIL content-length: expected status 400, got 200: 1 case (cl-plus-sign)');
    }
  });

  it('prints a flood of one repeated outcome once, with its count', () => {
    const flood = result({ expected: [Array.from({ length: 100 }, () => 'canary 200').join(', then ')], actual: '200 OK, then closed' });
    const line = caseLine(flood);
    expect(line).toContain('expected: canary 200 (x100) |');
    expect(line.length).toBeLessThan(400);
  });
});
