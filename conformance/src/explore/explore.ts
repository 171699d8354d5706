// The exploration loop: generate requests from the corpus, send each to every target, keep the
// ones on which a target disagrees with the reference in a way that matters, confirm each alone,
// shrink it, and hand it on once per signature. Bounded by a time budget (shrinking included),
// optionally by a request count, and by a cap on findings; requests go out a few at a time.

import { fnv1a } from '../case/prng.ts';
import type { Area } from '../case/types.ts';
import { requestsAsWritten } from './as-written.ts';
import type { Finding, TargetSeen } from './case-writer.ts';
import { disagreement, FINDING_CLASSES, hung, shape, type Context, type FindingClass } from './disagreement.ts';
import { generate, type Generated } from './generator.ts';
import { observeTarget, type ObservedTarget, type ObserveOptions, type Seen } from './observe.ts';
import type { Seed } from './seeds.ts';
import { shrinkTemplate } from './shrink.ts';
import { expandedLength, lines, requestLines, type Template } from './template.ts';

export type ExploreOptions = ObserveOptions & {
  /** targets[0] is the reference every other target is compared with. */
  targets: readonly ObservedTarget[];
  seeds: readonly Seed[];
  seed: number;
  budgetMs: number;
  /** Stop after this many generated requests (for reproducible runs independent of speed). */
  maxRequests?: number;
  /** Requests in flight at once (each to every target). */
  inFlight: number;
  maxFindings: number;
  /** Round trips one shrink may take. */
  maxShrinkTests: number;
  /** Look for these classes only (default: all). */
  only?: ReadonlySet<FindingClass>;
  onProgress?: (p: Progress) => void;
  onFinding?: (f: Finding) => Promise<void>;
  now?: () => number;
};

export type Progress = { elapsedMs: number; budgetMs: number; requests: number; findings: number; duplicates: number; shrinking: boolean };

/**
 * Per class: findings written, candidates that shrank to one already written or read the same way
 * as one, candidates that did not repeat when sent again alone, and candidates left for lack of time.
 */
export type ClassTally = { findings: number; duplicates: number; unconfirmed: number; left: number; targets: Set<string> };

export type ExploreResult = {
  requests: number;
  findings: Finding[];
  byClass: Record<FindingClass, ClassTally>;
  elapsedMs: number;
  stoppedBy: 'budget' | 'requests' | 'findings';
};

/** The time bound while shrinking, as a share of --timeout (500 ms gives 200 ms). */
const SHRINK_TIMEOUT_SHARE = 0.4;
const ALL_CLASSES: ReadonlySet<FindingClass> = new Set(FINDING_CLASSES);

type Verdict = { cls: FindingClass; disagreeing: number[] };
type Candidate = { g: Generated; verdict: Verdict };
/** The part of the budget kept for the accept/reject differences put aside while exploring. */
const LATER_SHARE = 0.25;

/** The class of the most important disagreement any target has with the reference, and who has it. */
export function classify(seen: readonly Seen[], targets: readonly ObservedTarget[], t: Template, only: ReadonlySet<FindingClass> = ALL_CLASSES): Verdict | null {
  const ref = seen[0]!;
  const classes = seen.map((s, i) => (i === 0 ? null : disagreement(ref, s, contextFor(t, targets[0]!.echo && targets[i]!.echo))));
  const cls = FINDING_CLASSES.find((c) => only.has(c) && classes.includes(c));
  if (cls === undefined) return null;
  return { cls, disagreeing: classes.flatMap((c, i) => (c === cls ? [i] : [])) };
}

/** What the comparison needs to know about the request: where the canary is, which requests echo. */
export function contextFor(t: Template, bothEcho: boolean): Context {
  const echoAt = new Set<number>();
  if (bothEcho) requestLines(t).forEach((r, i) => r.method === 'POST' && r.target === '/echo' && echoAt.add(i));
  return { expected: requestsAsWritten(t), echoAt };
}

