// `results.json` for Gradescope's autograder, in the format its documentation gives
// (https://gradescope-autograders.readthedocs.io/en/latest/specs/#output-format):
//
//   {
//     "score": 85,                    // only with a configured total: the assignment's points
//     "execution_time": 8,            // seconds
//     "output": "...",                // Markdown: the summary and what to fix first
//     "output_format": "md", "test_output_format": "md", "test_name_format": "text",
//     "visibility": "visible", "stdout_visibility": "hidden",
//     "tests": [
//       { "name": "cl-plus-sign: Content-Length with a leading plus sign", "number": "4.7",
//         "score": 0, "max_score": 2, "status": "failed", "visibility": "visible",
//         "tags": ["content-length", "MUST"], "output": "verdict, expected, actual, the RFC's words, the bytes, rerun" }
//     ]
//   }
//
// A case's max_score is its weight (gradescope-weights.ts; 1 unless configured). pass earns it
// all, warn half, fail, timeout and error none: an unreachable server is not conformant. A
// skipped case stays in at 0 points (so every student is graded out of the same total) unless
// the weights say `skipped: drop`. Tests are numbered area.case, areas in the corpus's order, so
// Gradescope groups them by area. Without a `total`, the top-level score is left out and
// Gradescope sums the tests; with one, it is the share earned scaled to `total`.
//
// A server that never starts still gets a results.json (writeGradescopeNotRun): score 0 and the
// reason, visible to the student, never an autograder error.

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CaseResult, Report } from '../result/types.ts';
import { AREAS } from '../case/types.ts';
import { compactRepeats } from './case-text.ts';
import { digestLines } from './digest-text.ts';
import { fence, text } from './markdown-reporter.ts';
import { sentText } from './sent-text.ts';
import { cut } from './wire-text.ts';
import { caseWeight, weightsFromEnv, type Visibility, type Weights } from './gradescope-weights.ts';
import type { Reporter } from './reporter.ts';

export type GradescopeTest = {
  name: string;
  /** `area.case`, both counted from 1: Gradescope orders and groups tests by it. */
  number: string;
  score: number;
  max_score: number;
  output: string;
  output_format: 'md';
  tags: string[];
  visibility: Visibility;
  status: 'passed' | 'failed';
};

export type GradescopeResults = {
  /** Present only with a configured total; otherwise Gradescope sums the tests. */
  score?: number;
  execution_time: number;
  output: string;
  output_format: 'md';
  test_output_format: 'md';
  test_name_format: 'text';
  visibility: Visibility;
  stdout_visibility: Visibility;
  tests: GradescopeTest[];
};

/** Bytes shown per direction in a test's output; the reports keep the rest. */
const EVIDENCE_CHARS = 1500;

const EARNED: Record<CaseResult['status'], number> = { pass: 1, warn: 0.5, fail: 0, timeout: 0, error: 0, skip: 0 };

export function gradescopeReporter(env: NodeJS.ProcessEnv = {}): Reporter {
  // Read now, so a bad weights file is a usage error before any case runs.
  const weights = weightsFromEnv(env);
  return {
    async onEnd(report, outDir) {
      await mkdir(outDir, { recursive: true });
      const file = path.join(outDir, 'results.json');
      await writeFile(file, JSON.stringify(gradescopeResults(report, weights), null, 2) + '\n');
      return [file];
    },
  };
}

export function gradescopeResults(report: Report, weights: Weights): GradescopeResults {
  const areaRank = (a: string): number => ((AREAS as readonly string[]).includes(a) ? (AREAS as readonly string[]).indexOf(a) : AREAS.length);
  const graded = report.cases.filter((c) => c.status !== 'skip' || weights.skipped === 'zero');
  const ordered = graded.map((c, i) => ({ c, i })).sort((a, b) => areaRank(a.c.area) - areaRank(b.c.area) || a.c.area.localeCompare(b.c.area) || a.i - b.i);
  const tests: GradescopeTest[] = [];
  let area = '';
  let areaNumber = 0;
  let caseNumber = 0;
  for (const { c } of ordered) {
    if (c.area !== area) [area, areaNumber, caseNumber] = [c.area, areaNumber + 1, 0];
    const max = caseWeight(weights, c);
    tests.push({
      name: `${c.id}${c.mode === 'as-written' ? '' : ` [${c.mode}]`}: ${c.title}`,
      number: `${areaNumber}.${++caseNumber}`,
      score: round(max * EARNED[c.status]),
      max_score: max,
      output: testOutput(c),
      output_format: 'md',
      tags: [c.area, c.level],
      visibility: weights.visibility,
      status: c.status === 'pass' ? 'passed' : 'failed',
    });
  }
  const earned = tests.reduce((t, x) => t + x.score, 0);
  const possible = tests.reduce((t, x) => t + x.max_score, 0);
  const total = weights.total;
  return {
    ...(total !== undefined ? { score: possible === 0 ? 0 : round((earned / possible) * total, 2) } : {}),
    execution_time: Math.round(report.durationMs / 1000),
    output: overview(report, round(earned), round(possible), total),
    output_format: 'md',
    test_output_format: 'md',
    test_name_format: 'text',
    visibility: weights.visibility,
    stdout_visibility: 'hidden',
    tests,
  };
}

