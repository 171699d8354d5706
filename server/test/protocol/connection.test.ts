import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, LENIENCIES, RequestParser } from '../../src/protocol/request-parser.ts';
import { fails, makeParser, messages, one, parse, post } from './feed.ts';

function keepAlive(version: string, connection?: string): boolean {
  const field = connection === undefined ? '' : `Connection: ${connection}\r\n`;
  return one(`GET / HTTP/${version}\r\nHost: a\r\n${field}\r\n`).head.keepAlive;
}

describe('keepAlive', () => {
  it('defaults to true on HTTP/1.1 and false on HTTP/1.0', () => {
    expect(keepAlive('1.1')).toBe(true);
    expect(keepAlive('1.0')).toBe(false);
  });

  it('is false on HTTP/1.1 with the "close" option, in any case, anywhere in the list', () => {
    for (const value of ['close', 'CLOSE', 'keep-alive, CLOSE', ',close,', 'Upgrade ,\tclose']) expect(keepAlive('1.1', value), value).toBe(false);
    for (const value of ['keep-alive', 'closed', 'upgrade', '', 'close-ish']) expect(keepAlive('1.1', value), value).toBe(true);
    const twoFields = one('GET / HTTP/1.1\r\nHost: a\r\nConnection: upgrade\r\nConnection: close\r\n\r\n');
    expect(twoFields.head.keepAlive).toBe(false);
  });

  it('is true on HTTP/1.0 only with "keep-alive" and without "close"', () => {
    expect(keepAlive('1.0', 'Keep-Alive')).toBe(true);
    expect(keepAlive('1.0', 'keep-alive, close')).toBe(false);
  });

  it('is false whenever Transfer-Encoding and Content-Length meet', () => {
    const head = one(post('Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n'), { lenient: ['te-with-content-length'] }).head;
    expect(head.keepAlive).toBe(false);
  });
});

describe('expectContinue', () => {
  const expectContinue = (input: string): boolean => one(input).head.expectContinue;

  it('is true for "100-continue" (any case) on HTTP/1.1 with a body', () => {
    expect(expectContinue(post('Expect: 100-continue\r\nContent-Length: 5\r\n\r\nhello'))).toBe(true);
    expect(expectContinue(post('Expect: 100-CONTINUE\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'))).toBe(true);
  });

  it('is false without a body, on HTTP/1.0, and for other expectations', () => {
    expect(expectContinue(post('Expect: 100-continue\r\n\r\n'))).toBe(false);
    expect(expectContinue(post('Expect: 100-continue\r\nContent-Length: 0\r\n\r\n'))).toBe(false);
    expect(expectContinue('POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello')).toBe(false);
    expect(expectContinue(post('Expect: 100-continue, foo\r\nContent-Length: 5\r\n\r\nhello'))).toBe(false);
    expect(expectContinue(post('Expect: 200-ok\r\nContent-Length: 5\r\n\r\nhello'))).toBe(false);
    expect(expectContinue(post('Content-Length: 5\r\n\r\nhello'))).toBe(false);
  });
});

