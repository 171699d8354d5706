// `tsx server/variants/cli.ts --variant NAME --root DIR [server flags]`: the reference server
// plus one deviation (catalog.ts), for the proofs that the corpus catches every broken variant
// and fails no permitted one. Takes every flag of the server (server/src/cli-flags.ts); the
// variant's own limits and timeouts give way to flags given explicitly.

import { parseArgs as tokenize } from 'node:util';

import { runCli, runFailed, usageError } from '../src/cli-run.ts';
import { VARIANT_NAMES, isVariantName, variantOptions, variantSpec, type VariantName } from './catalog.ts';

/** `--variant NAME` out of argv (node:util's tokenizer, as the server's flags); the rest is the server's. */
function splitVariant(argv: readonly string[]): { name: string | null; rest: string[] } {
  const { tokens } = tokenize({ args: [...argv], options: { variant: { type: 'string' } }, strict: false, allowPositionals: true, tokens: true });
  let name: string | null = null;
  const taken = new Set<number>();
  for (const token of tokens) {
    if (token.kind !== 'option' || token.name !== 'variant') continue;
    if (token.value === undefined) usageError('--variant needs a value (NAME)');
    name = token.value;
    taken.add(token.index);
    if (token.inlineValue === false) taken.add(token.index + 1);
  }
  return { name, rest: argv.filter((_, i) => !taken.has(i)) };
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