/** The top of the page: the counts, the points, and the digest of what to fix first. */
function overview(report: Report, earned: number, possible: number, total: number | undefined): string {
  const s = report.summary;
  const points = total !== undefined ? `${round((possible === 0 ? 0 : earned / possible) * total, 2)} of ${total} points (${earned} of ${possible} in the tests)` : `${earned} of ${possible} points`;
  const lines = [
    `**${points}.** ${s.total} cases: ${s.passed} passed, ${s.warned} warned (half credit), ${s.failed} failed, ${s.timedOut} timed out, ${s.errored} not run, ${s.skipped} skipped.`,
  ];
  const digest = digestLines(report, { reportHint: 'each is a test below' });
  if (digest.length > 0) lines.push('', fence(digest.join('\n')));
  return lines.join('\n');
}

function testOutput(c: CaseResult): string {
  const head: Record<CaseResult['status'], string> = {
    pass: '**PASS**',
    warn: '**WARN** (half credit)',
    fail: '**FAIL**',
    timeout: '**TIMEOUT** (no answer in time)',
    // The message says why (an interrupt, a server that could not be reached or brought back).
    error: '**NOT RUN**',
    skip: '**SKIPPED** (0 points)',
  };
  const lines = [`${head[c.status]}: ${text(compactRepeats(c.message))}`, '', `${text(c.rfc)} (${text(c.level)}): _${text(c.quote)}_`];
  if (c.status === 'pass' || c.status === 'skip') return lines.join('\n');
  // A student reads this on Gradescope with nothing else at hand: what was allowed, what came
  // back, the bytes each way, and the command that replays it.
  lines.push('', 'Expected one of:', '', fence(c.expected.map((e, i) => `${c.matched === i ? '*' : '-'} ${compactRepeats(e)}`).join('\n')), '', 'Got:', '', fence(compactRepeats(c.actual) || '(nothing)'));
  for (const side of c.before ?? []) {
    const who = side.flood ? `${side.flood.count} connections "${side.name}"` : `connection "${side.name}"`;
    lines.push('', `First, on ${text(who)}:`, '', fence(cut(sentText(side.wire), EVIDENCE_CHARS) || '(nothing)'));
  }
  if (c.status !== 'error') lines.push('', 'Sent:', '', fence(cut(sentText(c.wire), EVIDENCE_CHARS) || '(nothing)'), '', 'Received:', '', fence(cut(c.received, EVIDENCE_CHARS) || '(nothing)'));
  lines.push('', 'Rerun it:', '', fence(c.reproduce, 'sh'));
  return lines.join('\n');
}

/**
 * results.json for a run that never tested anything (the server did not start, the address was
 * unreachable): score 0 and the reason, visible to the student.
 */
export async function writeGradescopeNotRun(outDir: string, reason: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  let visibility: Visibility = 'visible';
  try {
    visibility = weightsFromEnv(env).visibility;
  } catch {
    // A bad weights file is reported by the reporter itself; the student still gets the reason.
  }
  const results: GradescopeResults = {
    score: 0,
    execution_time: 0,
    output: `**0 points: the server could not be tested.**\n\n${fence(reason)}\n\nRun it locally the way the autograder does and fix what this says first.`,
    output_format: 'md',
    test_output_format: 'md',
    test_name_format: 'text',
    visibility,
    stdout_visibility: 'hidden',
    tests: [],
  };
  await mkdir(outDir, { recursive: true });
  const file = path.join(outDir, 'results.json');
  await writeFile(file, JSON.stringify(results, null, 2) + '\n');
  return file;
}

// Sums of halves and weights in binary floating point drift (0.1 + 0.2): keep 4 decimals.
function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
