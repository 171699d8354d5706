// One example per leniency flag, each an RFC permission (the Record type makes a missing flag a
// compile error): strict parsing refuses it, the flag alone accepts it as described. The
// deliberately faulty parsers of server/variants/ are tested in server/test/variants/. A cross-check makes sure each flag
// changes its own rule only: no other flag, alone, changes the outcome of an example.

import { describe, expect, it } from 'vitest';
import type { ParseErrorCode } from '../../src/protocol/errors.ts';
import { LENIENCIES, LENIENCY_DOCS, type Leniency } from '../../src/protocol/leniency.ts';
import { bytes, fails, messages, run, type Message } from './feed.ts';

/** An error code, or a check on the first message. */
type Outcome = ParseErrorCode | ((message: Message) => void);
type Example = { input: string; strict: Outcome; lenient: Outcome };

const H = 'Host: a\r\n';
const POST = `POST / HTTP/1.1\r\n${H}`;

const EXAMPLES: Record<Leniency, Example> = {
  'bare-lf': {
    input: 'GET / HTTP/1.1\nHost: a\n\n',
    strict: 'BARE_LF',
    lenient: (m) => expect(m.head.host).toBe('a'),
  },
  'request-line-whitespace': {
    input: `GET\t/x  HTTP/1.1 \r\n${H}\r\n`,
    strict: 'INVALID_METHOD',
    lenient: (m) => expect([m.head.method, m.head.target]).toEqual(['GET', '/x']),
  },
  'obs-fold': {
    input: `GET / HTTP/1.1\r\n${H}X: a\r\n\tb\r\n\r\n`,
    strict: 'OBS_FOLD',
    lenient: (m) => expect(m.head.headers[1]).toEqual(['X', 'a b']),
  },
  'invalid-header-chars': {
    input: `GET / HTTP/1.1\r\n${H}X: a\x01b\x7f\r\n\r\n`,
    strict: 'INVALID_HEADER_VALUE',
    lenient: (m) => expect(m.head.headers[1]).toEqual(['X', 'a\x01b\x7f']),
  },
  'te-with-content-length': {
    input: `${POST}Transfer-Encoding: chunked\r\nContent-Length: 9\r\n\r\n2\r\nhi\r\n0\r\n\r\n`,
    strict: 'CONTENT_LENGTH_WITH_TRANSFER_ENCODING',
    lenient: (m) => expect([m.body, m.head.keepAlive]).toEqual(['hi', false]),
  },
  'chunked-bare-lf': {
    input: `${POST}Transfer-Encoding: chunked\r\n\r\n2\nhi\n0\n\n`,
    strict: 'BARE_LF',
    lenient: (m) => expect(m.body).toBe('hi'),
  },
};

describe('leniency flags', () => {
  it('documents every flag', () => {
    expect(Object.keys(LENIENCY_DOCS).sort()).toEqual([...LENIENCIES].sort());
  });

  for (const flag of LENIENCIES) {
    it(`${flag}: changes the outcome of its example as documented`, () => {
      const example = EXAMPLES[flag];
      check(example.input, example.strict, []);
      check(example.input, example.lenient, [flag]);
    });
  }

  it('each flag changes its own rule only', () => {
    for (const [owner, example] of Object.entries(EXAMPLES) as [Leniency, Example][]) {
      const strict = run([bytes(example.input)], { eof: true });
      for (const flag of LENIENCIES) {
        if (flag === owner) continue;
        expect(run([bytes(example.input)], { lenient: [flag], eof: true }), `${flag} on the ${owner} example`).toEqual(strict);
      }
    }
  });
});

function check(input: string, outcome: Outcome, lenient: Leniency[]): void {
  if (typeof outcome === 'string') {
    fails(input, outcome, undefined, { lenient });
    return;
  }
  const { messages: all } = messages(input, { lenient });
  expect(all.length).toBeGreaterThan(0);
  outcome(all[0]!);
}
