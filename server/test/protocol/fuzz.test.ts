// A bounded, seeded property test: mutated requests, random options, random splits. The parser
// must never throw, must always come back with NEED_DATA or a terminal event, must give the same
// events however the input is split, and its event sequences must be well formed.

import { describe, expect, it } from 'vitest';
import { PARSE_ERRORS } from '../../src/protocol/errors.ts';
import { LENIENCIES, type Leniency } from '../../src/protocol/leniency.ts';
import { run, splitBytes, type RunOptions, type Seen } from './feed.ts';
import { mulberry32 } from '../../../conformance/src/case/prng.ts';

const ITERATIONS = 2000;
const TIME_BUDGET_MS = 15_000;


const H = 'Host: a\r\n';
const SEEDS = [
  `GET / HTTP/1.1\r\n${H}\r\n`,
  `GET http://a/x?y HTTP/1.1\r\n${H}Connection: close\r\n\r\n`,
  'GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n',
  `POST /p HTTP/1.1\r\n${H}Content-Length: 5\r\n\r\nhello`,
  `POST /p HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n5;a="b"\r\nhello\r\n0\r\nT: 1\r\n\r\n`,
  `POST /p HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n1\r\nZ\r\n0\r\n\r\n`,
  `OPTIONS * HTTP/1.1\r\n${H}Expect: 100-continue\r\nContent-Length: 2\r\n\r\nhi`,
  `CONNECT a:443 HTTP/1.1\r\n${H}\r\n`,
  `\r\nGET /a HTTP/1.1\r\n${H}\r\nGET /b HTTP/1.1\r\n${H}X: a\r\n b\r\n\r\n`,
];
const DICTIONARY = [
  '\r\n', '\r', '\n', ' ', '\t', ':', ';', ',', '=', '"', '\\', '\x00', '\x7f', '\xff', '0', 'f', 'x',
  'Transfer-Encoding: chunked\r\n', 'Content-Length: 5\r\n', 'Host: b\r\n', '0\r\n\r\n', 'chunked', 'identity',
  ' HTTP/1.1', 'HTTP/2.0', '\r\n\r\n', '99999999999999999999', 'fffffffffffffff', '1\r\na\r\n',
];
const INTERESTING = [0x00, 0x09, 0x0a, 0x0d, 0x20, 0x22, 0x2c, 0x3a, 0x3b, 0x3d, 0x7f, 0x80, 0xff];

function mutate(random: () => number, input: Buffer): Buffer {
  let out = input;
  const pick = (n: number): number => Math.floor(random() * n);
  const steps = random() < 0.7 ? 1 : 2 + pick(3);
  for (let s = 0; s < steps; s++) {
    // Mostly past the request line, so the field, framing and body code gets its share.
    const firstLine = out.indexOf('\n') + 1;
    const at = random() < 0.7 && firstLine > 0 ? firstLine + pick(out.length - firstLine + 1) : pick(out.length + 1);
    switch (pick(5)) {
      case 0: {
        const copy = Buffer.from(out);
        if (copy.length > 0) copy[Math.min(at, copy.length - 1)] = random() < 0.5 ? pick(256) : INTERESTING[pick(INTERESTING.length)]!;
        out = copy;
        break;
      }
      case 1:
        out = Buffer.concat([out.subarray(0, at), Buffer.from([INTERESTING[pick(INTERESTING.length)]!]), out.subarray(at)]);
        break;
      case 2:
        out = Buffer.concat([out.subarray(0, at), out.subarray(Math.min(out.length, at + 1 + pick(8)))]);
        break;
      case 3:
        out = Buffer.concat([out.subarray(0, at), Buffer.from(DICTIONARY[pick(DICTIONARY.length)]!, 'latin1'), out.subarray(at)]);
        break;
      default: {
        const from = pick(out.length + 1);
        const to = Math.min(out.length, from + pick(40));
        out = Buffer.concat([out.subarray(0, at), out.subarray(from, to), out.subarray(at)]);
      }
    }
  }
  return out;
}

