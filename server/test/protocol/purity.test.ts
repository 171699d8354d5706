// The protocol layer is sans-I/O: no sockets, timers, clocks or file system anywhere in it.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = join(import.meta.dirname, '../../src/protocol');
const FORBIDDEN = [
  /from ['"](node:)?(net|tls|dgram|fs|fs\/promises|timers|timers\/promises|http|https|child_process|worker_threads)['"]/,
  /\bsetTimeout\b|\bsetInterval\b|\bsetImmediate\b|\bqueueMicrotask\b|\bprocess\.nextTick\b/,
  /\bDate\.now\b|\bperformance\.now\b|\bnew Date\b/,
  /\brequire\(/,
];

describe('server/src/protocol', () => {
  const files = readdirSync(DIR).filter((name) => name.endsWith('.ts'));

  it('holds the parser files', () => {
    expect(files).toContain('request-parser.ts');
    expect(files.length).toBeGreaterThan(10);
  });

  for (const name of files) {
    it(`${name} does no I/O and reads no clock`, () => {
      const source = readFileSync(join(DIR, name), 'utf8');
      for (const pattern of FORBIDDEN) expect(source, String(pattern)).not.toMatch(pattern);
      for (const match of source.matchAll(/from ['"]([^'"]+)['"]/g)) expect(match[1], 'only local imports').toMatch(/^\.\/[a-z0-9-]+\.ts$/);
    });
  }
});
