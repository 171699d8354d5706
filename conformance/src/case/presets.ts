// `presets:` at the top of a case file: named outcomes that the file's `expect` lists use as
// `- preset: NAME` (with any field given beside it taking precedence), so a note repeated in
// thirty cases is written once. Each preset is checked once, where it is defined; only presets
// without problems are registered, so a use never repeats the definition's problems.

import { isMap } from 'yaml';
import { parseAlternative } from './parse-expect.ts';
import type { Entry, YamlReader } from './yaml-reader.ts';

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export function parsePresets(r: YamlReader, e: Entry): void {
  const map = r.map(e, 'presets');
  if (!map) return;
  for (const pair of map.items) {
    const key = r.entry('presets', pair.key, e.line);
    const name = r.scalar(key)?.value;
    if (typeof name !== 'string' || !KEBAB.test(name)) {
      r.report(key.line, `presets: ${JSON.stringify(name)} is not a kebab-case name`);
      continue;
    }
    const value = r.entry(`preset ${name}`, pair.value, key.line);
    if (!isMap(value.node)) {
      r.report(value.line, `preset ${name}: expected an outcome (responses, connection, interim, grade, note)`);
      continue;
    }
    if (value.node.items.some((p) => r.scalar(r.entry('', p.key, 0))?.value === 'preset')) {
      r.report(value.line, `preset ${name}: a preset cannot use another preset`);
      continue;
    }
    const before = r.problems.length;
    parseAlternative(r, value, '');
    if (r.problems.length === before) r.presets.set(name, value);
  }
}
