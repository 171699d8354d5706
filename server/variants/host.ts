// `tsx server/variants/host.ts --root DIR NAME...`: starts each named variant (catalog.ts) on a
// free port of 127.0.0.1, all in this one process, prints `NAME PORT` for each and then `ready`,
// and stops them all on SIGTERM or SIGINT, or when its stdin ends (the parent died). The corpus proofs run their many variants this way:
// one process start instead of one per variant. A variant that may end its process (spec
// `ownProcess`) is refused: run it alone with cli.ts.

import { parseArgs as tokenize } from 'node:util';

import { usageError as usage } from '../src/cli-run.ts';
import { startServer } from '../src/server.ts';
import type { RunningServer } from '../src/server.ts';
import { isVariantName, variantOptions, variantSpec } from './catalog.ts';

async function main(argv: readonly string[]): Promise<void> {
  let parsed;
  try {
    // node:util's tokenizer, as every other command line here.
    parsed = tokenize({ args: [...argv], options: { root: { type: 'string' } }, allowPositionals: true });
  } catch (err) {
    usage(err instanceof Error ? err.message : String(err));
  }
  const root = parsed.values.root;
  if (root === undefined) usage('--root DIR is required');
  const names = parsed.positionals;
  if (names.length === 0) usage('name at least one variant');
  const running: RunningServer[] = [];
  for (const name of names) {
    if (!isVariantName(name)) usage(`unknown variant "${name}"`);
    if (variantSpec(name).ownProcess) usage(`variant "${name}" must run in a process of its own (server/variants/cli.ts)`);
    const server = await startServer(variantOptions(name, { root, port: 0 }));
    running.push(server);
    process.stdout.write(`${name} ${server.port}\n`);
  }
  process.stdout.write('ready\n');
  const stop = (): void => {
    Promise.all(running.map((s) => s.close())).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // Started with a pipe on stdin: its end means the parent is gone, and so should we be.
  if (!process.stdin.isTTY) {
    process.stdin.on('end', stop);
    process.stdin.resume();
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
