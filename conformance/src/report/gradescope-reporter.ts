// `results.json` for Gradescope's autograder
// (https://gradescope-autograders.readthedocs.io/en/latest/specs/#output-format):
//
//   {
//     "score": 41.5,             // sum of the tests' scores
//     "max_score": 60,           // sum of the tests' max_score
//     "execution_time": 8,       // seconds
//     "output": "475 cases ...", // shown above the tests
//     "tests": [
//       { "name": "cl-plus-sign: Content-Length with a leading plus sign",
//         "score": 0, "max_score": 2, "status": "failed", "visibility": "visible",
//         "output": "message, expected, actual, the RFC's words, the bytes each way, reproduce line" }
//     ]
//   }
//
// A case's max_score is its weight (see gradescope-weights.ts; 1 unless configured). pass earns
// it all, warn half, fail, timeout and error none: an unreachable server is not conformant, so
// harness errors cost points here even though the summary score leaves them out. Skipped cases
// are not listed: the target said it lacks what they need. Status is "passed" only for a pass.

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CaseResult, Report } from '../result/types.ts';
import { evidenceLines, outcomeText } from './case-text.ts';
import { caseWeight, weightsFromEnv, type Visibility, type Weights } from './gradescope-weights.ts';
import type { Reporter } from './reporter.ts';

export type GradescopeTest = {
  name: string;
  score: number;
  max_score: number;
  output: string;
  visibility: Visibility;
  status?: 'passed' | 'failed';
};

export type GradescopeResults = {
  score: number;
  max_score: number;
  execution_time: number;
  output: string;
  visibility: Visibility;
  tests: GradescopeTest[];
};

const EARNED: Record<Exclude<CaseResult['status'], 'skip'>, number> = { pass: 1, warn: 0.5, fail: 0, timeout: 0, error: 0 };

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
  const tests: GradescopeTest[] = [];
  for (const c of report.cases) {
    if (c.status === 'skip') continue;
    const max = caseWeight(weights, c);
    tests.push({
      name: `${c.id}: ${c.title}`,
      score: round(max * EARNED[c.status]),
      max_score: max,
      output: testOutput(c),
      visibility: weights.visibility,
      status: c.status === 'pass' ? 'passed' : 'failed',
    });
  }
  const s = report.summary;
  return {
    score: round(tests.reduce((t, x) => t + x.score, 0)),
    max_score: round(tests.reduce((t, x) => t + x.max_score, 0)),
    execution_time: Math.round(report.durationMs / 1000),
    output: `${s.total} cases: ${s.passed} passed, ${s.warned} warned (half credit), ${s.failed} failed, ${s.timedOut} timed out, ${s.errored} errored, ${s.skipped} skipped (not graded).`,
    visibility: weights.visibility,
    tests,
  };
}

function testOutput(c: CaseResult): string {
  const head = c.status === 'pass' ? 'PASS' : c.status === 'warn' ? 'WARN (half credit)' : c.status.toUpperCase();
  // A student reads this on Gradescope with nothing else at hand: the RFC's words and the bytes.
  const evidence = c.status === 'pass' ? [] : evidenceLines(c);
  return [head, outcomeText(c), ...evidence, `reproduce: ${c.reproduce}`].join('\n');
}

// Sums of halves and weights in binary floating point drift (0.1 + 0.2): keep 4 decimals.
function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
