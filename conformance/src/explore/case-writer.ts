// A finding as a case file for review (DIR/found-*.yaml): the shrunk bytes, the reference's
// outcome as the allowed alternative, every disagreeing target's outcome as a known bad one (or a
// discouraged one for a mere accept/reject difference, which the grading policy does not let
// fail), and notes naming the targets. It passes --lint as written; before it moves to cases/ a
// person checks the rfc, quote and level and gives it an id with its area's prefix.

import type { Area } from '../case/types.ts';
import { escapeLatin1 } from '../wire/escape.ts';
import { describeSeen, statusClass, type FindingClass } from './disagreement.ts';
import type { Seen, SeenResponse } from './observe.ts';
import { expandedLength, type Template } from './template.ts';

export type TargetSeen = { name: string; seen: Seen; echo: boolean };

export type Finding = {
  id: string;
  cls: FindingClass;
  template: Template;
  originalOctets: number;
  shrinkTests: number;
  seedId: string;
  area: Area;
  mutations: string[];
  requestIndex: number;
  exploreSeed: number;
  timeoutMs: number;
  reference: TargetSeen;
  disagreeing: TargetSeen[];
};

const SMUGGLING = {
  rfc: 'RFC 9112 §11.2',
  quote:
    'Request smuggling ([Linhart]) is a technique that exploits differences in protocol parsing among various recipients to hide additional requests (which might otherwise be blocked or disallowed by policy) within an apparently harmless request.',
};
const ROBUSTNESS = {
  rfc: 'RFC 9110 §17.5',
  quote:
    'Because HTTP uses mostly textual, character-delimited fields, parsers are often vulnerable to attacks based on sending very long (or very slow) streams of data, particularly where an implementation is expecting a protocol element with no predefined length (Section 2.3).',
};

/** The harm each class shows, as the grading policy names it; `status` shows none. */
const HARM: Record<FindingClass, string | null> = { crash: 'crash', hang: 'hang', framing: 'desync', echo: 'desync', status: null };

export function renderFinding(f: Finding): string {
  const harm = HARM[f.cls];
  const source = f.cls === 'crash' || f.cls === 'hang' ? ROBUSTNESS : SMUGGLING;
  const names = f.disagreeing.map((d) => d.name).join(', ');
  const bodies = f.cls === 'echo';
  const refMatcher = responsesYaml(f.reference.seen, bodies && f.reference.echo);
  const wrapped = wrap(source.quote, 86).map((l) => `      ${l}`);
  const out = [
    `# Found by \`npm run conformance -- explore\` (seed ${f.exploreSeed}, request ${f.requestIndex}): corpus case`,
    `# ${f.seedId} after ${f.mutations.length > 0 ? f.mutations.join(', ') : 'no mutation'}; shrunk from ${f.originalOctets} to ${expandedLength(f.template)} octets (${expandedLength(f.template.replaceAll('{canary}', ''))} without the canary) in ${f.shrinkTests} tests.`,
    '# Review before moving it into cases/: the rfc, quote and level, and an id with its area prefix.',
    `#   ${f.reference.name} (reference): ${describeSeen(f.reference.seen)}`,
    ...f.disagreeing.map((d) => `#   ${d.name}: ${describeSeen(d.seen)}`),
    `area: ${f.area}`,
    'cases:',
    `  - id: ${f.id}`,
    `    title: ${JSON.stringify(`explore: ${names} ${verb(f.cls)} ${f.reference.name} on ${escapeLatin1(firstLine(f.template), 60)}`)}`,
    `    rfc: ${source.rfc}`,
    '    quote: >-',
    ...wrapped,
    '    level: robustness',
    `    why: ${JSON.stringify(`Found by differential exploration: ${names} read this request differently from ${f.reference.name} (${f.cls}).`)}`,
    `    tags: [found, explore-${f.cls}${harm ? `, ${harm}` : ''}]`,
    ...(bodies && f.reference.echo && f.template.includes('/echo') ? ['    needs: [echo]'] : []),
    `    timeout: ${f.timeoutMs}`,
    '    send:',
    `      - ${yamlBytes(f.template)}`,
    '    expect:',
    `      - responses: ${refMatcher}`,
    `        note: ${JSON.stringify(`as ${f.reference.name} answers: ${describeSeen(f.reference.seen)}`)}`,
  ];
  // Targets that read the request the same way share one alternative.
  const groups = new Map<string, TargetSeen[]>();
  for (const d of f.disagreeing) {
    const m = responsesYaml(d.seen, bodies && d.echo);
    if (m === refMatcher) continue;
    groups.set(m, [...(groups.get(m) ?? []), d]);
  }
  for (const [matcher, ts] of groups) {
    out.push(`      - responses: ${matcher}`);
    out.push(`        grade: ${harm ? 'fail' : 'warn'}`);
    out.push(`        note: ${JSON.stringify(`as ${ts.map((t) => t.name).join(', ')} ${ts.length === 1 ? 'answers' : 'answer'} (${f.cls}): ${describeSeen(ts[0]!.seen)}`)}`);
  }
  return out.join('\n') + '\n';
}

function verb(cls: FindingClass): string {
  switch (cls) {
    case 'crash':
      return 'crashes where';
    case 'hang':
      return 'waits differently from';
    case 'framing':
      return 'frames differently from';
    case 'echo':
      return 'echoes a different body from';
    case 'status':
      return 'accepts or rejects differently from';
  }
}

function responsesYaml(s: Seen, withBodies: boolean): string {
  return `[${s.finals.map((r) => responseYaml(r, withBodies)).join(', ')}]`;
}

function responseYaml(r: SeenResponse, withBody: boolean): string {
  if (r.canary) return 'canary';
  const cls = statusClass(r);
  const status = cls === '?' ? 'any' : cls === '4xx/5xx' ? '[4xx, 5xx]' : cls;
  // A body that holds our own address cannot be written without the {host} it was sent as.
  if (withBody && r.body !== undefined && !r.body.includes('127.0.0.1') && !/\{[a-z-]+\}/.test(r.body)) {
    return `{ status: ${status}, body: ${yamlBytes(r.body)} }`;
  }
  return `{ status: ${status} }`;
}

/** Octets as a YAML double-quoted string in the corpus's escapes (cases/README.md, Bytes). */
export function yamlBytes(text: string): string {
  return `"${escapeLatin1(text).replaceAll('"', '\\"')}"`;
}

function firstLine(t: Template): string {
  const eol = t.indexOf('\n');
  return (eol < 0 ? t : t.slice(0, eol)).replace(/\r$/, '');
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}
