// The JSON Schema editors use must agree with the loader: same enums, every README example loads,
// and every case file of the corpus (and every README example) validates against it.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { findCaseFiles, loadCases } from '../../src/case/load.ts';
import { AREAS, CAPABILITIES, CONNECTION_STATES, GRADES, INTERIM_RULES, LEVELS } from '../../src/case/types.ts';
import { caseDir, removeCaseDirs } from './case-files.ts';

afterAll(removeCaseDirs);

const ROOT = join(import.meta.dirname, '../../..');
type Json = { [key: string]: Json } | Json[] | string | number | boolean | null;

async function schema(): Promise<Record<string, Json>> {
  return JSON.parse(await readFile(join(ROOT, 'conformance/schema/case-file.schema.json'), 'utf8')) as Record<string, Json>;
}

describe('case file JSON schema', () => {
  it('has the enums of types.ts', async () => {
    const defs = (await schema()).$defs as Record<string, { enum: string[] }>;
    expect(defs.area?.enum).toEqual([...AREAS]);
    expect(defs.level?.enum).toEqual([...LEVELS]);
    expect(defs.capability?.enum).toEqual([...CAPABILITIES]);
    expect(defs.connection?.enum).toEqual([...CONNECTION_STATES]);
    expect(defs.interimRule?.enum).toEqual([...INTERIM_RULES]);
    expect(defs.grade?.enum).toEqual([...GRADES]);
  });

  it('describes every field', async () => {
    const undocumented: string[] = [];
    const walk = (node: Json, path: string): void => {
      if (node === null || typeof node !== 'object') return;
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${path}[${i}]`));
      const props = node.properties;
      if (props && typeof props === 'object' && !Array.isArray(props)) {
        for (const [name, def] of Object.entries(props)) {
          const described = def !== null && typeof def === 'object' && !Array.isArray(def) && typeof def.description === 'string';
          // Properties inside if/then only restate constraints of fields described elsewhere.
          if (!described && !/\.(if|then|contains)\b/.test(path)) undocumented.push(`${path}.${name}`);
        }
      }
      for (const [key, value] of Object.entries(node)) walk(value, `${path}.${key}`);
    };
    walk(await schema(), '$');
    expect(undocumented).toEqual([]);
  });

  it('loads every YAML example in cases/README.md', async () => {
    const readme = await readFile(join(ROOT, 'cases/README.md'), 'utf8');
    const examples = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(examples.length).toBeGreaterThan(0);
    const files = Object.fromEntries(examples.map((text, i) => [`example-${i}.yaml`, text]));
    const dir = await caseDir(files);
    const cases = await loadCases([dir]);
    expect(cases.length).toBeGreaterThanOrEqual(examples.length);
  });

  it('validates every case file of the corpus and every README example', async () => {
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(await schema());
    const readme = await readFile(join(ROOT, 'cases/README.md'), 'utf8');
    const examples = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m, i) => ({ name: `cases/README.md example ${i}`, text: m[1]! }));
    const files = await findCaseFiles([join(ROOT, 'cases')]);
    expect(files.length).toBeGreaterThan(10);
    const documents = [...(await Promise.all(files.map(async (f) => ({ name: f, text: await readFile(f, 'utf8') })))), ...examples];
    const invalid: string[] = [];
    for (const { name, text } of documents) {
      if (!validate(parse(text))) invalid.push(`${name}: ${(validate.errors ?? []).slice(0, 3).map((e) => `${e.instancePath} ${e.message}`).join('; ')}`);
    }
    expect(invalid).toEqual([]);
  });

  it('rejects what the loader rejects: an unknown step key, a preset without an outcome, a repetition without steps', async () => {
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(await schema());
    const base = { area: 'host', cases: [{ id: 'host-x', title: 't', rfc: 'RFC 9112 §3.2', quote: 'q MUST', level: 'MUST', send: ['GET / HTTP/1.1\r\n\r\n'], expect: [{ responses: [] }] }] };
    expect(validate(base)).toBe(true);
    const withSteps = (send: unknown[]): unknown => ({ ...base, cases: [{ ...base.cases[0], send }] });
    expect(validate(withSteps([{ times: 20, steps: [{ pause: 5000 }, 'X-Trickle-{i}: a\r\n'] }]))).toBe(true);
    expect(validate(withSteps([{ times: 20 }]))).toBe(false);
    expect(validate(withSteps([{ sleep: 5 }]))).toBe(false);
    const withPreset = (presets: unknown, alt: unknown): unknown => ({ ...base, presets, cases: [{ ...base.cases[0], expect: [alt] }] });
    expect(validate(withPreset({ 'closed-silently': { responses: [], connection: 'closed', grade: 'warn', note: 'n' } }, { preset: 'closed-silently' }))).toBe(true);
    expect(validate(withPreset({ 'closed-silently': { grade: 'warn', note: 'n' } }, { preset: 'closed-silently' }))).toBe(false);
  });
});
