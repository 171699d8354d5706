import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FLAGS } from '../../src/cli/flags.ts';
import { REPORTERS } from '../../src/report/reporters.ts';
import { FLAGS as SERVER_FLAGS } from '../../../server/src/cli-flags.ts';

const README = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../README.md'), 'utf8');

describe('README', () => {
  it('documents every flag of the table and every reporter', () => {
    for (const f of FLAGS) expect(README, `--${f.name}`).toContain(`\`--${f.name}`);
    for (const name of Object.keys(REPORTERS)) expect(README, name).toContain(`\`${name}\``);
  });

  it('documents every flag of the reference server', () => {
    for (const f of SERVER_FLAGS) expect(README, f.name).toContain(`\`${f.name}`);
  });

  it('shows the two commands for a fresh machine', () => {
    expect(README).toContain('npm install && npm run conformance');
    expect(README).toContain('npm install && npm test');
  });
});
