// Writes scripts/test-durations.json from the durations Vitest cached in its last full run
// (node_modules/.vite/vitest/*/results.json). vitest.config.ts starts the longest files first
// from it on a checkout without that cache (CI): run `npm test`, then this, after adding or
// reshaping a slow test file.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const cacheDir = path.join(root, 'node_modules/.vite/vitest');
const durations = {};
for (const dir of readdirSync(cacheDir)) {
  const { results } = JSON.parse(readFileSync(path.join(cacheDir, dir, 'results.json'), 'utf8'));
  for (const [key, { duration }] of results) {
    const file = key.replace(/^[^:]*:/, '');
    // The cache remembers files since deleted (or run once from a scratch copy).
    if (existsSync(path.join(root, file))) durations[file] = Math.round(duration / 100) * 100;
  }
}
const sorted = Object.fromEntries(Object.entries(durations).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
writeFileSync(path.join(root, 'scripts/test-durations.json'), JSON.stringify(sorted, null, 1) + '\n');
console.log(`scripts/test-durations.json: ${Object.keys(sorted).length} files`);
