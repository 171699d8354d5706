// `before`: connections opened ahead of the case's own one, each with its own steps, and left as
// those steps leave them while the case runs (cases/README.md, Several connections).

import { parseSend } from './parse-send.ts';
import type { SideConnection } from './types.ts';
import { kindOf, type Entry, type YamlReader } from './yaml-reader.ts';

const SIDE_KEYS = ['name', 'send', 'count'] as const;
/** A handful of different connections is enough to stall or abort a server. */
export const MAX_SIDE_CONNECTIONS = 8;
/**
 * Copies of one connection (`count`): enough to pass a select() server's 1024 descriptors and a
 * typical connection limit, few enough for the harness's own descriptor limit.
 */
export const MAX_SIDE_COUNT = 1100;
const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export function parseBefore(r: YamlReader, e: Entry, file: string): SideConnection[] | null {
  const seq = r.seq(e, 'before');
  if (!seq) return null;
  if (seq.items.length === 0) {
    r.report(e.line, 'before: expected at least one connection (leave before out for none)');
    return null;
  }
  if (seq.items.length > MAX_SIDE_CONNECTIONS) {
    r.report(e.keyLine, `before: ${seq.items.length} connections, at most ${MAX_SIDE_CONNECTIONS}`);
    return null;
  }
  const out: SideConnection[] = [];
  let ok = true;
  for (const [i, item] of r.items(seq, 'before', e.line).entries()) {
    const side = parseSide(r, item, file, i, out);
    if (side) out.push(side);
    else ok = false;
  }
  return ok ? out : null;
}

function parseSide(r: YamlReader, e: Entry, file: string, index: number, earlier: SideConnection[]): SideConnection | null {
  const map = r.map(e, e.key);
  if (!map) return null;
  const f = r.fields(map, SIDE_KEYS, e.key);
  const before = r.problems.length;
  const nameEntry = f.get('name');
  let name = `before-${index + 1}`;
  if (nameEntry) {
    const v = r.scalar(nameEntry)?.value;
    if (typeof v !== 'string' || !KEBAB.test(v)) r.report(nameEntry.line, `${e.key} name: ${kindOf(nameEntry.node)} is not a kebab-case word`);
    else if (earlier.some((s) => s.name === v)) r.report(nameEntry.line, `${e.key} name: "${v}" names an earlier connection too`);
    else name = v;
  }
  const sendEntry = f.get('send');
  const send = sendEntry ? parseSend(r, sendEntry) : [];
  const countEntry = f.get('count');
  const count = countEntry ? r.integer(countEntry, `${e.key} count`, 1, MAX_SIDE_COUNT) : 1;
  if (r.problems.length > before || !send || count === null) return null;
  return { name, send, count, pos: { file, line: e.line } };
}
