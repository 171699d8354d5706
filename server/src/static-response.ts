// The answer to GET or HEAD on a file that exists: preconditions first (RFC 9110 §13.2.2), then
// Range (§14.2, GET only), else the whole representation.

import { evaluatePreconditions, ifRangeHolds } from './conditional.ts';
import type { ConditionalFields, Validators } from './conditional.ts';
import { evaluateRange } from './range.ts';
import type { RangeOutcome } from './range.ts';
import { errorResponse } from './response.ts';
import type { OutgoingResponse } from './response.ts';
import type { FileEntry } from './static-files.ts';

const EMPTY = Buffer.alloc(0);

function bodyOf(entry: FileEntry, start: number, end: number): OutgoingResponse['body'] {
  if (end < start) return EMPTY;
  if (entry.body !== null) return start === 0 && end === entry.size - 1 ? entry.body : entry.body.subarray(start, end + 1);
  return { kind: 'file', path: entry.realPath, start, end };
}

function whole(entry: FileEntry): OutgoingResponse {
  return { status: 200, fields: entry.fullFields, body: bodyOf(entry, 0, entry.size - 1) };
}

/** The answer to GET (`isGet`) or HEAD on a file, given the request's conditional fields. */
export type FileAnswer = (entry: FileEntry, isGet: boolean, requestFields: ConditionalFields | null) => OutgoingResponse;

export function fileResponse(entry: FileEntry, isGet: boolean, fields: ConditionalFields | null): OutgoingResponse {
  if (fields === null) return whole(entry);
  const validators: Validators = { etag: entry.etag, lastModified: entry.lastModified };
  const outcome = evaluatePreconditions(fields, validators, true);
  // RFC 9110 §15.4.5: a 304 carries Date and ETag, and no content (nor a Content-Length).
  if (outcome === 'not-modified') return { status: 304, fields: `ETag: ${entry.etag}\r\n`, body: null };
  if (outcome === 'failed') return errorResponse(412, 'precondition failed');

  // RFC 9110 §14.2: Range is ignored for methods other than GET, and when If-Range does not hold.
  if (!isGet || fields.range === null) return whole(entry);
  if (fields.ifRange !== null && !ifRangeHolds(fields.ifRange, validators)) return whole(entry);
  const range: RangeOutcome = evaluateRange(fields.range, entry.size);
  if (range.kind === 'full') return whole(entry);
  if (range.kind === 'unsatisfiable') {
    // RFC 9110 §15.5.17: a 416 to a byte range states the current length.
    return errorResponse(416, 'range not satisfiable', `Content-Range: bytes */${entry.size}\r\n`);
  }
  const length = range.end - range.start + 1;
  return {
    status: 206,
    fields:
      `${entry.metaFields}Content-Range: bytes ${range.start}-${range.end}/${entry.size}\r\n` +
      `Content-Length: ${length}\r\n`,
    body: bodyOf(entry, range.start, range.end),
  };
}
