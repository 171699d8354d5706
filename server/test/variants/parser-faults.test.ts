// The faulty parsers of server/variants/parser-faults.ts, built on the strict parser's seams:
// each example is refused by the strict parser and read as the fault describes by the variant,
// whole and byte by byte (feed.ts). The seams leave the strict parser as it was: without them,
// every example still gets its strict outcome.

import { describe, expect, it } from 'vitest';

import type { ParseErrorCode } from '../../src/protocol/errors.ts';
import type { ParserSeams } from '../../src/protocol/request-parser.ts';
import * as faults from '../../variants/parser-faults.ts';
import { bytes, fails, messages, type Message } from '../protocol/feed.ts';

type Outcome = ParseErrorCode | ((message: Message, all: Message[]) => void);
type Example = { input: string; strict: Outcome; fault: Outcome; seams: ParserSeams };

const H = 'Host: a\r\n';
const POST = `POST /upload HTTP/1.1\r\n${H}`;

const EXAMPLES: Record<string, Example> = {
  'missing-host': { input: 'GET / HTTP/1.1\r\n\r\n', strict: 'MISSING_HOST', seams: { reviseFields: faults.missingHostServed }, fault: (m) => expect(m.head.host).toBe('') },
  'duplicate-host': { input: `GET / HTTP/1.1\r\n${H}Host: b\r\n\r\n`, strict: 'DUPLICATE_HOST', seams: { reviseFields: faults.firstHostWins }, fault: (m) => expect(m.head.host).toBe('a') },
  'invalid-host': { input: 'GET / HTTP/1.1\r\nHost: a b/c\r\n\r\n', strict: 'INVALID_HOST', seams: { reviseFields: faults.anyHost }, fault: (m) => expect(m.head.host).toBe('') },
  'content-length-lenient': { input: `${POST}Content-Length: +2abc\r\n\r\nhi`, strict: 'INVALID_CONTENT_LENGTH', seams: { reviseFields: faults.parseIntContentLength }, fault: (m) => expect(m.body).toBe('hi') },
  'transfer-encoding-identity': { input: `${POST}Transfer-Encoding: identity\r\n\r\n`, strict: 'UNKNOWN_TRANSFER_CODING', seams: { reviseFields: faults.dropIdentityCoding }, fault: (m) => expect(m.head.framing).toEqual({ kind: 'none' }) },
  'chunk-size-lenient': { input: `${POST}Transfer-Encoding: chunked\r\n\r\n0x2 junk\r\nhi\r\n0\r\n\r\n`, strict: 'INVALID_CHUNK_SIZE', seams: { chunkLine: faults.parseIntChunkLine }, fault: (m) => expect(m.body).toBe('hi') },
  'trust-content-length-over-te': {
    input: `${POST}Transfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\nhi`,
    strict: 'CONTENT_LENGTH_WITH_TRANSFER_ENCODING',
    seams: { reviseFields: faults.contentLengthOverTe },
    fault: (m) => expect([m.body, m.head.keepAlive]).toEqual(['hi', false]),
  },
  'ignore-chunked': {
    input: `${POST}Transfer-Encoding: chunked\r\n\r\nGET /smuggled HTTP/1.1\r\n${H}\r\n`,
    strict: 'INVALID_CHUNK_SIZE',
    seams: { reviseFields: faults.ignoreChunked },
    fault: (_m, all) => expect(all.map((m) => [m.head.target, m.head.framing.kind])).toEqual([['/upload', 'none'], ['/smuggled', 'none']]),
  },
  'keep-alive-after-framing-doubt': {
    input: `${POST}Transfer-Encoding: chunked\r\nContent-Length: 9\r\n\r\n2\r\nhi\r\n0\r\n\r\n`,
    strict: 'CONTENT_LENGTH_WITH_TRANSFER_ENCODING',
    seams: { reviseFields: faults.chunkedDespiteLength },
    fault: (m) => expect([m.body, m.head.keepAlive]).toEqual(['hi', true]),
  },
};

describe('parser faults through the parser seams', () => {
  for (const [name, example] of Object.entries(EXAMPLES)) {
    it(`${name}: strict without the seam, faulty with it`, () => {
      check(example.input, example.strict, undefined);
      check(example.input, example.fault, example.seams);
    });
  }

  it('header-name-case-sensitive: a non-canonical spelling is some other field', () => {
    const seams = { reviseFields: faults.caseSensitiveNames };
    expect(messages('GET / HTTP/1.1\r\nhOST: a\r\n\r\n').messages[0]!.head.host).toBe('a');
    fails('GET / HTTP/1.1\r\nhOST: a\r\n\r\n', 'MISSING_HOST', undefined, { seams });
    const input = `POST / HTTP/1.1\r\n${H}content-length: 5\r\n\r\n`;
    expect(messages(input, { seams }).messages[0]!.head.framing).toEqual({ kind: 'none' });
  });
});

describe('input filters', () => {
  const through = (filter: faults.InputFilter, chunks: string[]): string => {
    const f = filter();
    return chunks.map((c) => f(bytes(c)).toString('latin1')).join('');
  };

  it('bare-cr: a lone CR becomes CRLF, also when split after the CR', () => {
    expect(through(faults.bareCrEndsLines, ['GET / HTTP/1.1\rHost: a\r\n\r\n'])).toBe('GET / HTTP/1.1\r\nHost: a\r\n\r\n');
    expect(through(faults.bareCrEndsLines, ['a\r', 'b\r', '\nc'])).toBe('a\r\nb\r\nc');
  });

  it('space-before-colon: whitespace before a colon is dropped at line starts only', () => {
    expect(through(faults.spaceBeforeColonDropped, [`GET / HTTP/1.1\r\nContent-Length \t: 5\r\n`])).toBe('GET / HTTP/1.1\r\nContent-Length: 5\r\n');
    expect(through(faults.spaceBeforeColonDropped, ['X: a b :c\r\n'])).toBe('X: a b :c\r\n');
  });

  it('nul-terminates-input: a NUL ends the read', () => {
    expect(through(faults.nulTerminates, ['GET /a\x00junk', 'more'])).toBe('GET /amore');
  });
});

function check(input: string, outcome: Outcome, seams: ParserSeams | undefined): void {
  const options = seams === undefined ? {} : { seams };
  if (typeof outcome === 'string') {
    fails(input, outcome, undefined, options);
    return;
  }
  const { messages: all } = messages(input, options);
  expect(all.length).toBeGreaterThan(0);
  outcome(all[0]!, all);
}
