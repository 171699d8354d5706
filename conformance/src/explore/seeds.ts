// The corpus as seeds: each case that sends requests on one connection becomes one template (its
// writes joined; pauses, awaits and side connections are left out, because the explorer sends one
// write and reads). Cases that need a value only some targets give ({etag}, ...) are skipped.

import type { Case } from '../case/types.ts';
import { isValidTemplate, type Template } from './template.ts';

export type Seed = { id: string; area: Case['area']; template: Template };

export function seedsFrom(cases: readonly Case[]): Seed[] {
  const seeds: Seed[] = [];
  for (const c of cases) {
    if (c.before || c.tags.includes('slow')) continue;
    if (c.send.some((s) => s.kind === 'close')) continue;
    let text = '';
    let tooBig = false;
    for (const step of c.send) {
      if (step.kind !== 'write') continue;
      for (const p of step.parts) {
        if (p.kind === 'repeat' && p.text.length * p.times > 4096) tooBig = true;
        else text += p.kind === 'text' ? p.text : p.text.repeat(p.times);
      }
    }
    if (tooBig || !isValidTemplate(text)) continue;
    seeds.push({ id: c.id, area: c.area, template: text });
  }
  return seeds;
}
