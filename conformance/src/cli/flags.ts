// Every command-line flag in one typed table: parsing, validation, --help and the README's flag
// list all come from here.

export type FlagSpec = {
  /** Name without the leading dashes. */
  name: string;
  /** `boolean` flags take no value; `string` and `number` take the next argument or `=value`. */
  type: 'boolean' | 'string' | 'number';
  repeatable?: boolean;
  /** Shown in --help as `--name VALUE`. */
  value?: string;
  help: string;
  /** For numbers: the smallest and largest allowed value. */
  min?: number;
  max?: number;
  /** For numbers: whether a fraction is allowed (a score); otherwise whole numbers only. */
  decimal?: boolean;
};

export const FLAGS = [
  { name: 'target', type: 'string', value: 'HOST:PORT', help: 'test a server that is already running' },
  {
    name: 'server',
    type: 'string',
    value: 'CMD',
    help: 'start this command, test it, stop it; {port} is a free port, {docroot} the fixture docroot',
  },
  { name: 'cases', type: 'string', repeatable: true, value: 'PATH', help: 'case file or directory (default: cases/)' },
  { name: 'out', type: 'string', value: 'DIR', help: 'where reports are written (default: reports/)' },
  { name: 'timeout', type: 'number', value: 'MS', min: 100, max: 600_000, help: 'time bound per case, in ms (default 2000)' },
  { name: 'ready-timeout', type: 'number', value: 'MS', min: 100, max: 600_000, help: 'how long a started server (--server) may take to listen on {port}, in ms (default 15000)' },
  {
    name: 'rerun-budget',
    type: 'number',
    value: 'MS',
    min: 0,
    max: 3_600_000,
    help: 'time for re-running alone the cases that ran out of time beside others (default: as long as the run took, at least 20 s); 0 keeps first verdicts, marked unconfirmed',
  },
  { name: 'concurrency', type: 'number', value: 'N', min: 1, max: 256, help: 'cases run at once (default: 16, or 1 for servers that serve one connection at a time)' },
  { name: 'split', type: 'string', value: 'MODE', help: 'send mode: as-written, bytewise, random[:SEED], coalesced, all (default as-written)' },
  { name: 'id', type: 'string', repeatable: true, value: 'ID', help: 'run only the case with this id' },
  { name: 'grep', type: 'string', repeatable: true, value: 'TEXT', help: 'run only cases whose id or title contains TEXT' },
  { name: 'tag', type: 'string', repeatable: true, value: 'TAG', help: 'run only cases with this tag' },
  { name: 'area', type: 'string', repeatable: true, value: 'AREA', help: 'run only cases of this area' },
  { name: 'exclude', type: 'string', repeatable: true, value: 'ID|TAG', help: 'leave out the case with this id, or the cases with this tag' },
  { name: 'slow', type: 'boolean', help: 'also run the cases tagged slow (slow clients, idle timeouts: up to 105 s each, run side by side)' },
  {
    name: 'time-scale',
    type: 'number',
    value: 'F',
    min: 0.01,
    max: 10,
    decimal: true,
    help: "multiply every case's pauses and own time bound by F (0.1: the slow cases in a tenth of their time, for a server whose timeouts are scaled alike; default 1)",
  },
  { name: 'level', type: 'string', repeatable: true, value: 'LEVEL', help: 'run only cases of this level (MUST, SHOULD, MAY, robustness, security, convention)' },
  { name: 'mount', type: 'string', value: 'PREFIX', help: 'the target serves the docroot under this path prefix (e.g. /files): case requests are sent there' },
  {
    name: 'capabilities',
    type: 'string',
    value: 'LIST',
    help: 'what the target offers beyond static files, comma-separated (echo, keep-alive, pipelining, continue, conditional, ranges); default: all, with echo detected',
  },
  { name: 'fail-under', type: 'number', value: 'SCORE', min: 0, max: 100, decimal: true, help: 'exit 1 only when the score is below SCORE (0-100), not on every failure' },
  { name: 'baseline', type: 'string', value: 'FILE', help: 'compare with a saved report.json; exit 1 only on newly failing cases' },
  { name: 'shard', type: 'string', value: 'I/N', help: 'run the I-th of N deterministic slices of the selected cases (join them with `merge`)' },
  { name: 'submissions', type: 'string', value: 'DIR', help: 'compare: one target per subfolder of DIR, started with --start inside it' },
  { name: 'start', type: 'string', value: 'CMD', help: 'compare --submissions and autograder: the start command, run in each submission folder ({port}, {docroot})' },
  { name: 'parallel', type: 'number', value: 'N', min: 1, max: 64, help: 'compare: targets run at once (default: one per core)' },
  { name: 'reporter', type: 'string', repeatable: true, value: 'NAME', help: 'another output format: html, junit, tap, markdown, gradescope (terminal and json are always written)' },
  { name: 'quiet', type: 'boolean', help: 'print only the summary and the digest of likely causes, not a line per case' },
  { name: 'verbose', type: 'boolean', help: 'print a line for every case, passes and skips included' },
  { name: 'list', type: 'boolean', help: 'print the selected case ids, one a line, and exit' },
  { name: 'lint', type: 'boolean', help: 'check every case file and print file:line: problem for each error; exit 2 if any' },
  { name: 'coverage', type: 'boolean', help: 'print the RFC sections the selected cases check, with counts, and exit' },
  { name: 'help', type: 'boolean', help: 'print this help and exit' },
] as const satisfies readonly FlagSpec[];

export type FlagName = (typeof FLAGS)[number]['name'];

type ValueOf<F extends FlagSpec> = F['type'] extends 'boolean' ? boolean : F['type'] extends 'number' ? number : string;
type Parsed<F> = F extends FlagSpec
  ? { [K in F['name']]: F extends { repeatable: true } ? ValueOf<F>[] : ValueOf<F> | undefined }
  : never;
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** The parsed command line: repeatable flags are arrays, the others optional values. */
export type Flags = UnionToIntersection<Parsed<(typeof FLAGS)[number]>>;
