// Points at what differs between an expected outcome and the actual one, for reports that can
// highlight: the status code of the n-th final response, a missing or extra response, and the
// connection state. Both sides are the one-line renderings of `judge/describe-expected.ts` and
// `judge/describe-actual.ts`; when a line does not parse as expected nothing is highlighted,
// which is always safe (the message still says what differs).

export type Span = { text: string; differs: boolean };
export type OutcomeDiff = { expected: Span[]; actual: Span[] };

type Piece = { start: number; end: number };
type Connection = 'closed' | 'open' | 'any' | 'unknown';

const GRADE_SUFFIX = / \[(?:pass|warn|fail)(?::[^\]]*)?\]$/;
const INTERIM = ['100 Continue', 'no 1xx'];
const EXPECTED_CONNECTION: Array<[suffix: string, state: Connection]> = [
  [', then closed', 'closed'],
  [', closed', 'closed'],
  [', connection open', 'open'],
];
const ACTUAL_ENDING = /^(closed by server|reset|still open.*|error .*|stopped reading at the byte cap)$/;

/** Spans of `expected` and `actual` with `differs` set on the parts that do not agree. */
export function diffOutcome(expected: string, actual: string): OutcomeDiff {
  const exp = parseExpected(expected);
  const act = parseActual(actual);
  const marks = { expected: [] as Piece[], actual: [] as Piece[] };
  if (exp && act) {
    const n = Math.max(exp.responses.length, act.responses.length);
    for (let i = 0; i < n; i++) {
      const e = exp.responses[i];
      const a = act.responses[i];
      if (e && a) {
        if (a.code !== null && !statusFits(expected.slice(e.status.start, e.status.end), a.code)) {
          marks.expected.push(e.status);
          marks.actual.push(a.status);
        }
      } else if (e) {
        marks.expected.push(e.whole);
        if (act.noResponse) marks.actual.push(act.noResponse);
      } else if (a) {
        marks.actual.push(a.whole);
        if (exp.noResponse) marks.expected.push(exp.noResponse);
      }
    }
    if (exp.connection.state !== 'any' && act.connection.state !== 'unknown' && exp.connection.state !== act.connection.state) {
      if (exp.connection.piece) marks.expected.push(exp.connection.piece);
      if (act.connection.piece) marks.actual.push(act.connection.piece);
    }
  }
  return { expected: toSpans(expected, marks.expected), actual: toSpans(actual, marks.actual) };
}

type ParsedResponse = { whole: Piece; status: Piece; code: number | null };
type Parsed = {
  responses: ParsedResponse[];
  noResponse: Piece | null;
  connection: { state: Connection; piece: Piece | null };
};

function parseExpected(text: string): Parsed | null {
  let end = text.length;
  const grade = GRADE_SUFFIX.exec(text);
  if (grade) end = grade.index;
  let connection: Parsed['connection'] = { state: 'any', piece: null };
  for (const [suffix, state] of EXPECTED_CONNECTION) {
    if (text.slice(0, end).endsWith(suffix)) {
      const start = end - suffix.length + 2; // keep the ", " out of the highlight
      connection = { state, piece: { start, end } };
      end -= suffix.length;
      break;
    }
  }
  const segments = splitThen(text, 0, end).filter((p) => !INTERIM.includes(text.slice(p.start, p.end)));
  if (segments.length === 1 && text.slice(segments[0]!.start, segments[0]!.end) === 'no response') {
    return { responses: [], noResponse: segments[0]!, connection };
  }
  const responses = segments.map((whole) => {
    const paren = text.indexOf(' (', whole.start);
    const statusEnd = paren === -1 || paren > whole.end ? whole.end : paren;
    return { whole, status: { start: whole.start, end: statusEnd }, code: null };
  });
  return { responses, noResponse: null, connection };
}

function parseActual(text: string): Parsed | null {
  const none = 'no response; ';
  if (text.startsWith(none)) {
    const piece = { start: none.length, end: text.length };
    return { responses: [], noResponse: { start: 0, end: none.length - 2 }, connection: { state: endingState(text.slice(piece.start)), piece } };
  }
  const segments = splitThen(text, 0, text.length);
  let connection: Parsed['connection'] = { state: 'unknown', piece: null };
  const last = segments.at(-1);
  if (last && ACTUAL_ENDING.test(text.slice(last.start, last.end))) {
    connection = { state: endingState(text.slice(last.start, last.end)), piece: last };
    segments.pop();
  }
  const responses: ParsedResponse[] = [];
  for (const whole of segments) {
    const code = /^\d{3}(?= |$)/.exec(text.slice(whole.start, whole.end));
    // Interim responses are not among the expected finals.
    if (code && code[0].startsWith('1') && code[0] !== '101') continue;
    responses.push({ whole, status: { start: whole.start, end: whole.start + (code ? 3 : whole.end - whole.start) }, code: code ? Number(code[0]) : null });
  }
  return { responses, noResponse: null, connection };
}

function endingState(ending: string): Connection {
  if (ending === 'closed by server' || ending === 'reset') return 'closed';
  if (ending.startsWith('still open')) return 'open';
  return 'unknown';
}

/** Does `code` satisfy a rendered status matcher: `404`, `400, 403 or 404`, `4xx`, `any status`, `canary 200`? */
export function statusFits(matcher: string, code: number): boolean {
  if (matcher === 'any status') return true;
  if (matcher === 'canary 200') return code === 200;
  const items = matcher.replace(/ or /g, ', ').split(', ');
  return items.some((item) => {
    if (/^\d{3}$/.test(item)) return Number(item) === code;
    if (/^\dxx$/.test(item)) return Math.floor(code / 100) === Number(item[0]);
    return true; // not a status list: do not claim a difference
  });
}

/** `a, then b (x, then y), then c` -> pieces a, b (...), c: splits outside parentheses only. */
function splitThen(text: string, from: number, to: number): Piece[] {
  const sep = ', then ';
  const pieces: Piece[] = [];
  let depth = 0;
  let start = from;
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && c === ',' && text.startsWith(sep, i) && i + sep.length <= to) {
      pieces.push({ start, end: i });
      start = i + sep.length;
      i += sep.length - 1;
    }
  }
  pieces.push({ start, end: to });
  return pieces.filter((p) => p.end > p.start);
}

function toSpans(text: string, marks: Piece[]): Span[] {
  const sorted = [...marks].sort((a, b) => a.start - b.start);
  const spans: Span[] = [];
  let at = 0;
  for (const m of sorted) {
    if (m.start < at) continue; // overlapping marks: the first one wins
    if (m.start > at) spans.push({ text: text.slice(at, m.start), differs: false });
    spans.push({ text: text.slice(m.start, m.end), differs: true });
    at = m.end;
  }
  if (at < text.length) spans.push({ text: text.slice(at), differs: false });
  return spans;
}