export async function explore(o: ExploreOptions): Promise<ExploreResult> {
  const now = o.now ?? Date.now;
  const started = now();
  const deadline = started + o.budgetMs;
  const byClass = Object.fromEntries(FINDING_CLASSES.map((c) => [c, { findings: 0, duplicates: 0, unconfirmed: 0, left: 0, targets: new Set<string>() }])) as Record<FindingClass, ClassTally>;
  const findings: Finding[] = [];
  const before = new Set<string>();
  const after = new Set<string>();
  const stream = generate(o.seeds, o.seed);
  let requests = 0;
  let shrinking = false;
  const progress = (): void =>
    o.onProgress?.({
      elapsedMs: now() - started,
      budgetMs: o.budgetMs,
      requests,
      findings: findings.length,
      duplicates: FINDING_CLASSES.reduce((n, c) => n + byClass[c].duplicates, 0),
      shrinking,
    });
  const observeAll = (t: Template, which: readonly number[], timeoutMs = o.timeoutMs): Promise<Seen[]> =>
    Promise.all(which.map((i) => observeTarget(o.targets[i]!, t, { ...o, timeoutMs })));
  const all = o.targets.map((_, i) => i);

  // Confirm, shrink and keep one candidate, unless its shrunk form was seen already.
  const settle = async (c: Candidate): Promise<void> => {
    const tally = byClass[c.verdict.cls];
    shrinking = true;
    progress();
    const finding = await confirmAndShrink(c.g, c.verdict, o, observeAll, deadline, now, progress);
    shrinking = false;
    if (finding === null) {
      tally.unconfirmed++;
      return;
    }
    const post = signature(c.verdict, [finding.reference.seen, ...finding.disagreeing.map((d) => d.seen)], o.targets, finding.template);
    if (after.has(post)) {
      tally.duplicates++;
      return;
    }
    after.add(post);
    tally.findings++;
    for (const d of finding.disagreeing) tally.targets.add(d.name);
    findings.push(finding);
    await o.onFinding?.(finding);
  };

  // Accept/reject differences are common and matter least: they wait until exploring is done,
  // which then stops early enough to leave them part of the budget.
  const later: Candidate[] = [];
  const reserve = Math.round(o.budgetMs * LATER_SHARE);
  let stoppedBy: ExploreResult['stoppedBy'] = 'budget';
  // Requests in flight, oldest first: the window is kept full, and results are taken in the
  // order the requests were generated, so what is found does not depend on which answered first.
  const window: Array<{ g: Generated; seen: Promise<Seen[]> }> = [];
  let generated = 0;
  let exhausted = false;
  const exploring = (): boolean => now() < (later.length > 0 ? deadline - reserve : deadline) && findings.length < o.maxFindings;
  const refill = (): void => {
    while (!exhausted && window.length < o.inFlight && exploring()) {
      if (o.maxRequests !== undefined && generated >= o.maxRequests) {
        exhausted = true;
        break;
      }
      const next = stream.next();
      if (next.done) {
        exhausted = true;
        break;
      }
      generated++;
      window.push({ g: next.value, seen: observeAll(next.value.template, all) });
    }
  };
  refill();
  while (window.length > 0) {
    const { g, seen: pending } = window.shift()!;
    const seen = await pending;
    requests++;
    if (exploring()) {
      const verdict = classify(seen, o.targets, g.template, o.only);
      const pre = verdict === null ? null : signature(verdict, seen, o.targets, null);
      if (verdict === null || pre === null) {
        // in step, or a disagreement that does not matter
      } else if (before.has(pre)) byClass[verdict.cls].duplicates++;
      else {
        before.add(pre);
        if (verdict.cls === 'status') later.push({ g, verdict });
        else await settle({ g, verdict });
      }
    }
    refill();
    progress();
  }
  if (findings.length >= o.maxFindings) stoppedBy = 'findings';
  else if (exhausted) stoppedBy = 'requests';
  for (const c of later) {
    if (now() >= deadline || findings.length >= o.maxFindings) byClass[c.verdict.cls].left++;
    else await settle(c);
  }
  return { requests, findings, byClass, elapsedMs: now() - started, stoppedBy };
}

