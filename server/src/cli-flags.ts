// The command line of the reference server: one typed table of flags, tokenized by node:util's
// parseArgs, turned into options or one error line naming the flag.

import { parseArgs as tokenize } from 'node:util';

import { LENIENCIES } from './protocol/leniency.ts';
import type { Leniency } from './protocol/leniency.ts';
import { DEFAULT_LIMITS } from './protocol/limits.ts';
import type { ParserLimits } from './protocol/limits.ts';
import { DEFAULT_TIMEOUTS } from './timeouts.ts';
import type { Timeouts } from './timeouts.ts';
import { DEFAULT_MAX_CONNECTIONS } from './over-capacity.ts';
import { DEFAULT_DISCARD_BODY_BYTES, DEFAULT_MAX_PIPELINED } from './server.ts';

export type CliOptions = {
  host: string;
  port: number;
  root: string | null;
  timeouts: Partial<Timeouts>;
  limits: Partial<ParserLimits>;
  lenient: Leniency[];
  /** Absent unless given: the server's default applies. */
  maxConnections?: number;
  maxPipelined?: number;
  discardBodyBytes?: number;
  help: boolean;
};

type Flag = {
  name: string;
  /** Placeholder shown in the usage; absent for a switch without a value. */
  value?: string;
  help: string;
  /** Returns an error message (without the flag name) or null. */
  apply: (options: CliOptions, value: string) => string | null;
};

function integer(value: string, min: number, max: number): number | null {
  if (!/^\d{1,10}$/.test(value)) return null;
  const n = Number(value);
  return n >= min && n <= max ? n : null;
}

function octets(value: string): number | null {
  return /^\d{1,15}$/.test(value) ? Number(value) : null;
}

function limit(key: keyof ParserLimits, min: number): Flag['apply'] {
  return (options, value) => {
    const n = octets(value);
    if (n === null || n < min) return `must be an integer of at least ${min}, got "${value}"`;
    options.limits[key] = n;
    return null;
  };
}

function count(key: 'maxConnections' | 'maxPipelined'): Flag['apply'] {
  return (options, value) => {
    const n = integer(value, 1, 1_000_000);
    if (n === null) return `must be an integer 1-1000000, got "${value}"`;
    options[key] = n;
    return null;
  };
}

function timeout(key: keyof Timeouts): Flag['apply'] {
  return (options, value) => {
    const ms = integer(value, 1, 3_600_000);
    if (ms === null) return `must be a number of milliseconds (1-3600000), got "${value}"`;
    options.timeouts[key] = ms;
    return null;
  };
}

export const FLAGS: readonly Flag[] = [
  {
    name: '--port',
    value: 'PORT',
    help: 'TCP port to listen on; 0 picks a free one (default 8080)',
    apply: (options, value) => {
      const port = integer(value, 0, 65535);
      if (port === null) return `must be an integer 0-65535, got "${value}"`;
      options.port = port;
      return null;
    },
  },
  {
    name: '--root',
    value: 'DIR',
    help: 'the docroot to serve (required)',
    apply: (options, value) => {
      if (value === '') return 'must name a directory';
      options.root = value;
      return null;
    },
  },
  {
    name: '--host',
    value: 'ADDR',
    help: 'address to bind (default 127.0.0.1)',
    apply: (options, value) => {
      if (!/^[A-Za-z0-9.:-]+$/.test(value)) return `must be an IP address or host name, got "${value}"`;
      options.host = value;
      return null;
    },
  },
  { name: '--headers-timeout', value: 'MS', help: `time allowed for a header section (default ${DEFAULT_TIMEOUTS.headersMs})`, apply: timeout('headersMs') },
  { name: '--idle-timeout', value: 'MS', help: `idle keep-alive connections close after this (default ${DEFAULT_TIMEOUTS.idleMs})`, apply: timeout('idleMs') },
  { name: '--body-timeout', value: 'MS', help: `how long a request body may make no progress (default ${DEFAULT_TIMEOUTS.bodyMs})`, apply: timeout('bodyMs') },
  {
    name: '--min-body-rate',
    value: 'N',
    help: `octets a second a request body must average, or it times out after --body-timeout; 0: only a gap between reads times out (default ${DEFAULT_TIMEOUTS.minBodyRate})`,
    apply: (options, value) => {
      const n = integer(value, 0, 1_000_000_000);
      if (n === null) return `must be a number of octets a second, got "${value}"`;
      options.timeouts.minBodyRate = n;
      return null;
    },
  },
  { name: '--send-timeout', value: 'MS', help: `longest a client may leave our answers unread (default ${DEFAULT_TIMEOUTS.sendMs})`, apply: timeout('sendMs') },
  {
    name: '--max-connections',
    value: 'N',
    help: `open connections beyond N get a 503 and are closed (default ${DEFAULT_MAX_CONNECTIONS})`,
    apply: count('maxConnections'),
  },
  {
    name: '--max-body-bytes',
    value: 'N',
    help: `request bodies larger than N octets get a 413, before they are read (default ${DEFAULT_LIMITS.maxBodyBytes})`,
    apply: limit('maxBodyBytes', 0),
  },
  {
    name: '--max-request-line',
    value: 'N',
    help: `a request line longer than N octets gets a 414 (default ${DEFAULT_LIMITS.maxRequestLineBytes})`,
    apply: limit('maxRequestLineBytes', 16),
  },
  {
    name: '--max-header-bytes',
    value: 'N',
    help: `a header section longer than N octets gets a 431 (default ${DEFAULT_LIMITS.maxHeaderBytes})`,
    apply: limit('maxHeaderBytes', 2),
  },
  {
    name: '--max-header-fields',
    value: 'N',
    help: `more than N header fields get a 431 (default ${DEFAULT_LIMITS.maxHeaderCount})`,
    apply: limit('maxHeaderCount', 1),
  },
  {
    name: '--max-pipelined',
    value: 'N',
    help: `answers held for a client that pipelines without reading them; at N its connection is not read until they drain (default ${DEFAULT_MAX_PIPELINED})`,
    apply: count('maxPipelined'),
  },
  {
    name: '--discard-body-bytes',
    value: 'N',
    help: `a body the answer does not need is read and dropped up to N octets; past N the answer goes at once and the connection closes (default ${DEFAULT_DISCARD_BODY_BYTES})`,
    apply: (options, value) => {
      const n = octets(value);
      if (n === null) return `must be a number of octets, got "${value}"`;
      options.discardBodyBytes = n;
      return null;
    },
  },
  {
    name: '--lenient',
    value: 'LIST',
    help: `comma-separated parser leniencies (${LENIENCIES.join(', ')})`,
    apply: (options, value) => {
      for (const name of value.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
        if (!(LENIENCIES as readonly string[]).includes(name)) return `has an unknown leniency "${name}"`;
        options.lenient.push(name as Leniency);
      }
      return null;
    },
  },
  {
    name: '--help',
    help: 'print this help',
    apply: (options) => {
      options.help = true;
      return null;
    },
  },
];

