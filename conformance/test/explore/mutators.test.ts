// The mutators change requests where HTTP/1.1 parsers disagree, never split a placeholder, and
// return null when the request has nothing of their kind.

import { describe, expect, it } from 'vitest';
import { MUTATORS, mutatorNamed } from '../../src/explore/mutators.ts';
import { makeRng } from '../../src/explore/rng.ts';

const POST = 'POST /echo HTTP/1.1\r\nHost: {host}\r\nContent-Length: 5\r\n\r\nhello{canary}';
const CHUNKED = 'POST /echo HTTP/1.1\r\nHost: {host}\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n{canary}';

/** Every distinct output of a mutator on `t` over many draws. */
function outputs(name: string, t: string, draws = 300): Set<string> {
  const rng = makeRng(7);
  const m = mutatorNamed(name);
  const out = new Set<string>();
  for (let i = 0; i < draws; i++) {
    const r = m.apply(t, rng);
    if (r !== null) out.add(r);
  }
  return out;
}

describe('mutators', () => {
  it('keep {host} and {canary} whole in every output', () => {
    for (const m of MUTATORS) {
      // Every output, valid or not: with the whole placeholders taken out, no piece of one is left.
      for (const t of outputs(m.name, POST, 100)) expect(t.replace(/\{(host|canary)\}/g, ''), `${m.name}: ${JSON.stringify(t)}`).not.toMatch(/\{[a-z-]*\}?|(?:^|[^{])(?:ost|st|anary|nary|ary)\}/);
    }
  });

  it('delimiter changes one CR, LF, SP, HTAB, colon, comma or semicolon', () => {
    const seen = [...outputs('delimiter', 'GET / HTTP/1.1\r\nHost: a\r\n\r\n')];
    expect(seen.length).toBeGreaterThan(10);
    expect(seen).toContain('GET / HTTP/1.1\r\nHost a\r\n\r\n'); // colon dropped
    expect(seen).toContain('GET / HTTP/1.1\r\nHost: a\r\r\n\r\n'); // CR doubled
    expect(outputs('delimiter', 'GET')).toEqual(new Set());
  });

  it('chunk-size rewrites the size line of a chunked body, not the head', () => {
    const seen = [...outputs('chunk-size', CHUNKED)];
    expect(seen).toContain(CHUNKED.replace('\r\n5\r\n', '\r\n0x5\r\n'));
    expect(seen.some((t) => t.includes('\r\n5;a=b\r\nhello'))).toBe(true);
    for (const t of seen) expect(t.startsWith('POST /echo HTTP/1.1\r\nHost: {host}\r\nTransfer-Encoding: chunked\r\n\r\n')).toBe(true);
    expect(outputs('chunk-size', POST)).toEqual(new Set());
  });

  it('chunk-body turns a Content-Length body into chunks and adds Transfer-Encoding: chunked', () => {
    const seen = [...outputs('chunk-body', POST)];
    expect(seen).toContain('POST /echo HTTP/1.1\r\nHost: {host}\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n{canary}');
    expect(seen).toContain('POST /echo HTTP/1.1\r\nHost: {host}\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhe\r\n3\r\nllo\r\n0\r\n\r\n{canary}');
  });

  it('field-name and field-value change a field line and leave the request line alone', () => {
    for (const name of ['field-name', 'field-value', 'field-order', 'framing-field']) {
      const seen = [...outputs(name, POST)];
      expect(seen.length, name).toBeGreaterThan(3);
      for (const t of seen) expect(t.startsWith('POST /echo HTTP/1.1\r\n'), `${name}: ${JSON.stringify(t)}`).toBe(true);
    }
    expect([...outputs('field-name', POST)]).toContain(POST.replace('Content-Length:', 'Content-Length :'));
    expect([...outputs('field-value', POST)]).toContain(POST.replace('Content-Length: 5', 'Content-Length: +5'));
    expect([...outputs('field-order', POST)]).toContain(POST.replace('Content-Length: 5\r\n', 'Content-Length: 5\r\nContent-Length: 5\r\n'));
  });

  it('request-line changes the method, the target or the version', () => {
    const seen = [...outputs('request-line', POST)];
    expect(seen).toContain(POST.replace('HTTP/1.1', 'HTTP/1.0'));
    expect(seen).toContain(POST.replace('POST /echo', 'post /echo'));
    expect(seen).toContain(POST.replace('/echo', 'http://{host}/echo'));
  });

  it('pipeline works at the boundary before the canary', () => {
    const seen = [...outputs('pipeline', POST)];
    expect(seen).toContain(POST.replace('{canary}', '\r\n{canary}'));
    expect(seen).toContain(POST.replace('{canary}', ''));
  });
});
