// When the explorer stops reading a target's answer. A reading that ends by a timer instead of by
// the server depends on the machine's load, and the explorer compares readings of the same
// request taken at different moments (while exploring, confirming and shrinking).

import { describe, expect, it } from 'vitest';
import { GRACE_MS, paceGraceMs, settleFor } from '../../src/explore/observe.ts';
import { canaryRes, DOCROOT, read, res } from '../judge/wire-values.ts';

const CANARY = DOCROOT['canary.txt']!;
const WITH_CANARY = 'GET /hello.txt HTTP/1.1\r\nHost: {host}\r\n\r\n{canary}';

describe('explore: settleFor', () => {
  it('is done once every canary is answered, the last response among them', () => {
    const settle = settleFor(WITH_CANARY, CANARY);
    expect(settle(read([res('200 OK'), canaryRes()]), 'open')).toBe('done');
    expect(settle(read([res('200 OK')]), 'open')).toBe('linger');
  });

  it('reads on through half a response and before any', () => {
    const settle = settleFor(WITH_CANARY, CANARY);
    expect(settle(read([]), 'open')).toBe('more');
    expect(settle(read([res('200 OK', [], 'Hel', false)]), 'open')).toBe('more');
  });

  // A 400 with Connection: close whose FIN came after the 100 ms grace was read as "4xx; open"
  // where the same request read "4xx; closed" a moment before: a different reading of one answer.
  it('reads to the close a response announced, instead of deciding "open" after the grace period', () => {
    const settle = settleFor(WITH_CANARY, CANARY);
    expect(settle(read([res('400 Bad Request', [['Connection', 'close']])]), 'open')).toBe('more');
    expect(settle(read([res('200 OK'), { ...res('200 OK'), version: 'HTTP/1.0', statusLine: 'HTTP/1.0 200 OK' }]), 'open')).toBe('more');
    expect(settle(read([res('400 Bad Request', [['Connection', 'close']])]), 'closed')).toBe('done');
    expect(settle(read([res('400 Bad Request', [['Connection', 'keep-alive']])]), 'open')).toBe('linger');
  });

  // A target slow over one answer is as slow over the next: a 400 300 ms after its 200 was read as
  // "200; connection open" with a fixed 100 ms grace.
  it('waits after an answer in proportion to how long the target takes to answer, within the bound', () => {
    expect(paceGraceMs(5, 1000)).toBe(GRACE_MS);
    expect(paceGraceMs(300, 1000)).toBe(600);
    expect(paceGraceMs(900, 1000)).toBe(1000);
  });
});
