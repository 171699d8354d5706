// `npm run conformance -- [command] [flags]`. Setup problems end with one line and exit code 2,
// never a stack trace.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isSetupError, UsageError } from '../errors.ts';
import { handleInterrupts, interruptedBy, interruptExitCode } from './interrupts.ts';
import type { Io, Out } from './io.ts';
import { didYouMean, helpText, parseArgs } from './parse-args.ts';
import { runCommand } from './run-command.ts';

export async function main(
  argv: readonly string[],
  out: Out = process.stdout,
  err: Out = process.stderr,
  env: NodeJS.ProcessEnv = process.env,
  interrupt?: AbortSignal,
): Promise<number> {
  const io: Io = { out, err, env, ...(interrupt ? { interrupt } : {}) };
  const code = await dispatch(argv, io);
  // An interrupted run ends with 128 + the signal's number, whatever was left to report.
  const by = interruptedBy(interrupt);
  return by ? interruptExitCode(by) : code;
}

async function dispatch(argv: readonly string[], io: Io): Promise<number> {
  const { out, err, env } = io;
  try {
    // explore takes flags of its own (--seed, --budget), so it parses its arguments itself.
    // The other commands are loaded when asked for: a plain run starts some 100 ms sooner.
    if (argv[0] === 'explore') return await (await import('../explore/explore-command.ts')).exploreCommand(argv.slice(1), io);
    const { flags, positional } = parseArgs(argv);
    if (flags.help) {
      out.write(helpText() + '\n');
      return 0;
    }
    const [command, ...rest] = positional;
    if (command === 'merge') return await (await import('./merge-command.ts')).mergeCommand(rest, flags, io);
    if (command === 'compare') return await (await import('../compare/compare-command.ts')).compareCommand(rest, flags, io);
    if (command === 'autograder') return await (await import('../autograder/autograder-command.ts')).autograderCommand(rest, flags, io);
    if (command !== undefined) throw new UsageError(`unknown command "${command}"${didYouMean(command, ['merge', 'compare', 'explore', 'autograder'])} (commands: merge, compare, explore, autograder; flags start with --; see --help)`);
    return await runCommand(flags, io);
  } catch (e) {
    if (isSetupError(e)) {
      err.write(`error: ${e.message}\n`);
      return 2;
    }
    err.write(`internal error: ${e instanceof Error ? e.message : String(e)} (please report this with the command you ran)\n`);
    if (env.DEBUG) err.write(`${e instanceof Error ? e.stack : ''}\n`);
    return 2;
  }
}

const invokedDirectly = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const interrupts = handleInterrupts((line) => process.stderr.write(line + '\n'));
  main(process.argv.slice(2), process.stdout, process.stderr, process.env, interrupts.signal).then((code) => process.exit(code));
}
