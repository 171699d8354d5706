import { describe, expect, it } from 'vitest';
import { settleFor } from '../../src/judge/judge.ts';
import { CTX, canaryRes, read, res, simpleCase } from './wire-values.ts';

const FRAMING = simpleCase(
  'MUST',
  `- responses: [{ status: 400 }]
  connection: closed
- responses: [{ status: 200 }, canary]
  connection: any`,
);

describe('settleFor', () => {
  const settle = settleFor(FRAMING, CTX);

  it('reads on while an outcome still needs more responses', () => {
    expect(settle(read([]), 'open')).toBe('more');
    expect(settle(read([res('200 OK')]), 'open')).toBe('more');
  });

  it('waits for the close an outcome needs', () => {
    expect(settle(read([res('400 Bad Request')]), 'open')).toBe('more');
  });

  it('lingers once an outcome is met without needing a close', () => {
    expect(settle(read([res('200 OK'), canaryRes()]), 'open')).toBe('linger');
  });

  it('waits for the rest of a response', () => {
    expect(settle(read([res('200 OK'), res('200 OK', [], 'can', false)]), 'open')).toBe('more');
  });

  it('is done after more responses than any outcome allows, or once the connection ended', () => {
    expect(settle(read([res('200 OK'), canaryRes(), res('200 OK')]), 'open')).toBe('done');
    expect(settle(read([]), 'closed')).toBe('done');
    expect(settle(read([res('400 Bad Request')]), 'reset')).toBe('done');
  });

  it('lingers for stray bytes when nothing can match any more', () => {
    expect(settle(read([res('500 Internal Server Error')]), 'open')).toBe('linger');
  });

  it('ignores interim responses when counting', () => {
    expect(settle(read([res('100 Continue'), res('200 OK')]), 'open')).toBe('more');
  });

  it('keeps waiting for a close while only a warned outcome matches', () => {
    const graded = simpleCase(
      'MUST',
      `- responses: [{ status: 400 }]
  connection: closed
- responses: [{ status: 400 }]
  connection: open
  grade: warn
  note: answered 400 but kept the connection`,
    );
    const s = settleFor(graded, CTX);
    expect(s(read([res('400 Bad Request')]), 'open')).toBe('more');
    expect(s(read([res('400 Bad Request')]), 'closed')).toBe('done');
  });

  it('reads on for the FIN a response announced instead of deciding "still open" after the grace period', () => {
    const keepAlive = simpleCase('MUST', `- responses: [{ status: 200 }]\n  connection: open`);
    const s = settleFor(keepAlive, CTX);
    expect(s(read([res('200 OK')]), 'open')).toBe('linger');
    expect(s(read([res('200 OK', [['Connection', 'keep-alive, close']])]), 'open')).toBe('more');
    expect(s(read([res('200 OK', [['Connection', 'close']])]), 'closed')).toBe('done');
    const http10 = { ...res('200 OK'), version: 'HTTP/1.0', statusLine: 'HTTP/1.0 200 OK' };
    expect(s(read([http10]), 'open')).toBe('more');
    expect(s(read([{ ...http10, headers: [['Connection', 'Keep-Alive']] as Array<[string, string]> }]), 'open')).toBe('linger');
  });

  // A strict server slower than the grace period (a Python student server under load, say) was
  // read as silent: hf-all-bare-lf said "no response; still open", te-size-overflow warned.
  it('waits out the time bound before reading silence, unless the case ended with a pause of its own', () => {
    const outcomes = `- responses: [{ status: 400 }]
  connection: closed
- responses: []
  connection: open
  note: waits for the CRLF`;
    const noPause = settleFor(simpleCase('MAY', outcomes, '"GET /hello.txt HTTP/1.1\\nHost: {host}\\n\\n"'), CTX);
    expect(noPause(read([]), 'open')).toBe('more');
    const paused = settleFor(simpleCase('MAY', outcomes, '"GET /hello.txt HTTP/1.1\\r\\n", { pause: 500 }'), CTX);
    expect(paused(read([]), 'open')).toBe('linger');
    // A fail-graded silence is shown the same way: never a fail for 50 ms of quiet.
    const failSilence = settleFor(simpleCase('MUST', `- responses: [{ status: 400 }]\n  connection: closed\n- responses: []\n  connection: open\n  grade: fail\n  note: hangs`), CTX);
    expect(failSilence(read([]), 'open')).toBe('more');
  });
});