describe('pipelining', () => {
  it('parses every kind of message back to back from one buffer', () => {
    const input = [
      'GET /1 HTTP/1.1\r\nHost: a\r\n\r\n',
      'POST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc',
      'POST /3 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\ndef\r\n0\r\nT: 1\r\n\r\n',
      '\r\n',
      'GET /4 HTTP/1.0\r\n\r\n',
    ].join('');
    const { messages: all, end } = messages(input);
    expect(all.map((m) => [m.head.target, m.body, m.trailers])).toEqual([
      ['/1', '', []],
      ['/2', 'abc', []],
      ['/3', 'def', [['T', '1']]],
      ['/4', '', []],
    ]);
    expect(end).toEqual({ type: 'needData' });
  });

  it('handles a request split at any point across two feeds', () => {
    const input = 'GET /a HTTP/1.1\r\nHost: a\r\n\r\nPOST /b HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi';
    const whole = parse(input);
    for (let cut = 0; cut <= input.length; cut++) {
      const parser = makeParser();
      const seen: string[] = [];
      for (const part of [input.slice(0, cut), input.slice(cut)]) {
        parser.feed(Buffer.from(part, 'latin1'));
        for (let event = parser.nextEvent(); event.type !== 'needData'; event = parser.nextEvent()) {
          seen.push(event.type === 'data' ? `data` : event.type);
        }
      }
      expect(seen.filter((t) => t !== 'data'), `cut at ${cut}`).toEqual(whole.filter((e) => e.type !== 'data' && e.type !== 'needData').map((e) => e.type));
    }
  });

  it('reports error offsets in the connection stream, not in the message', () => {
    const input = 'GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\nX : y\r\n\r\n';
    fails(input, 'WHITESPACE_BEFORE_COLON', input.indexOf(' :'));
  });

  it('never overwrites data slices already handed out, however the input is split', () => {
    const bodies = Array.from({ length: 300 }, (_, i) => `body-${i}-`.repeat(1 + (i % 7) * 10));
    const messages = bodies.map((body, i) =>
      i % 2 === 0
        ? `POST /${i} HTTP/1.1\r\nHost: a\r\nContent-Length: ${body.length}\r\n\r\n${body}`
        : `POST /${i} HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
    );
    const input = Buffer.from(messages.join(''), 'latin1');
    const starts: number[] = [];
    messages.reduce((offset, message) => (starts.push(offset), offset + message.length), 0);
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    // Random cuts, and cuts inside a request line after several whole messages: then a partial
    // head is always pending, joined bytes pile up, and the buffer must be compacted while the
    // slices of earlier bodies are still held.
    const randomCuts = Array.from({ length: 400 }, () => Math.floor(next() * input.length));
    const headCuts = starts.filter(() => next() < 0.2).map((start) => start + 3);
    for (const cuts of [randomCuts, headCuts]) {
      const parser = makeParser();
      const kept: Buffer[][] = [];
      let from = 0;
      for (const cut of [...cuts.sort((x, y) => x - y), input.length]) {
        parser.feed(Buffer.from(input.subarray(from, cut)));
        from = cut;
        for (let event = parser.nextEvent(); event.type !== 'needData'; event = parser.nextEvent()) {
          if (event.type === 'request') kept.push([]);
          else if (event.type === 'data') kept[kept.length - 1]!.push(event.chunk);
          else if (event.type !== 'endOfMessage') throw new Error(event.type);
        }
      }
      expect(kept.map((chunks) => Buffer.concat(chunks).toString('latin1'))).toEqual(bodies);
    }
  });

  it('handles 1000 pipelined requests', () => {
    const input = 'GET /x HTTP/1.1\r\nHost: a\r\n\r\n'.repeat(1000);
    expect(messages(input).messages).toHaveLength(1000);
  });
});

describe('end of input and terminal states', () => {
  it('gives connectionClosed at EOF between messages, and keeps giving it', () => {
    const parser = makeParser();
    parser.feed(Buffer.from('GET / HTTP/1.1\r\nHost: a\r\n\r\n'));
    parser.feedEof();
    expect(parser.nextEvent().type).toBe('request');
    expect(parser.nextEvent().type).toBe('endOfMessage');
    const closed = parser.nextEvent();
    expect(closed).toEqual({ type: 'connectionClosed' });
    expect(parser.nextEvent()).toBe(closed);
    expect(parser.betweenMessages).toBe(false);
  });

  it('processes complete buffered messages before reporting an incomplete one at EOF', () => {
    const input = 'GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHo';
    const error = fails(input, 'INCOMPLETE_MESSAGE', input.length, { eof: true });
    expect(error.status).toBe(400);
    expect(messages(input, { eof: true }).messages.map((m) => m.head.target)).toEqual(['/1']);
  });

  it('returns the same error forever and ignores later input', () => {
    const parser = makeParser();
    parser.feed(Buffer.from('GET / HTTP/1.1\r\nX : y\r\n\r\n'));
    const error = parser.nextEvent();
    expect(error).toMatchObject({ type: 'error', code: 'WHITESPACE_BEFORE_COLON' });
    parser.feed(Buffer.from('GET / HTTP/1.1\r\nHost: a\r\n\r\n'));
    parser.feedEof();
    for (let i = 0; i < 3; i++) expect(parser.nextEvent()).toBe(error);
  });

  it('ignores bytes fed after EOF', () => {
    const parser = makeParser();
    parser.feedEof();
    parser.feed(Buffer.from('GET / HTTP/1.1\r\nHost: a\r\n\r\n'));
    expect(parser.nextEvent()).toEqual({ type: 'connectionClosed' });
  });

  it('tells an idle connection from a request in progress', () => {
    const parser = makeParser();
    expect(parser.betweenMessages).toBe(true);
    parser.feed(Buffer.from('\r\n'));
    expect(parser.nextEvent().type).toBe('needData');
    expect(parser.betweenMessages).toBe(true);
    parser.feed(Buffer.from('G'));
    expect(parser.nextEvent().type).toBe('needData');
    expect(parser.betweenMessages).toBe(false);
  });
});

describe('options', () => {
  it('exports the documented defaults', () => {
    expect(DEFAULT_LIMITS.maxRequestLineBytes).toBeGreaterThanOrEqual(8002);
    expect(DEFAULT_LIMITS.maxBodyBytes).toBeGreaterThanOrEqual(2 ** 30);
    expect(DEFAULT_LIMITS.maxBodyBytes).toBeLessThan(2 ** 40);
    expect(new Set(LENIENCIES).size).toBe(LENIENCIES.length);
  });

  it('refuses invalid limits and unknown leniencies with a RangeError', () => {
    expect(() => new RequestParser({ limits: { maxHeaderBytes: -1 } })).toThrow(/maxHeaderBytes/);
    expect(() => new RequestParser({ limits: { maxBodyBytes: 2 ** 60 } })).toThrow(/maxBodyBytes/);
    expect(() => new RequestParser({ limits: { maxHeaderCount: 1.5 } })).toThrow(RangeError);
    expect(() => new RequestParser({ lenient: new Set(['nope' as never]) })).toThrow(/unknown parser leniency "nope"/);
  });
});
