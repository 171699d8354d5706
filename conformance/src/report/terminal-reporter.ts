// The terminal: a progress line while running on a TTY, plain lines in CI; for each case that did
// not pass, one line to grep for and beneath it what a student needs to act on it (the RFC's
// words, what was sent, what came back); then a summary and the digest (digest-text.ts: the
// likely causes, most severe first). `quiet` leaves out the per-case lines, `verbose` adds the
// passes and skips. Colour on a TTY or with FORCE_COLOR (CI logs render it), never with NO_COLOR.

import type { CaseResult, Status } from '../result/types.ts';
import type { Reporter } from './reporter.ts';
import { compactRepeats, evidenceLines } from './case-text.ts';
import { digestLines } from './digest-text.ts';
import { gradeLabel } from '../judge/grade-label.ts';
import { boundLine } from './result-bounds.ts';
import { isNotRun, notRunCount } from '../compare/findings.ts';

type Stream = { write(s: string): unknown; isTTY?: boolean };

const COLOURS: Record<Status, string> = { pass: '32', warn: '33', fail: '31', timeout: '35', skip: '90', error: '31;1' };
const LABELS: Record<Status, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', timeout: 'TIME', skip: 'SKIP', error: 'ERR ' };

/** How much the terminal prints per case: nothing (`--quiet`), what did not pass, or everything (`--verbose`). */
export type TerminalDetail = 'quiet' | 'normal' | 'verbose';

/** FORCE_COLOR set to anything but `0` or `false` turns colour on where there is no TTY. */
export function wantsColour(tty: boolean, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return tty;
}

export function terminalReporter(out: Stream = process.stdout, env: NodeJS.ProcessEnv = process.env, detail: TerminalDetail = 'normal'): Reporter {
  const tty = out.isTTY === true;
  const colour = wantsColour(tty, env);
  const paint = (code: string, s: string): string => (colour ? `\x1b[${code}m${s}\x1b[0m` : s);
  let progressShown = false;
  let notRunShown = false;

  const clearProgress = (): void => {
    if (progressShown) out.write('\r\x1b[K');
    progressShown = false;
  };

  return {
    onStart({ total, target }) {
      out.write(`testing ${target} with ${total} case${total === 1 ? '' : 's'}\n`);
    },
    onResult(r, done, total) {
      // A server that cannot be brought back leaves every case after it without a verdict: one
      // line says so, not one per case (the digest counts them).
      const notRun = isNotRun(r);
      if (notRun && detail !== 'quiet') {
        if (!notRunShown) {
          clearProgress();
          out.write(paint(COLOURS.error, `NOT RUN ${r.id} and every case left: ${r.message.replace(/^not run: /, '')}`) + '\n');
        }
        notRunShown = true;
      } else if (detail === 'verbose' || (detail === 'normal' && r.status !== 'pass' && r.status !== 'skip')) {
        clearProgress();
        // Every line bounded, whatever the target sent (result-bounds.ts).
        out.write(boundLine(caseLine(r, paint)) + '\n');
        if (r.status !== 'pass') out.write(caseDetails(r).map((l) => `${paint('90', boundLine(l))}\n`).join(''));
      }
      if (tty) {
        out.write(`\r\x1b[K${done}/${total} ${r.id}`);
        progressShown = true;
      }
    },
    async onEnd(report) {
      clearProgress();
      const s = report.summary;
      const parts = [
        `${s.total} cases`,
        paint(COLOURS.pass, `${s.passed} passed`),
        paint(COLOURS.warn, `${s.warned} warned`),
        paint(COLOURS.fail, `${s.failed} failed`),
        ...(s.timedOut ? [paint(COLOURS.timeout, `${s.timedOut} timed out`)] : []),
        ...(s.skipped ? [paint(COLOURS.skip, `${s.skipped} skipped`)] : []),
        ...(s.errored ? [paint(COLOURS.error, `${s.errored} errored`)] : []),
      ];
      // A score over a fraction of the cases (an interrupt, a server that could not be brought back) would mislead.
      const notRun = notRunCount(report);
      const score = notRun > 0 ? `no score: ${notRun} of ${s.total} cases not run${report.interrupted ? ' (interrupted)' : ''}` : `score ${s.score}%`;
      out.write(`${parts.join(', ')}; ${score} in ${(report.durationMs / 1000).toFixed(1)} s\n`);
      const digest = digestLines(report, { paint });
      if (digest.length > 0) out.write(`\n${digest.join('\n')}\n`);
      return [];
    },
  };
}

/** One line for a case that did not pass: id, level, why, what was expected, what came back. */
export function caseLine(r: CaseResult, paint: (code: string, s: string) => string = (_c, s) => s): string {
  const head = `${paint(COLOURS[r.status], LABELS[r.status])} ${r.id} [${gradeLabel(r)}${r.mode === 'as-written' ? '' : `, ${r.mode}`}]`;
  if (r.status === 'error' || r.status === 'skip' || r.status === 'pass') return `${head} ${compactRepeats(r.message)}`;
  // The first alternative is the corpus's preferred outcome; the others are in the report.
  const others = r.expected.length - 1;
  const expected = `${compactRepeats(r.expected[0] ?? '?')}${others > 0 ? ` (or ${others} other outcome${others === 1 ? '' : 's'})` : ''}`;
  return `${head} ${compactRepeats(r.message)} | expected: ${expected} | got: ${compactRepeats(r.actual)} | rerun: ${r.reproduce}`;
}

const INDENT = '       ';

/** The lines under a case's line: the requirement, and the bytes each way (not for skips and errors). */
export function caseDetails(r: CaseResult): string[] {
  return evidenceLines(r).map((l) => INDENT + l);
}
