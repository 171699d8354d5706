// `tsx scripts/bench/profile-summary.ts FILE.cpuprofile [N]`: the N functions with the most self
// time in a V8 CPU profile (from `npm run bench -- --cpu-prof DIR`), one line each.

import { readFileSync } from 'node:fs';

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount: number };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

const [file, top = '30'] = process.argv.slice(2);
if (file === undefined) {
  process.stderr.write('usage: profile-summary.ts FILE.cpuprofile [N]\n');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const n = byNode.get(id);
  const dt = profile.timeDeltas[i] ?? 0;
  if (n === undefined) return;
  const f = n.callFrame;
  const where = f.url === '' ? '' : ` ${f.url.replace(/^.*\/(server|scripts|node_modules)\//, '$1/')}:${f.lineNumber + 1}`;
  const key = `${f.functionName || '(anonymous)'}${where}`;
  self.set(key, (self.get(key) ?? 0) + dt);
  total += dt;
});
const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(top));
for (const [key, us] of rows) process.stdout.write(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${key}\n`);
