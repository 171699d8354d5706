// The targets file of `compare`: a YAML list, one entry per server to test. Checked like a case
// file: the first problem ends the command as one `file:line: problem` line (exit 2), before any
// server is started.
//
//   - name: reference
//     reference: true
//   - name: nginx
//     target: 127.0.0.1:8080
//   - name: alice
//     server: "python3 alice/server.py {port} {docroot}"
//     capabilities: "echo,keep-alive"
//     timeout: 1000
//     readyTimeout: 30000
//     mount: /files          # it serves the docroot under /files (as --mount)

import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import { describeFsError } from '../case/find-case-files.ts';
import { CAPABILITIES } from '../case/types.ts';
import { YamlReader, type Entry, type Problem } from '../case/yaml-reader.ts';
import { checkMount } from '../run/mount.ts';
import type { TargetSpec } from '../run/run-suite.ts';

export type TargetEntry = {
  name: string;
  spec: TargetSpec;
  /** `--capabilities` for this target, as written (checked). */
  capabilities?: string;
  /** Time bound per case in ms, for this target only. */
  timeoutMs?: number;
  /** How long a started server may take to listen, in ms (`--ready-timeout` for this target). */
  readyTimeoutMs?: number;
  /** The path prefix it serves the docroot under (`--mount` for this target), checked. */
  mount?: string;
  line: number;
};

export class TargetsFileError extends Error {
  readonly code = 'TARGETS_FILE_INVALID';
  override name = 'TargetsFileError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string,
  ) {
    super(line > 0 ? `${file}:${line}: ${problem}` : `${file}: ${problem}`);
  }
}

const KEYS = ['name', 'target', 'server', 'reference', 'capabilities', 'timeout', 'readyTimeout', 'mount'] as const;
const WHERE = ['target', 'server', 'reference'] as const;
// Names become directory names (targets/<name>/) and table headings: keep them plain.
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
// The same shapes `--target` accepts: host:port, or [v6]:port.
const ADDRESS = /^(?:\[[0-9a-fA-F:.]+\]|[^:\s[\]]+):(\d{1,5})$/;
const MAX_TARGETS = 500;

export async function readTargetsFile(file: string): Promise<TargetEntry[]> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (e) {
    throw new TargetsFileError(file, 0, describeFsError(e as NodeJS.ErrnoException));
  }
  const { targets, problems } = parseTargets(source);
  const first = problems[0];
  if (first) throw new TargetsFileError(file, first.line, first.problem);
  return targets;
}

/** Every problem with its line; `targets` holds the entries that were valid. */
export function parseTargets(source: string): { targets: TargetEntry[]; problems: Problem[] } {
  const lc = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const r = new YamlReader(source, doc, lc);
  const syntax = [...doc.errors, ...doc.warnings];
  if (syntax.length > 0) {
    for (const e of syntax) r.report(lc.linePos(e.pos[0]).line, e.message.split('\n')[0]!.trim());
    return { targets: [], problems: byLine(r.problems) };
  }
  const root = r.entry('file', doc.contents, 1);
  if (root.node === null) {
    r.report(1, 'file: expected a list of targets (- name: ..., then one of target, server, reference)');
    return { targets: [], problems: r.problems };
  }
  const seq = r.seq(root, 'file');
  if (!seq) return { targets: [], problems: r.problems };
  if (seq.items.length === 0) r.report(root.line, 'file: the list of targets is empty');
  if (seq.items.length > MAX_TARGETS) r.report(root.line, `file: ${seq.items.length} targets; at most ${MAX_TARGETS}`);

  const targets: TargetEntry[] = [];
  const seen = new Map<string, number>();
  for (const item of r.items(seq, 'targets', root.line)) {
    const t = parseTarget(r, item);
    if (!t) continue;
    const before = seen.get(t.name.toLowerCase());
    // Case-insensitive: two directories that differ only in case collide on some file systems.
    if (before !== undefined) r.report(t.line, `name: "${t.name}" is used twice (first at line ${before})`);
    else {
      seen.set(t.name.toLowerCase(), t.line);
      targets.push(t);
    }
  }
  return { targets, problems: byLine(r.problems) };
}

