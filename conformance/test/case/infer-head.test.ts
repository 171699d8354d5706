import { describe, expect, it } from 'vitest';
import { inferHeadResponses } from '../../src/case/infer-head.ts';
import type { SendStep } from '../../src/case/types.ts';

const write = (...texts: string[]): SendStep => ({ kind: 'write', parts: texts.map((text) => ({ kind: 'text' as const, text })) });

describe('inferHeadResponses', () => {
  it('marks the HEAD request lines among all request lines, in order', () => {
    const send = [
      write('GET / HTTP/1.1\r\nHost: a\r\n\r\nHEAD /hello.txt HTTP/1.1\r\nHost: a\r\n\r\n'),
      { kind: 'pause', ms: 10 } as const,
      write('{canary}', 'HEAD / HTTP/1.0\r\n\r\n'),
    ];
    expect(inferHeadResponses(send)).toEqual([1, 3]);
  });

  it('counts request lines split across writes', () => {
    expect(inferHeadResponses([write('GET / HTTP/1.1\r\nHost: a\r\n\r'), write('\nHE'), write('AD / HTTP/1.1\r\n\r\n')])).toEqual([1]);
  });

  it('ignores a request line that does not follow a blank line (inside a body)', () => {
    const smuggled = write('POST / HTTP/1.1\r\nContent-Length: 30\r\n\r\nxHEAD / HTTP/1.1\r\nHost: a\r\n\r\n');
    expect(inferHeadResponses([smuggled])).toEqual([]);
  });

  it('sees through repetitions', () => {
    expect(inferHeadResponses([{ kind: 'write', parts: [{ kind: 'repeat', text: 'HEAD / HTTP/1.1\r\n\r\n', times: 3 }] }])).toEqual([0, 1, 2]);
  });
});