async function confirmAndShrink(
  g: Generated,
  verdict: Verdict,
  o: ExploreOptions,
  observeAll: (t: Template, which: readonly number[], timeoutMs?: number) => Promise<Seen[]>,
  deadline: number,
  now: () => number,
  tick: () => void,
): Promise<Finding | null> {
  const which = [0, ...verdict.disagreeing];
  // The disagreement holds when every target that showed it still shows it, alone, and every
  // target reads the request as it did: without that, shrinking slides from one bug to another
  // (a smaller request that shows some other disagreement of the same class).
  let readings: string[] | null = null;
  const sub = which.map((i) => o.targets[i]!);
  const still = (t: Template, seen: readonly Seen[]): boolean => {
    for (let k = 1; k < which.length; k++) {
      if (disagreement(seen[0]!, seen[k]!, contextFor(t, sub[0]!.echo && sub[k]!.echo)) !== verdict.cls) return false;
    }
    return readings === null || seen.every((s, k) => shape(s) === readings![k]);
  };
  const holds = async (t: Template, timeoutMs?: number): Promise<Seen[] | null> => {
    const seen = await observeAll(t, which, timeoutMs);
    tick();
    return still(t, seen) ? seen : null;
  };
  // Seen again on its own, or it was the timing of the batch and not the request.
  const again = await holds(g.template);
  if (again === null) return null;
  readings = again.map(shape);
  // Most candidates cut a request short, and every target then waits for the rest: a shorter
  // bound keeps those tests quick. Only a hang needs the full bound to show.
  const shrinkTimeout = verdict.cls === 'hang' ? o.timeoutMs : Math.max(100, Math.round(o.timeoutMs * SHRINK_TIMEOUT_SHARE));
  // Under the shorter bound, a target that got nothing while another answered may only have been
  // slow (a loaded machine), not waiting for more bytes: such a rejection is tried again at the
  // full bound, so that what shrinking keeps does not depend on the machine's load. When every
  // target got nothing, they all wait for the rest of a request cut short.
  const shrinkTest = async (t: Template): Promise<boolean> => {
    const seen = await observeAll(t, which, shrinkTimeout);
    tick();
    if (still(t, seen)) return true;
    if (shrinkTimeout >= o.timeoutMs || !seen.some(hung) || seen.every(hung)) return false;
    return (await holds(t)) !== null;
  };
  const shrunk = await shrinkTemplate(g.template, shrinkTest, { maxTests: o.maxShrinkTests, deadline, now });
  // The outcomes written down are those of the shrunk request, seen once more.
  let finalSeen = await holds(shrunk.template);
  let template = shrunk.template;
  if (finalSeen === null) {
    template = g.template;
    finalSeen = await holds(template);
    if (finalSeen === null) return null;
  }
  const ts = (k: number): TargetSeen => ({ name: o.targets[which[k]!]!.name, seen: finalSeen[k]!, echo: o.targets[which[k]!]!.echo });
  const names = verdict.disagreeing.map((i) => o.targets[i]!.name);
  const id = `found-${verdict.cls}-${fnv1a(`${verdict.cls}|${names.join(',')}|${template}`).toString(16).padStart(8, '0')}`;
  return {
    id,
    cls: verdict.cls,
    template,
    originalOctets: expandedLength(g.template),
    shrinkTests: shrunk.tests,
    seedId: g.seedId,
    area: g.area as Area,
    mutations: g.mutations,
    requestIndex: g.index,
    exploreSeed: o.seed,
    timeoutMs: o.timeoutMs,
    reference: ts(0),
    disagreeing: which.slice(1).map((_, k) => ts(k + 1)),
  };
}

/**
 * Findings are the same when the same targets disagree in the same class with the same readings
 * (and, once shrunk, the request keeps the same field names): one case each is enough.
 */
function signature(v: Verdict, seen: readonly Seen[], targets: readonly ObservedTarget[], shrunk: Template | null): string {
  const readings = shrunk === null ? [seen[0]!, ...v.disagreeing.map((i) => seen[i]!)] : seen;
  const names = v.disagreeing.map((i) => targets[i]!.name);
  const parts = [v.cls, names.join(','), readings.map(shape).join(' | ')];
  if (shrunk !== null) parts.push(fieldNames(shrunk).join(','));
  return parts.join(' # ');
}

function fieldNames(t: Template): string[] {
  const names = lines(t).flatMap((l) => {
    const m = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+)[ \t]*:/.exec(l);
    return m ? [m[1]!.toLowerCase()] : [];
  });
  return [...new Set(names)].sort();
}
