// `tsx server/variants/cli.ts --variant NAME --root DIR [server flags]`: the reference server
// plus one deviation (catalog.ts), for the proofs that the corpus catches every broken variant
// and fails no permitted one. Takes every flag of the server (server/src/cli-flags.ts); the
// variant's own limits and timeouts give way to flags given explicitly.

import { runCli, runFailed, usageError } from '../src/cli-run.ts';
import { VARIANT_NAMES, isVariantName, variantOptions, variantSpec, type VariantName } from './catalog.ts';

function splitVariant(argv: readonly string[]): { name: string | null; rest: string[] } {
  const rest: string[] = [];
  let name: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--variant') {
      if (i + 1 >= argv.length) usageError('--variant needs a value (NAME)');
      name = argv[++i]!;
    } else if (arg.startsWith('--variant=')) {
      name = arg.slice('--variant='.length);
    } else {
      rest.push(arg);
    }
  }
  return { name, rest };
}

const { name, rest } = splitVariant(process.argv.slice(2));
const help = rest.includes('--help');
if (!help && name === null) usageError(`--variant is required (one of: ${VARIANT_NAMES.join(', ')})`);
if (name !== null && !isVariantName(name)) usageError(`--variant has an unknown name "${name}" (valid: ${VARIANT_NAMES.join(', ')})`);

const spec = name !== null && isVariantName(name) ? variantSpec(name) : null;
runCli(rest, {
  usage: `  --variant NAME           the deviation (${VARIANT_NAMES.length} of them, server/variants/catalog.ts)\n`,
  ...(spec === null
    ? {}
    : {
        banner: `variant ${name} (${spec.kind}): ${spec.description}`,
        compose: (options) => variantOptions(name as VariantName, options),
      }),
}).catch(runFailed);
