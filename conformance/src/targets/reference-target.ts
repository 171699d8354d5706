import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundled } from './bundle.ts';
import { commandTarget, shellQuote, type CommandTargetOptions } from './command-target.ts';
import type { Target } from './target.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The command that starts the bundled reference server, in its own process (it gets a core). */
export async function referenceServerCommand(extraArgs: readonly string[] = []): Promise<string> {
  return nodeCommand(await bundled(path.join(REPO, 'server/src/cli.ts')), ['--port', '{port}', '--root', '{docroot}', ...extraArgs]);
}

/** `node SCRIPT ARGS` as one shell line; `{port}` and `{docroot}` stay for the harness to fill in. */
export function nodeCommand(script: string, args: readonly string[]): string {
  return [process.execPath, script, ...args].map((a) => (a.startsWith('{') ? a : shellQuote(a))).join(' ');
}

/** No target flag: start the reference server on a free port with the fixture docroot. */
export async function referenceTarget(docroot: string, extraArgs: readonly string[] = [], lifecycle: Pick<CommandTargetOptions, 'readyTimeoutMs' | 'signal'> = {}): Promise<Target> {
  return commandTarget({ command: await referenceServerCommand(extraArgs), docroot, kind: 'reference', reproduceFlags: '', ...lifecycle });
}