function parseTarget(r: YamlReader, item: Entry): TargetEntry | null {
  const map = r.map(item, `${item.key}`);
  if (!map) return null;
  const before = r.problems.length;
  const f = r.fields(map, KEYS, 'target');
  const nameEntry = f.get('name');
  if (!nameEntry) r.report(item.line, 'target: missing name');
  const name = nameEntry ? r.string(nameEntry, 'name') : null;
  if (name !== null && !NAME.test(name)) {
    r.report(nameEntry!.line, `name: "${name}" must be 1-64 letters, digits, dots, dashes or underscores, starting with a letter or digit`);
  }

  const given = WHERE.filter((k) => f.has(k));
  if (given.length === 0) r.report(item.line, `target${name ? ` ${name}` : ''}: needs one of target (HOST:PORT), server (a command) or reference: true`);
  if (given.length > 1) r.report(f.get(given[1]!)!.keyLine, `target: ${given.join(' and ')} cannot be used together; give exactly one`);
  let spec: TargetSpec | null = null;
  if (given.length === 1) spec = parseWhere(r, given[0]!, f.get(given[0]!)!);

  const capsEntry = f.get('capabilities');
  const capabilities = capsEntry ? parseCapabilities(r, capsEntry) : undefined;
  const timeoutEntry = f.get('timeout');
  const timeoutMs = timeoutEntry ? r.integer(timeoutEntry, 'timeout (ms)', 100, 600_000) : undefined;
  const readyEntry = f.get('readyTimeout');
  const readyTimeoutMs = readyEntry ? r.integer(readyEntry, 'readyTimeout (ms)', 100, 600_000) : undefined;
  const mountEntry = f.get('mount');
  const mount = mountEntry ? parseMount(r, mountEntry) : undefined;

  if (r.problems.length > before || name === null || spec === null) return null;
  return {
    name,
    spec,
    ...(capabilities !== undefined && capabilities !== null ? { capabilities } : {}),
    ...(timeoutMs !== undefined && timeoutMs !== null ? { timeoutMs } : {}),
    ...(readyTimeoutMs !== undefined && readyTimeoutMs !== null ? { readyTimeoutMs } : {}),
    ...(mount !== undefined && mount !== null ? { mount } : {}),
    line: item.line,
  };
}

function parseWhere(r: YamlReader, key: (typeof WHERE)[number], e: Entry): TargetSpec | null {
  if (key === 'reference') return r.trueFlag(e, 'reference') ? { kind: 'reference' } : null;
  const value = r.string(e, key);
  if (value === null) return null;
  if (key === 'target') {
    const m = ADDRESS.exec(value);
    const port = m ? Number(m[1]) : NaN;
    if (!m || port < 1 || port > 65535) {
      r.report(e.line, `target: must be HOST:PORT (e.g. 127.0.0.1:8080), got "${value}"`);
      return null;
    }
    return { kind: 'address', address: value };
  }
  // The harness picks the port and waits on it: a command that chooses its own cannot be reached.
  if (!value.includes('{port}')) {
    r.report(e.line, 'server: the command must contain {port} (the free port the harness picks), e.g. "python3 server.py {port} {docroot}"');
    return null;
  }
  return { kind: 'command', command: value };
}

function parseCapabilities(r: YamlReader, e: Entry): string | null {
  const value = r.string(e, 'capabilities');
  if (value === null) return null;
  for (const n of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (!(CAPABILITIES as readonly string[]).includes(n)) {
      r.report(e.line, `capabilities: unknown capability "${n}" (one of: ${CAPABILITIES.join(', ')})`);
      return null;
    }
  }
  return value;
}

function parseMount(r: YamlReader, e: Entry): string | null {
  const value = r.string(e, 'mount');
  if (value === null) return null;
  try {
    return checkMount(value);
  } catch {
    r.report(e.line, `mount: "${value}" must be a path prefix such as /files (starting with /, without a trailing /, no spaces)`);
    return null;
  }
}

function byLine(problems: Problem[]): Problem[] {
  return problems.map((p, i) => ({ p, i })).sort((a, b) => a.p.line - b.p.line || a.i - b.i).map(({ p }) => p);
}
