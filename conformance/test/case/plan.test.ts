import { describe, expect, it } from 'vitest';
import { expandText, formatSplitMode, missingPlaceholders, parseSplitModes, planSteps, type SplitMode } from '../../src/case/plan.ts';
import { SplitModeError } from '../../src/case/split.ts';
import type { Case, SendStep } from '../../src/case/types.ts';
import type { WireStep } from '../../src/wire/types.ts';

function caseWith(id: string, send: SendStep[]): Case {
  return {
    id,
    title: 't',
    area: 'fragmentation',
    rfc: 'RFC 9112 §2.2',
    quote: 'q',
    level: 'MUST',
    tags: [],
    needs: [],
    send,
    headResponses: [],
    expect: [{ responses: [], connection: 'any', interim: 'any', grade: 'pass', pos: { file: 'f', line: 1 } }],
    pos: { file: 'f', line: 1 },
  };
}

const text = (t: string): SendStep => ({ kind: 'write', parts: [{ kind: 'text', text: t }] });

// Two runs of writes separated by a pause, then an await and a half-close.
const MULTI = caseWith('frag-multi', [
  text('POST /echo HTTP/1.1\r\n'),
  text('Host: {host}\r\nContent-Length: 10\r\n\r\n'),
  { kind: 'pause', ms: 250 },
  { kind: 'write', parts: [{ kind: 'repeat', text: 'ab', times: 5 }] },
  text('{canary}'),
  { kind: 'await-head', maxMs: 1000 },
  { kind: 'close', how: 'fin' },
]);
const VALUES = { host: '127.0.0.1:8080', port: '8080' };
const RUNS = [
  'POST /echo HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nContent-Length: 10\r\n\r\n',
  'ababababab' + 'GET /canary.txt HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n',
];

/** The plan as runs of written text separated by the other steps, and the writes themselves. */
function shape(steps: WireStep[]): { runs: string[]; others: WireStep[]; writes: string[][] } {
  const runs: string[] = [];
  const writes: string[][] = [];
  const others: WireStep[] = [];
  let open = false;
  for (const s of steps) {
    if (s.kind === 'write') {
      if (!open) {
        runs.push('');
        writes.push([]);
      }
      runs[runs.length - 1] += s.bytes.subarray(0, s.bytes.length).toString("latin1");
      writes[writes.length - 1]!.push(s.bytes.subarray(0, s.bytes.length).toString("latin1"));
      open = true;
    } else {
      others.push(s);
      open = false;
    }
  }
  return { runs, others, writes };
}

const OTHERS: WireStep[] = [
  { kind: 'pause', ms: 250 },
  { kind: 'await-head', maxMs: 1000 },
  { kind: 'close', how: 'fin' },
];

describe('planSteps', () => {
  it('as-written keeps every write and expands placeholders', () => {
    const plan = planSteps(MULTI, VALUES, { kind: 'as-written' });
    expect(plan.map((s) => (s.kind === 'write' ? s.bytes.subarray(0, s.bytes.length).toString("latin1") : s.kind))).toEqual([
      'POST /echo HTTP/1.1\r\n',
      'Host: 127.0.0.1:8080\r\nContent-Length: 10\r\n\r\n',
      'pause',
      'ababababab',
      'GET /canary.txt HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n',
      'await-head',
      'close',
    ]);
  });

  it('coalesced joins each run of writes into one write', () => {
    const { runs, others, writes } = shape(planSteps(MULTI, VALUES, { kind: 'coalesced' }));
    expect(runs).toEqual(RUNS);
    expect(others).toEqual(OTHERS);
    expect(writes.map((w) => w.length)).toEqual([1, 1]);
  });

  it('bytewise writes one byte at a time, pauses where they were', () => {
    const { runs, others, writes } = shape(planSteps(MULTI, VALUES, { kind: 'bytewise' }));
    expect(runs).toEqual(RUNS);
    expect(others).toEqual(OTHERS);
    expect(writes.flat().every((w) => w.length === 1)).toBe(true);
    expect(writes.map((w) => w.length)).toEqual(RUNS.map((r) => r.length));
  });

  it('bytewise cuts a huge write into single bytes first, larger pieces after', () => {
    const big = caseWith('lim-big', [{ kind: 'write', parts: [{ kind: 'repeat', text: 'x', times: 100_000 }] }]);
    const plan = planSteps(big, VALUES, { kind: 'bytewise' });
    const sizes = plan.map((s) => (s.kind === 'write' ? s.bytes.length : -1));
    expect(sizes.slice(0, 1024).every((n) => n === 1)).toBe(true);
    expect(sizes[1024]).toBeGreaterThan(1);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(100_000);
    expect(plan.length).toBeLessThan(1200);
  });

  it('random re-cuts each run reproducibly for a seed, differently for another', () => {
    const a = planSteps(MULTI, VALUES, { kind: 'random', seed: 7 });
    const again = planSteps(MULTI, VALUES, { kind: 'random', seed: 7 });
    const other = planSteps(MULTI, VALUES, { kind: 'random', seed: 8 });
    expect(again).toEqual(a);
    const cuts = (p: WireStep[]): number[][] => shape(p).writes.map((w) => w.map((x) => x.length));
    expect(cuts(other)).not.toEqual(cuts(a));
    for (const plan of [a, other]) {
      const { runs, others, writes } = shape(plan);
      expect(runs).toEqual(RUNS);
      expect(others).toEqual(OTHERS);
      // Re-cut, not merely passed through.
      expect(writes.map((w) => w.length)).not.toEqual([2, 2]);
    }
  });

  it('random cuts depend on the case id, so each case is reproducible alone', () => {
    const renamed = { ...MULTI, id: 'frag-other' };
    const cuts = (c: Case): number[] => planSteps(c, VALUES, { kind: 'random', seed: 7 }).map((s) => (s.kind === 'write' ? s.bytes.length : 0));
    expect(cuts(renamed)).not.toEqual(cuts(MULTI));
  });
});

