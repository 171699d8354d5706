// `--time-scale`: a case's pauses, head-await bounds and own `timeout:` multiplied, its bytes and
// expectations untouched; the flag is checked by the table and carried by rerun lines.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCases } from '../../src/case/load.ts';
import { scaleCaseTimes } from '../../src/case/time-scale.ts';
import type { Case, SendStep } from '../../src/case/types.ts';
import { REPO } from '../../src/checkout.ts';
import { parseArgs } from '../../src/cli/parse-args.ts';
import { rerunFlags } from '../../src/cli/rerun-flags.ts';
import { UsageError } from '../../src/errors.ts';

const pauses = (steps: readonly SendStep[]): number[] => steps.flatMap((s) => (s.kind === 'pause' ? [s.ms] : []));

describe('scaleCaseTimes', () => {
  it('scales the slowloris case to a tenth: pauses and own bound, not the bytes', async () => {
    const cases = await loadCases([path.join(REPO, 'cases/limits.yaml')]);
    const slowloris = cases.find((c) => c.id === 'lim-slowloris-headers')!;
    const scaled = scaleCaseTimes(slowloris, 0.1);
    expect(pauses(slowloris.send).reduce((a, b) => a + b, 0)).toBe(100_000);
    expect(pauses(scaled.send)).toEqual(pauses(slowloris.send).map((ms) => ms / 10));
    expect(scaled.timeoutMs).toBe(300);
    expect(scaled.send.filter((s) => s.kind === 'write')).toEqual(slowloris.send.filter((s) => s.kind === 'write'));
    expect(scaled.expect).toBe(slowloris.expect);
    // The loaded case is not changed under the other runs that share it.
    expect(pauses(slowloris.send)[0]).toBe(5000);
  });

  it('scales head awaits and the side connections, and leaves a case as it is at 1', () => {
    const c = {
      id: 'x',
      timeoutMs: 4000,
      send: [{ kind: 'await-head', maxMs: 1000 }, { kind: 'pause', ms: 2000 }, { kind: 'close', how: 'fin' }],
      before: [{ name: 'stall', count: 1, send: [{ kind: 'pause', ms: 800 }] }],
    } as unknown as Case;
    const half = scaleCaseTimes(c, 0.5);
    expect(half.send).toEqual([{ kind: 'await-head', maxMs: 500 }, { kind: 'pause', ms: 1000 }, { kind: 'close', how: 'fin' }]);
    expect(half.before![0]!.send).toEqual([{ kind: 'pause', ms: 400 }]);
    expect(half.timeoutMs).toBe(2000);
    expect(scaleCaseTimes(c, 1)).toBe(c);
    const noBound = scaleCaseTimes({ ...c, timeoutMs: undefined } as unknown as Case, 0.5);
    expect(noBound.timeoutMs).toBeUndefined();
  });
});

describe('--time-scale', () => {
  it('takes a fraction, is checked against its range, and goes into rerun lines', () => {
    expect(parseArgs(['--time-scale', '0.1']).flags['time-scale']).toBe(0.1);
    expect(() => parseArgs(['--time-scale', '0'])).toThrow(UsageError);
    expect(() => parseArgs(['--time-scale', '0'])).toThrow('--time-scale');
    expect(() => parseArgs(['--time-scale', 'fast'])).toThrow('--time-scale');
    expect(rerunFlags(parseArgs(['--time-scale', '0.2', '--timeout', '500']).flags)).toBe('--timeout 500 --time-scale 0.2');
  });
});