function randomOptions(random: () => number): RunOptions {
  const options: RunOptions = { eof: random() < 0.5 };
  if (random() < 0.3) options.lenient = LENIENCIES.filter(() => random() < 0.25) as Leniency[];
  if (random() < 0.3) {
    options.limits = {
      maxRequestLineBytes: 8 + Math.floor(random() * 64),
      maxHeaderBytes: 4 + Math.floor(random() * 128),
      maxHeaderCount: Math.floor(random() * 6),
      maxBodyBytes: Math.floor(random() * 16),
      maxChunkExtensionBytes: Math.floor(random() * 16),
      maxTrailerBytes: Math.floor(random() * 32),
      maxLeadingEmptyLines: Math.floor(random() * 3),
    };
  }
  return options;
}

function randomSplit(random: () => number, input: Buffer): Buffer[] {
  const cuts = Array.from({ length: 1 + Math.floor(random() * 5) }, () => Math.floor(random() * (input.length + 1))).sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let from = 0;
  for (const cut of [...cuts, input.length]) {
    parts.push(input.subarray(from, cut));
    from = cut;
  }
  return parts;
}

/** Checks the event grammar: (request data* endOfMessage)* then a terminal event or needData. */
function assertWellFormed(seen: Seen[], inputLength: number): void {
  let inMessage = false;
  let expectedLength = -1;
  let bodyLength = 0;
  seen.forEach((event, i) => {
    const last = i === seen.length - 1;
    switch (event.type) {
      case 'request':
        expect(inMessage).toBe(false);
        inMessage = true;
        bodyLength = 0;
        expectedLength = event.head.framing.kind === 'length' ? event.head.framing.length : event.head.framing.kind === 'none' ? 0 : -1;
        break;
      case 'data':
        expect(inMessage).toBe(true);
        expect(event.body.length).toBeGreaterThan(0);
        bodyLength += event.body.length;
        break;
      case 'endOfMessage':
        expect(inMessage).toBe(true);
        if (expectedLength !== -1) expect(bodyLength).toBe(expectedLength);
        else expect(event.trailers).toBeInstanceOf(Array);
        inMessage = false;
        break;
      case 'connectionClosed':
        expect(inMessage).toBe(false);
        expect(last).toBe(true);
        break;
      case 'error':
        expect(last).toBe(true);
        expect(event.status).toBe(PARSE_ERRORS[event.code].status);
        expect(event.offset).toBeGreaterThanOrEqual(0);
        expect(event.offset).toBeLessThanOrEqual(inputLength);
        break;
      default:
        expect(last).toBe(true);
    }
  });
}

describe('fuzz', () => {
  it(`survives ${ITERATIONS} mutated inputs with consistent events across splits`, () => {
    const random = mulberry32(0x5eed1234);
    const started = Date.now();
    let done = 0;
    for (; done < ITERATIONS && Date.now() - started < TIME_BUDGET_MS; done++) {
      const seed = Buffer.from(SEEDS[Math.floor(random() * SEEDS.length)]!, 'latin1');
      const input = random() < 0.15 ? Buffer.concat([seed, mutate(random, seed)]) : mutate(random, seed);
      const options = randomOptions(random);
      const context = `iteration ${done}: ${JSON.stringify(input.toString('latin1'))} ${JSON.stringify(options)}`;
      const whole = run([input], options);
      assertWellFormed(whole, input.length);
      expect(run(randomSplit(random, input), options), context).toEqual(whole);
      if (input.length <= 400) expect(run(splitBytes(input), options), context).toEqual(whole);
    }
    expect(done).toBeGreaterThanOrEqual(Math.min(ITERATIONS, 200));
  });

  it('never throws on random bytes', () => {
    const random = mulberry32(42);
    for (let i = 0; i < 300; i++) {
      const input = Buffer.from(Array.from({ length: Math.floor(random() * 600) }, () => Math.floor(random() * 256)));
      const seen = run(randomSplit(random, input), { eof: true });
      assertWellFormed(seen, input.length);
    }
  });
});
