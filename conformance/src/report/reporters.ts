import { UsageError } from '../errors.ts';
import { gradescopeReporter } from './gradescope-reporter.ts';
import { htmlReporter } from './html-reporter.ts';
import { jsonReporter } from './json-reporter.ts';
import { junitReporter } from './junit-reporter.ts';
import { markdownReporter } from './markdown-reporter.ts';
import type { Reporter } from './reporter.ts';
import { tapReporter } from './tap-reporter.ts';
import { terminalReporter, type TerminalDetail } from './terminal-reporter.ts';

/** The `--reporter` values, each one file's reporter. */
export const REPORTERS = {
  terminal: (io) => terminalReporter(io.out, io.env, io.detail ?? 'normal'),
  json: () => jsonReporter(),
  html: () => htmlReporter(),
  junit: () => junitReporter(),
  tap: () => tapReporter(),
  markdown: (io) => markdownReporter(io.env),
  gradescope: (io) => gradescopeReporter(io.env),
} as const satisfies Record<string, (io: ReporterIo) => Reporter>;

/** Where reporters that print go: the CLI's stdout and environment (tests pass their own). */
export type ReporterIo = { out: { write(s: string): unknown; isTTY?: boolean }; env: NodeJS.ProcessEnv; detail?: TerminalDetail };

export type ReporterName = keyof typeof REPORTERS;
export const DEFAULT_REPORTERS: readonly ReporterName[] = ['terminal', 'json'];

/**
 * The defaults and every `--reporter` named: a format added never takes report.json (which
 * `--baseline` and `merge` read) or the terminal's summary and digest away.
 */
export function createReporters(names: readonly string[], io: ReporterIo): Reporter[] {
  for (const name of names) {
    if (!(name in REPORTERS)) throw new UsageError(`--reporter ${name}: unknown reporter (one of: ${Object.keys(REPORTERS).join(', ')})`);
  }
  const chosen = [...DEFAULT_REPORTERS, ...names];
  return [...new Set(chosen)].map((name) => {
    if (!(name in REPORTERS)) throw new UsageError(`--reporter ${name}: unknown reporter (one of: ${Object.keys(REPORTERS).join(', ')})`);
    return REPORTERS[name as ReporterName](io);
  });
}
