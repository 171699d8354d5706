import { UsageError } from '../errors.ts';
import { gradescopeReporter } from './gradescope-reporter.ts';
import { htmlReporter } from './html-reporter.ts';
import { jsonReporter } from './json-reporter.ts';
import { junitReporter } from './junit-reporter.ts';
import { markdownReporter } from './markdown-reporter.ts';
import type { Reporter } from './reporter.ts';
import { tapReporter } from './tap-reporter.ts';
import { terminalReporter } from './terminal-reporter.ts';

/** The `--reporter` values, each one file's reporter. */
export const REPORTERS = {
  terminal: (io) => terminalReporter(io.out, io.env),
  json: () => jsonReporter(),
  html: () => htmlReporter(),
  junit: () => junitReporter(),
  tap: () => tapReporter(),
  markdown: (io) => markdownReporter(io.env),
  gradescope: (io) => gradescopeReporter(io.env),
} as const satisfies Record<string, (io: ReporterIo) => Reporter>;

/** Where reporters that print go: the CLI's stdout and environment (tests pass their own). */
export type ReporterIo = { out: { write(s: string): unknown; isTTY?: boolean }; env: NodeJS.ProcessEnv };

export type ReporterName = keyof typeof REPORTERS;
export const DEFAULT_REPORTERS: readonly ReporterName[] = ['terminal', 'json'];

export function createReporters(names: readonly string[], io: ReporterIo): Reporter[] {
  const chosen = names.length > 0 ? names : DEFAULT_REPORTERS;
  return [...new Set(chosen)].map((name) => {
    if (!(name in REPORTERS)) throw new UsageError(`--reporter ${name}: unknown reporter (one of: ${Object.keys(REPORTERS).join(', ')})`);
    return REPORTERS[name as ReporterName](io);
  });
}
