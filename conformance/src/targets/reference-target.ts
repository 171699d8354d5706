import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO } from '../checkout.ts';
import { bundled } from './bundle.ts';
import { commandTarget, shellQuote, type CommandTargetOptions } from './command-target.ts';
import type { Target } from './target.ts';

/** The reference server's entry point. */
export const REFERENCE_SERVER_ENTRY = path.join(REPO, 'server/src/cli.ts');

/** The command that starts the bundled reference server, in its own process (it gets a core). */
export async function referenceServerCommand(extraArgs: readonly string[] = []): Promise<string> {
  const args = ['--port', '{port}', '--root', '{docroot}', ...extraArgs];
  // No bundle (a temporary directory that cannot be written, say): the sources under tsx, slower to start.
  const script = await bundled(REFERENCE_SERVER_ENTRY).catch(() => null);
  return script === null ? nodeCommand(REFERENCE_SERVER_ENTRY, args, ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href]) : nodeCommand(script, args);
}

/** `node [NODE_ARGS] SCRIPT ARGS` as one shell line; `{port}` and `{docroot}` stay for the harness to fill in. */
export function nodeCommand(script: string, args: readonly string[], nodeArgs: readonly string[] = []): string {
  return [process.execPath, ...nodeArgs, script, ...args].map((a) => (a.startsWith('{') ? a : shellQuote(a))).join(' ');
}

/** No target flag: start the reference server on a free port with the fixture docroot. */
export async function referenceTarget(docroot: string, extraArgs: readonly string[] = [], lifecycle: Pick<CommandTargetOptions, 'readyTimeoutMs' | 'signal'> = {}): Promise<Target> {
  return commandTarget({ command: await referenceServerCommand(extraArgs), docroot, kind: 'reference', reproduceFlags: '', ...lifecycle });
}
