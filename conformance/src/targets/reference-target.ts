import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { commandTarget, shellQuote, type CommandTargetOptions } from './command-target.ts';
import type { Target } from './target.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The command that starts the bundled reference server, in its own process (it gets a core). */
export function referenceServerCommand(extraArgs: readonly string[] = []): string {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const cli = path.join(REPO, 'server/src/cli.ts');
  return [process.execPath, '--import', tsx, cli, '--port', '{port}', '--root', '{docroot}', ...extraArgs].map((a) => (a.startsWith('{') ? a : shellQuote(a))).join(' ');
}

/** No target flag: start the reference server on a free port with the fixture docroot. */
export function referenceTarget(docroot: string, extraArgs: readonly string[] = [], lifecycle: Pick<CommandTargetOptions, 'readyTimeoutMs' | 'signal'> = {}): Promise<Target> {
  return commandTarget({ command: referenceServerCommand(extraArgs), docroot, kind: 'reference', reproduceFlags: '', ...lifecycle });
}
