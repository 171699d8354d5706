// The proof of specificity, the mirror of every-case-can-fail.test.ts: each permitted variant of
// the reference server (server/variants/catalog.ts, kind `permitted`: something RFC 9110/9112
// allow that the strict server does not do) runs the whole corpus, and no case may grade it
// `fail` or `timeout` (a warn is fine: allowed but discouraged). A case that fails a permitted
// variant, or says it hung, fails a server that did nothing wrong: a user reads a timeout as a
// failing verdict (it costs the score and exits 1).
//
// KNOWN_FALSE_FAILS lists the false fails the corpus still has, each with what happened; the
// test checks that list is exact, so it fails both on a new false fail and once a listed case
// is fixed (then delete its line). /work/notes/permitted-variant-fails.md has the same list.

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { variantSpec, variantsOfKind } from '../../../server/variants/catalog.ts';
import { loadCases } from '../../src/case/load.ts';
import type { Case } from '../../src/case/types.ts';
import { REPO } from '../../src/checkout.ts';
import { ensureFixtures } from '../../src/fixtures/ensure-fixtures.ts';
import { SLOW_TAG } from '../../src/run/select.ts';
import { hostableVariants, runJobs, startVariantHost, variantTargets, type TargetOutcome, type VariantHost } from './broken-targets.ts';

// Targets at once: each run is a few seconds of mostly waiting (all in one host process).
const CONCURRENCY = 8;
// 1 s, as for the broken servers. A fail or timeout that only a loaded machine's slow answer
// caused is caught by the second run below.
const FLAGS = ['--timeout', '1000'];
const WHOLE_RUN_MS = 240_000;

/** The verdicts a user reads as failing: a fail, or no answer in time (a hang). */
const failing = (status: string): boolean => status === 'fail' || status === 'timeout';

/**
 * `variant:case-id` -> what the variant did that the case wrongly grades fail. Every entry is a
 * corpus bug (cases/*.yaml or the judge) being fixed; remove the line when it is.
 */
const KNOWN_FALSE_FAILS: Readonly<Record<string, string>> = {};

describe('no permitted variant fails a case', () => {
  let cases: Case[] = [];
  let outcomes: TargetOutcome[] = [];
  const permitted = variantsOfKind('permitted');
  let host: VariantHost | undefined;

  afterAll(async () => {
    await host?.stop();
  });

  beforeAll(async () => {
    const { docroot } = await ensureFixtures();
    host = await startVariantHost(hostableVariants('permitted'), docroot);
    cases = (await loadCases([path.join(REPO, 'cases')])).filter((c) => !c.tags.includes(SLOW_TAG));
    const started = Date.now();
    outcomes = await runJobs(
      variantTargets('permitted', FLAGS, false, host).map((target) => ({ target })),
      CONCURRENCY,
    );
    // A fail or timeout seen once is run again on its own: only a second one counts (a loaded
    // machine can stall one exchange past its time bound).
    const again = outcomes.map((o) => ({ target: o.target, ids: (o.report?.cases ?? []).filter((c) => failing(c.status)).map((c) => c.id) })).filter((j) => j.ids.length > 0);
    if (again.length > 0) {
      const retried = await runJobs(again.map((j) => ({ ...j, extraFlags: ['--concurrency', '1'] })), CONCURRENCY);
      outcomes = outcomes.map((o) => {
        const r = retried.find((x) => x.target.name === o.target.name);
        if (r === undefined || r.report === null || o.report === null) return o;
        const byId = new Map(r.report.cases.map((c) => [c.id, c]));
        return { ...o, report: { ...o.report, cases: o.report.cases.map((c) => byId.get(c.id) ?? c) } };
      });
    }
    console.log(
      [
        `permitted-variants: ${cases.length} cases, ${permitted.length} permitted variants, ${Date.now() - started} ms`,
        ...outcomes.map((o) => {
          const fails = (o.report?.cases ?? []).filter((c) => c.status === 'fail');
          const warns = (o.report?.cases ?? []).filter((c) => c.status === 'warn').length;
          const timeouts = (o.report?.cases ?? []).filter((c) => c.status === 'timeout');
          return `${o.target.name} (${o.durationMs} ms): ${fails.length} fail, ${warns} warn, ${timeouts.length} timeout${fails.map((c) => `\n  ${c.id}: ${c.message}`).join('')}${timeouts.map((c) => `\n  timeout ${c.id}: ${c.message}`).join('')}`;
        }),
      ].join('\n'),
    );
  }, WHOLE_RUN_MS);

  it('every permitted variant names the RFC text (or the operator choice) that allows it', () => {
    for (const name of permitted) expect(variantSpec(name).allowedBy, name).toBeTruthy();
  });

  it('every permitted variant was started and reported on', () => {
    const failed = outcomes.filter((o) => o.report === null).map((o) => `${o.target.name}: ${o.stderr.trim()}`);
    expect(failed).toEqual([]);
    for (const o of outcomes) expect(o.report!.cases.length, o.target.name).toBe(cases.length);
  });

  it('no permitted variant gets a fail or a timeout, beyond the known false fails listed above', () => {
    const seen = new Map<string, string>();
    for (const o of outcomes) {
      for (const c of o.report?.cases ?? []) {
        if (failing(c.status)) seen.set(`${o.target.name.replace(/^variant:/, '')}:${c.id}`, `${c.status}: ${c.message}`);
      }
    }
    const unexpected = [...seen].filter(([key]) => !(key in KNOWN_FALSE_FAILS)).map(([key, message]) => `${key}: ${message}`);
    expect(unexpected, 'cases that fail a permitted variant').toEqual([]);
    // A listed false fail that no longer happens: the corpus was fixed, so the line goes.
    const fixed = Object.keys(KNOWN_FALSE_FAILS).filter((key) => !seen.has(key));
    expect(fixed, 'KNOWN_FALSE_FAILS entries that no longer fail (delete them)').toEqual([]);
  });
});
