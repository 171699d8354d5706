// One readable line of what came back: `400 Bad Request (Content-Length: 11, Connection: close),
// then closed by server`, `no response; still open after 2000 ms`, `garbage: "hello\r\n..."`.

import { escapeBytes } from '../wire/escape.ts';
import type { ReadResult, ReadResponse, Transcript } from '../wire/types.ts';
import { quote, statusText } from './show.ts';

// The fields that decide framing and persistence: what a reader of the report needs first.
const SHOWN_FIELDS = ['content-length', 'transfer-encoding', 'connection'];

export function describeActual(read: ReadResult, transcript: Transcript): string {
  const parts = collapseRuns(read.responses.map(describeResponse));
  if (read.unparsed.length > 0) parts.push(`garbage: ${quote(read.unparsed)}`);
  const ending = describeEnd(transcript);
  if (parts.length === 0) return `no response; ${ending}`;
  return ending ? `${parts.join(', then ')}, then ${ending}` : parts.join(', then ');
}

/** `100 Continue (1000 times)` for a run of identical responses (a server that repeats itself). */
function collapseRuns(parts: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < parts.length; ) {
    let j = i + 1;
    while (j < parts.length && parts[j] === parts[i]) j++;
    out.push(j - i > 2 ? `${parts[i]} (${j - i} times)` : parts.slice(i, j).join(', then '));
    i = j;
  }
  return out;
}

function describeResponse(r: ReadResponse): string {
  const fields = r.headers
    .filter(([name]) => SHOWN_FIELDS.includes(name.toLowerCase()))
    .map(([name, value]) => `${escapeBytes(Buffer.from(name, 'latin1'))}: ${escapeBytes(Buffer.from(value, 'latin1'), 60)}`);
  let text = statusText(r);
  if (fields.length > 0) text += ` (${fields.join(', ')})`;
  if (!r.complete) text += ' (incomplete)';
  return text;
}

function describeEnd(t: Transcript): string {
  const end = t.events.findLast((e) => e.kind === 'end');
  if (end?.kind === 'end' && end.how === 'cap') return end.why === undefined ? 'stopped reading at the byte cap' : end.why;
  if (t.end === 'closed') return 'closed by server';
  if (t.end === 'reset') return 'reset';
  const error = t.events.find((e) => e.kind === 'error');
  if (error?.kind === 'error') return `error ${error.code}`;
  const after = end ? ` after ${Math.round(end.atMs)} ms` : '';
  return t.timedOut ? `still open${after}` : 'still open';
}
