// One case file: YAML text to cases plus every problem found, each with its line. Syntax errors
// stop the file there: a broken document would only produce confusing follow-up problems.

import { LineCounter, parseDocument, visit } from 'yaml';
import { parseArea, parseCase } from './parse-case.ts';
import { parsePresets } from './presets.ts';
import type { Area, Case } from './types.ts';
import { YamlReader, type Problem } from './yaml-reader.ts';

const FILE_KEYS = ['area', 'presets', 'cases'] as const;

export type ParsedFile = { cases: Case[]; problems: Problem[] };

export function parseCaseFile(file: string, source: string): ParsedFile {
  const lc = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const r = new YamlReader(source, doc, lc);
  // Warnings too: an unresolved tag (`!foo`) silently turns a value into a string.
  const syntax = [...doc.errors, ...doc.warnings];
  if (syntax.length > 0) {
    for (const err of syntax) r.report(lc.linePos(err.pos[0]).line, oneLine(err.message));
    return { cases: [], problems: sortByLine(r.problems) };
  }
  // An alias is a reference: five nested levels of 100 aliases each stand for 10^10 nodes, and
  // a walk that follows them never ends. Repeated outcomes are what presets are for.
  let first: { line: number; name: string } | null = null;
  let aliases = 0;
  visit(doc, {
    Alias(_, node) {
      aliases++;
      first ??= { line: node.range ? lc.linePos(node.range[0]).line : 1, name: node.source };
    },
  });
  if (first !== null) {
    const { line, name } = first as { line: number; name: string };
    const more = aliases > 1 ? ` (and ${aliases - 1} more in this file)` : '';
    r.report(line, `alias *${name}: aliases are not allowed in case files${more}; write the value out, or name a repeated outcome under presets: (cases/README.md)`);
    return { cases: [], problems: sortByLine(r.problems) };
  }

  const cases: Case[] = [];
  const root = r.entry('file', doc.contents, 1);
  const map = root.node === null ? null : r.map(root, 'file');
  if (root.node === null) r.report(1, 'file: expected a mapping with cases: [...]');
  if (map) {
    const f = r.fields(map, FILE_KEYS, 'file');
    const areaEntry = f.get('area');
    const presetsEntry = f.get('presets');
    if (presetsEntry) parsePresets(r, presetsEntry);
    const defaultArea: Area | null = areaEntry ? parseArea(r, areaEntry) : null;
    const list = f.get('cases');
    if (!list) r.report(root.line, 'file: missing cases');
    const seq = list ? r.seq(list, 'cases') : null;
    if (list && seq && seq.items.length === 0) r.report(list.line, 'cases: the list is empty');
    if (seq) {
      for (const item of r.items(seq, 'cases', list!.line)) {
        const c = parseCase(r, item, file, defaultArea, areaEntry !== undefined);
        if (c) cases.push(c);
      }
    }
  }
  return { cases, problems: sortByLine(r.problems) };
}

function oneLine(message: string): string {
  return message.split('\n')[0]!.trim();
}

function sortByLine(problems: Problem[]): Problem[] {
  return problems.map((p, i) => ({ p, i })).sort((a, b) => a.p.line - b.p.line || a.i - b.i).map(({ p }) => p);
}
