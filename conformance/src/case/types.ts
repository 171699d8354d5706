// The case model after loading: what a YAML case file becomes once parsed, validated and
// normalised. The on-disk format is documented in cases/README.md; the loader turns shorthands
// (a bare string step, `canary`, `status: 4xx`, a header value given as a plain string) into
// these explicit forms so that the runner and the judge never see a shorthand.

export const LEVELS = ['MUST', 'SHOULD', 'MAY', 'robustness', 'security', 'convention'] as const;
export type Level = (typeof LEVELS)[number];

export const AREAS = [
  'request-line',
  'header-fields',
  'host',
  'content-length',
  'chunked',
  'transfer-encoding',
  'smuggling',
  'connection',
  'pipelining',
  'fragmentation',
  'expect-continue',
  'methods',
  'response-framing',
  'static-files',
  'traversal',
  'conditional',
  'ranges',
  'limits',
] as const;
export type Area = (typeof AREAS)[number];

// What a target may offer beyond a plain static file server. A case that needs a capability the
// target lacks is skipped, and the report names the capability.
export const CAPABILITIES = [
  'echo',
  'keep-alive',
  'pipelining',
  'continue',
  'conditional',
  'ranges',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** Where a value came from in a case file, for `file:line: problem` messages. */
export type SourcePos = { file: string; line: number };

/** One piece of a write: literal bytes (already unescaped, a latin1 string) or a repetition. */
export type WritePart =
  | { kind: 'text'; text: string }
  | { kind: 'repeat'; text: string; times: number };

export type SendStep =
  /** One socket write of the concatenated parts, placeholders still unexpanded. */
  | { kind: 'write'; parts: WritePart[] }
  /** Wait this long before the next step. */
  | { kind: 'pause'; ms: number }
  /** Wait until one more response head (interim or final) has arrived, at most `maxMs`. */
  | { kind: 'await-head'; maxMs: number }
  /** Half-close (FIN, shutdown of our write side; we keep reading) or abort (RST). */
  | { kind: 'close'; how: 'fin' | 'reset' };

export type StatusMatcher =
  | { kind: 'any' }
  | { kind: 'exact'; codes: number[] }
  /** `4xx` and the like: any code in [class*100, class*100+99]. */
  | { kind: 'class'; classes: number[] }
  | { kind: 'mixed'; codes: number[]; classes: number[] };

export type HeaderCheck =
  | { kind: 'present' }
  | { kind: 'absent' }
  | { kind: 'equals'; value: string }
  /** Case-insensitive regular expression over the field value (OWS trimmed). */
  | { kind: 'matches'; pattern: string }
  | { kind: 'contains'; value: string }
  /** How many field lines with this name the response carries. */
  | { kind: 'count'; count: number }
  /** The value is one IMF-fixdate (RFC 9110 §5.6.7): `Sun, 06 Nov 1994 08:49:37 GMT`. */
  | { kind: 'date' }
  /** The value is an HTTP-date within this many seconds of the harness clock when the response arrived. */
  | { kind: 'within'; seconds: number }
  /** The value is an HTTP-date no later than the HTTP-date in this other field (lower-case name) of the same response. */
  | { kind: 'not-after'; field: string };

export type BodyCheck =
  | { kind: 'exact'; value: string }
  | { kind: 'contains'; value: string }
  /** None of these strings may occur anywhere in the body (traversal markers). */
  | { kind: 'excludes'; values: string[] }
  | { kind: 'matches'; pattern: string }
  | { kind: 'length'; length: number }
  | { kind: 'empty' }
  /** The body equals the bytes of this file, relative to the fixture docroot. */
  | { kind: 'file'; path: string };

export type ResponseMatcher = {
  status: StatusMatcher;
  /** Lower-case field name -> checks, all of which must hold. */
  headers: Record<string, HeaderCheck[]>;
  body: BodyCheck[];
  /** True when this matcher was written as the `canary` shorthand. */
  canary: boolean;
  /** The status line's HTTP-version, exactly (`HTTP/1.1`), when the case asks for one. */
  version?: string;
  /** When true: the reader noticed no protocol problem in this response (status line, field lines, framing). */
  wellFormed?: true;
};

/**
 * `closed`: the server ended the connection, by FIN or reset. `reset`: by a reset only, what a
 * kernel sends when a server closes with input unread (a close that can destroy its last answer
 * before the client reads it, RFC 9112 §9.6).
 */
export const CONNECTION_STATES = ['open', 'closed', 'reset', 'any'] as const;
export type ConnectionExpectation = (typeof CONNECTION_STATES)[number];

/** What interim (1xx) responses are allowed before the final ones. */
export const INTERIM_RULES = ['any', 'none', '100'] as const;
export type InterimRule = (typeof INTERIM_RULES)[number];

export const GRADES = ['pass', 'warn', 'fail'] as const;
export type Grade = (typeof GRADES)[number];

export type Alternative = {
  /** The final responses, in order; exactly this many must arrive. */
  responses: ResponseMatcher[];
  connection: ConnectionExpectation;
  interim: InterimRule;
  /**
   * When `interim` was written as a list of response matchers: the 1xx responses, in order;
   * exactly this many must arrive, each matching its matcher. `interim` is then `any`.
   */
  interimResponses?: ResponseMatcher[];
  /** `fail` alternatives name a known bad behaviour so the report can explain it. */
  grade: Grade;
  note?: string;
  pos: SourcePos;
};

/**
 * A connection opened before the case's own one (`before:`): its steps are taken, then it is left
 * as they leave it (stalled mid-request, say, or already reset) while the case's connection runs,
 * and closed afterwards. What it receives is not judged.
 */
export type SideConnection = {
  name: string;
  /** Empty: the connection opens and sends nothing. */
  send: SendStep[];
  /** How many such connections, opened one after another (a flood when above 1). */
  count: number;
  pos: SourcePos;
};

export type Case = {
  id: string;
  title: string;
  area: Area;
  /** e.g. `RFC 9112 §6.3`; several references are separated by `; `. */
  rfc: string;
  /** The requirement in the RFC's own words (a short quote). */
  quote: string;
  level: Level;
  /** Why the case expects what it does, where that needs saying (e.g. RFC vs catalog). */
  why?: string;
  tags: string[];
  needs: Capability[];
  /** Per-case bound in ms; the run's `--timeout` applies when absent. */
  timeoutMs?: number;
  send: SendStep[];
  /** Indexes (0-based, among final responses) of responses that answer HEAD: they carry no body. */
  headResponses: number[];
  expect: Alternative[];
  /** Connections opened, in order, before the case's own connection (absent: none). */
  before?: SideConnection[];
  pos: SourcePos;
};

/**
 * Placeholders that case bytes and expectations may use; see cases/README.md. `etag-opaque` is
 * derived from `etag` (its opaque-tag: no `W/`, no quotes) when the target gives no value for it.
 */
export const PLACEHOLDERS = ['host', 'port', 'canary', 'etag', 'last-modified', 'etag-opaque'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type PlaceholderValues = Partial<Record<Placeholder, string>>;

/** The request `{canary}` expands to, and what its response must be. */
export const CANARY_PATH = '/canary.txt';
export const CANARY_FILE = 'canary.txt';