describe('split modes', () => {
  it('parses each mode, lists and all', () => {
    expect(parseSplitModes('bytewise')).toEqual([{ kind: 'bytewise' }]);
    expect(parseSplitModes('random:42, coalesced')).toEqual([{ kind: 'random', seed: 42 }, { kind: 'coalesced' }]);
    expect(parseSplitModes('all').map(formatSplitMode)).toEqual(['as-written', 'bytewise', 'random:1', 'coalesced']);
  });

  it('round-trips through formatSplitMode', () => {
    const modes: SplitMode[] = [{ kind: 'as-written' }, { kind: 'bytewise' }, { kind: 'random', seed: 99 }, { kind: 'coalesced' }];
    for (const m of modes) expect(parseSplitModes(formatSplitMode(m))).toEqual([m]);
  });

  it('rejects bad text with one line naming the value', () => {
    for (const bad of ['bytes', 'random:', 'random:x', '', 'random:99999999999']) {
      expect(() => parseSplitModes(bad)).toThrow(`invalid --split value "${bad}"`);
    }
    expect(() => parseSplitModes('nope')).toThrow(/^[^\n]+$/);
    // A stable code tells the CLI this is the user's mistake (exit 2, no stack).
    expect(() => parseSplitModes('nope')).toThrow(SplitModeError);
    expect(() => parseSplitModes('nope')).toThrow(expect.objectContaining({ code: 'SPLIT_MODE_INVALID' }));
  });
});

describe('placeholders', () => {
  it('expands the canary with the host, and leaves other braces alone', () => {
    expect(expandText('{canary}', VALUES)).toBe('GET /canary.txt HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n');
    expect(expandText('a{2,3} {"json": 1} {port} {unknown}', VALUES)).toBe('a{2,3} {"json": 1} 8080 {unknown}');
  });

  it('does not expand inside a value', () => {
    expect(expandText('{etag}', { etag: '"{host}"' })).toBe('"{host}"');
  });

  it('names the placeholders a target gave no value for', () => {
    const conditional = caseWith('cond-etag', [text('GET /hello.txt HTTP/1.1\r\nIf-None-Match: {etag}\r\n\r\n{canary}')]);
    expect(missingPlaceholders(conditional, { host: 'h' })).toEqual(['etag']);
    expect(missingPlaceholders(conditional, {})).toEqual(['host', 'etag']);
    expect(missingPlaceholders(conditional, { host: 'h', etag: '"x"' })).toEqual([]);
    const inExpectation: Case = {
      ...caseWith('cond-lm', [text('GET / HTTP/1.1\r\n\r\n')]),
      expect: [
        {
          responses: [{ status: { kind: 'any' }, headers: { 'last-modified': [{ kind: 'equals', value: '{last-modified}' }] }, body: [], canary: false }],
          connection: 'any',
          interim: 'any',
          grade: 'pass',
          pos: { file: 'f', line: 1 },
        },
      ],
    };
    expect(missingPlaceholders(inExpectation, VALUES)).toEqual(['last-modified']);
  });

  it('throws on a missing value rather than sending a literal placeholder', () => {
    expect(() => planSteps(caseWith('x', [text('{etag}')]), VALUES, { kind: 'as-written' })).toThrow('no value for placeholder {etag}');
  });
});
