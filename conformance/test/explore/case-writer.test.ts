// A finding written as a case file passes --lint whatever its class: the harm tag lets a
// framing, hang or crash outcome grade fail, and a status difference only warns.

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintCases, loadCases } from '../../src/case/load.ts';
import { renderFinding, yamlBytes, type Finding } from '../../src/explore/case-writer.ts';
import type { FindingClass } from '../../src/explore/disagreement.ts';
import type { Seen } from '../../src/explore/observe.ts';
import { scratchDir } from '../support/cli.ts';

const seen = (finals: Seen['finals'], extra: Partial<Seen> = {}): Seen => ({ finals, incomplete: false, end: 'open', timedOut: false, crashed: false, ...extra });

function finding(cls: FindingClass, ref: Seen, other: Seen): Finding {
  return {
    id: `found-${cls}-0000abcd`,
    cls,
    template: 'POST /echo HTTP/1.1\r\nHost: {host}\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n"\\\x00\xff{canary}',
    originalOctets: 200,
    shrinkTests: 12,
    seedId: 'smug-te-cl',
    area: 'smuggling',
    mutations: ['framing-field'],
    requestIndex: 7,
    exploreSeed: 3,
    timeoutMs: 500,
    reference: { name: 'reference', seen: ref, echo: true },
    disagreeing: [
      { name: 'a', seen: other, echo: true },
      { name: 'b', seen: other, echo: true },
    ],
  };
}

describe('renderFinding', () => {
  it('writes cases that lint and load, with the reference first and the others after', async () => {
    const dir = await scratchDir('conformance-explore-writer-');
    const ref = seen([{ status: 400, canary: false, closes: true }], { end: 'closed' });
    const cases: Array<[FindingClass, Seen]> = [
      ['framing', seen([{ status: 405, canary: false, closes: false }, { status: 400, canary: false, closes: true }], { end: 'closed' })],
      ['status', seen([{ status: 200, canary: false, closes: false, body: '' }, { status: 200, canary: true, closes: false }])],
      ['hang', seen([], { timedOut: true })],
      ['crash', seen([], { crashed: true, end: 'reset' })],
      ['echo', seen([{ status: 200, canary: false, closes: false, body: 'hel"lo' }])],
    ];
    const files: string[] = [];
    for (const [cls, other] of cases) {
      const file = path.join(dir, `found-${cls}.yaml`);
      const refSeen = cls === 'echo' ? seen([{ status: 200, canary: false, closes: false, body: 'hello' }]) : ref;
      await writeFile(file, renderFinding(finding(cls, refSeen, other)));
      files.push(file);
    }
    expect((await lintCases(files)).map((p) => p.message)).toEqual([]);
    const loaded = await loadCases(files);
    const byId = new Map(loaded.map((c) => [c.pos.file, c]));
    const framing = byId.get(files[0]!)!;
    expect(framing.tags).toEqual(['found', 'explore-framing', 'desync']);
    expect(framing.expect.map((a) => a.grade)).toEqual(['pass', 'fail']);
    expect(framing.expect[0]!.responses.length).toBe(1);
    expect(framing.expect[1]!.note).toContain('a, b answer (framing)');
    expect(byId.get(files[1]!)!.expect.map((a) => a.grade)).toEqual(['pass', 'warn']);
    expect(byId.get(files[1]!)!.expect[1]!.responses[1]!.canary).toBe(true);
    expect(byId.get(files[4]!)!.needs).toEqual(['echo']);
    const text = (framing.send[0] as { kind: 'write'; parts: Array<{ text: string }> }).parts[0]!.text;
    expect(text).toBe('POST /echo HTTP/1.1\r\nHost: {host}\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n"\\\x00\xff{canary}');
  });

  it('escapes octets the way case files write them', () => {
    expect(yamlBytes('a"b\\c\r\n\x00\x7f\xff')).toBe('"a\\"b\\\\c\\r\\n\\0\\x7f\\xff"');
  });
});
