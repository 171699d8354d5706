// The proof of every-case-can-fail.test.ts for the cases tagged `slow` (slow-proof.ts): the
// reference passes each, each is failed by a broken server, and each broken variant only slow
// cases catch is caught. Its own file: about 25 s of waiting, beside the main proof.

import { beforeAll, describe, expect, it } from 'vitest';
import { variantSpec, variantsOfKind } from '../../../server/variants/catalog.ts';
import { ensureFixtures } from '../../src/fixtures/ensure-fixtures.ts';
import { slowProof, type SlowProof } from './slow-proof.ts';

const WHOLE_RUN_MS = 240_000;

describe('every slow case can fail', () => {
  let slow: SlowProof;
  const slowVariants = variantsOfKind('broken').filter((name) => variantSpec(name).slowOnly);

  beforeAll(async () => {
    await ensureFixtures();
    slow = await slowProof();
    console.log(
      [
        `slow-cases-can-fail: ${slow.cases.length} cases, ${slow.outcomes.length} broken servers, ${slow.durationMs} ms`,
        ...[slow.reference, ...slow.outcomes].map(
          (o) => `${o.target.name} (${o.durationMs} ms): ${(o.report?.cases ?? []).map((c) => `${c.id}=${c.status}`).join(' ')}${o.report === null ? ` NO REPORT: ${o.stderr.trim()}` : ''}`,
        ),
      ].join('\n'),
    );
  }, WHOLE_RUN_MS);

  it('there are slow cases, and broken variants only they catch', () => {
    expect(slow.cases.length).toBeGreaterThan(0);
    expect(slowVariants.length).toBeGreaterThan(0);
  });

  it('the reference server passes every slow case', () => {
    expect(slow.reference.report, `the reference run wrote no report: ${slow.reference.stderr}`).not.toBeNull();
    const bad = slow.reference.report!.cases.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.status}: ${c.message}`);
    expect(bad).toEqual([]);
    expect(slow.reference.report!.cases.map((c) => c.id).sort()).toEqual(slow.cases.map((c) => c.id).sort());
  });

  it('every slow case is failed by at least one broken server', () => {
    const never = slow.cases.filter((c) => !slow.caughtBy.has(c.id)).map((c) => c.id);
    expect(never, `slow cases no broken server fails: ${never.join(', ')}`).toEqual([]);
  });

  it('every broken variant that only slow cases catch is caught', () => {
    const blind = slowVariants.filter((name) => ![...slow.caughtBy.values()].some((names) => names.has(`variant:${name}`)));
    expect(blind, `variants no slow case catches: ${blind.join(', ')}`).toEqual([]);
  });
});