export type ParsedArgs = { ok: true; options: CliOptions } | { ok: false; error: string };

// node:util's tokenizer under the flag table: every flag with a value is a string option
// (repeatable, applied in order), every switch a boolean.
const TOKENIZER_OPTIONS = Object.fromEntries(
  FLAGS.map((f) => [f.name.slice(2), f.value === undefined ? { type: 'boolean' as const, multiple: true } : { type: 'string' as const, multiple: true }]),
);

/**
 * One line naming the flag, from node:util's parseArgs error; `flags` gives each flag's value
 * placeholder (absent for a switch). Shared by the server's and the bench's command lines.
 */
export function tokenizerError(err: unknown, flags: ReadonlyArray<{ name: string; value?: string }> = FLAGS): string {
  const e = err as { code?: string; message?: string };
  const flag = /'(--?[^' =]+)/.exec(e.message ?? '')?.[1] ?? '';
  const known = flags.find((f) => f.name === flag);
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown flag ${flag}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument "${/'([^']*)'/.exec(e.message ?? '')?.[1] ?? ''}"`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (known !== undefined && known.value === undefined) return `${known.name} takes no value`;
      if (known !== undefined) return `${known.name} needs a value (${known.value})`;
      return (e.message ?? 'invalid flag').split('\n')[0]!;
    default:
      return (e.message ?? String(err)).split('\n')[0]!;
  }
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const options: CliOptions = { host: '127.0.0.1', port: 8080, root: null, timeouts: {}, limits: {}, lenient: [], help: false };
  let tokens;
  try {
    tokens = tokenize({ args: [...argv], options: TOKENIZER_OPTIONS, strict: true, allowPositionals: false, tokens: true }).tokens;
  } catch (err) {
    return { ok: false, error: tokenizerError(err) };
  }
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const flag = FLAGS.find((f) => f.name === `--${token.name}`)!;
    // A value that is itself a flag (`--root --port 1`) is a missing value, not a directory.
    if (flag.value !== undefined && token.inlineValue === false && (token.value ?? '').startsWith('--')) {
      return { ok: false, error: `${flag.name} needs a value (${flag.value})` };
    }
    const problem = flag.apply(options, token.value ?? '');
    if (problem !== null) return { ok: false, error: `${flag.name} ${problem}` };
  }
  if (!options.help && options.root === null) return { ok: false, error: '--root is required' };
  return { ok: true, options };
}

export function usage(): string {
  const rows = FLAGS.map((f) => {
    const left = f.value ? `${f.name} ${f.value}` : f.name;
    return `  ${left.padEnd(24)} ${f.help}`;
  });
  return ['usage: npm run serve -- --root DIR [--port PORT] [--host ADDR]', '', ...rows].join('\n');
}
