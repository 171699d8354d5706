// A TypeScript entry point bundled into one ES module with esbuild, rebuilt only when one of its
// sources changed. Starting node on a bundle costs about 50 ms of CPU; starting it through tsx
// (which loads esbuild and transforms each module) about 300 ms, paid by every start and every
// restart of the reference server, and by the harness's own runs in the tests.

import { build, type Metafile } from 'esbuild';
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { REPO } from '../checkout.ts';

// Inside the checkout, so that packages stay outside the bundle and load from its node_modules as
// they do from the sources (esbuild, for one, finds its binary beside its own files).
const DIR = path.join(REPO, 'node_modules/.cache/http11-conformance/bundles');

/** Builds under way in this process: starts side by side share one (and its file names). */
const building = new Map<string, Promise<string>>();

/** The path of a current bundle of `entry` (an absolute .ts path); built when missing or stale. */
export function bundled(entry: string): Promise<string> {
  let pending = building.get(entry);
  if (pending === undefined) {
    pending = bundleOnce(entry).finally(() => building.delete(entry));
    building.set(entry, pending);
  }
  return pending;
}

async function bundleOnce(entry: string): Promise<string> {
  const name = `${path.basename(entry, '.ts')}-${createHash('sha256').update(entry).digest('hex').slice(0, 12)}`;
  const out = path.join(DIR, `${name}.mjs`);
  const meta = path.join(DIR, `${name}.meta.json`);
  if (await current(out, meta)) return out;
  await mkdir(DIR, { recursive: true });
  // Built beside and renamed: a concurrent start never runs a half-written bundle.
  const unique = `${process.pid}-${randomUUID()}`;
  const tmp = `${out}.${unique}.tmp.mjs`;
  const inputs = await bundleTo(entry, tmp);
  await writeFile(`${meta}.${unique}`, JSON.stringify(inputs));
  await rename(`${meta}.${unique}`, meta);
  await rename(tmp, out);
  return out;
}

/**
 * Bundles `entry` into the one file `outfile`, packages left to the node_modules beside it; resolves
 * with the absolute paths of the sources it read.
 */
export async function bundleTo(entry: string, outfile: string): Promise<string[]> {
  const result = await build({ entryPoints: [entry], bundle: true, packages: 'external', platform: 'node', format: 'esm', target: 'node20', outfile, metafile: true, logLevel: 'silent' });
  return inputsOf(result.metafile, process.cwd());
}

/** The bundle exists and no input is newer than it (or gone). */
async function current(out: string, meta: string): Promise<boolean> {
  try {
    const [built, inputs] = await Promise.all([stat(out), readFile(meta, 'utf8').then((t) => JSON.parse(t) as string[])]);
    const times = await Promise.all(inputs.map((f) => stat(f).then((s) => s.mtimeMs)));
    return times.every((t) => t <= built.mtimeMs);
  } catch {
    return false;
  }
}

/** esbuild names inputs relative to the working directory it ran in. */
function inputsOf(metafile: Metafile, cwd: string): string[] {
  return Object.keys(metafile.inputs).map((f) => path.resolve(cwd, f));
}
