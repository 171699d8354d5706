// Conditional and range quirks (see quirks.ts): the request fields are rewritten before the
// correct evaluation runs, so conditional.ts and range.ts stay free of quirk branches.

import { parseEntityTags } from './conditional.ts';
import type { ConditionalFields, Validators } from './conditional.ts';
import { parseHttpDate } from './http-date.ts';
import type { QuirkFlags } from './quirks.ts';
import { evaluateRange } from './range.ts';
import type { RangeOutcome } from './range.ts';
import type { OutgoingResponse } from './response.ts';

const IMF_FIXDATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
// An entity-tag that matches nothing the server ever sends.
const NO_MATCH = '"\u0001"';
// An If-Unmodified-Since that every file fails.
const EPOCH = 'Thu, 01 Jan 1970 00:00:00 GMT';

function imfOnly(value: string | null): string | null {
  return value !== null && IMF_FIXDATE.test(value.trim()) ? value : null;
}

/** Strong comparison for If-None-Match: a weak tag never matches, so it is dropped from the list. */
function strongOnly(value: string): string {
  if (value.trim() === '*') return value;
  const strong = parseEntityTags(value).filter((tag) => tag !== null && !tag.weak);
  return strong.length === 0 ? NO_MATCH : strong.map((tag) => `"${tag!.opaque}"`).join(', ');
}

export function quirkyConditionalFields(fields: ConditionalFields | null, q: QuirkFlags, validators: Validators): ConditionalFields | null {
  if (fields === null) return null;
  const out = { ...fields };
  if (q['if-range-is-inm'] && out.ifRange !== null && out.ifNoneMatch === null) out.ifNoneMatch = out.ifRange;
  if (q['no-etag-conditionals']) {
    out.ifNoneMatch = null;
    out.ifModifiedSince = null;
  }
  if (q['conditional-presence-304'] && (out.ifNoneMatch !== null || out.ifModifiedSince !== null)) out.ifNoneMatch = '*';
  if (q['ignore-if-match']) {
    out.ifMatch = null;
    out.ifUnmodifiedSince = null;
  }
  if (q['if-match-literal'] && out.ifMatch !== null && out.ifMatch.trim() !== validators.etag) out.ifMatch = NO_MATCH;
  if (q['ius-strictly-after'] && out.ifUnmodifiedSince !== null) {
    const date = parseHttpDate(out.ifUnmodifiedSince.trim());
    if (date === null || date <= validators.lastModified) out.ifUnmodifiedSince = EPOCH;
  }
  if (q['strong-inm'] && out.ifNoneMatch !== null) out.ifNoneMatch = strongOnly(out.ifNoneMatch);
  if (q['imf-dates-only']) {
    out.ifModifiedSince = imfOnly(out.ifModifiedSince);
    out.ifUnmodifiedSince = imfOnly(out.ifUnmodifiedSince);
  }
  return out;
}

/**
 * Range as split("=")[1].split("-") and parseInt would read it: the unit and the syntax are
 * never checked, a missing or unreadable number means "from the start" or "to the end", and
 * whatever comes out is served as 206, clamped to the file (even when empty or reversed).
 */
export function quirkyRange(value: string, size: number): RangeOutcome {
  const spec = value.slice(value.indexOf('=') + 1);
  const [a = '', b = ''] = spec.split('-');
  const first = Number.parseInt(a, 10);
  const last = Number.parseInt(b, 10);
  if (Number.isNaN(first) && !Number.isNaN(last) && a.trim() === '') {
    return { kind: 'partial', start: Math.max(0, size - last), end: size - 1 };
  }
  const start = Math.min(Number.isNaN(first) ? 0 : first, size);
  const end = Math.min(Number.isNaN(last) ? size - 1 : last, size - 1);
  return { kind: 'partial', start, end };
}

/** range-any-method: the echo answer cut to the requested range like a file would be. */
export function rangeOfBody(res: OutgoingResponse, range: string | undefined): OutgoingResponse {
  const body = res.body;
  if (range === undefined || !Buffer.isBuffer(body)) return res;
  const r = evaluateRange(range, body.length);
  if (r.kind !== 'partial') return res;
  const part = body.subarray(r.start, r.end + 1);
  return {
    status: 206,
    fields: `Content-Range: bytes ${r.start}-${r.end}/${body.length}\r\nContent-Length: ${part.length}\r\n`,
    body: part,
  };
}

const BOUNDARY = 'QUIRKY-BYTERANGES';

/**
 * multipart-ranges: every range of a multi-range request becomes one part of a
 * multipart/byteranges body, with no coalescing and no bound on how many (small files only;
 * null when the request names a single range or the file is streamed from disk).
 */
export function multipartRanges(body: Buffer | null, contentType: string, range: string): OutgoingResponse | null {
  if (body === null || !/^bytes=/i.test(range)) return null;
  const specs = range.slice(6).split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (specs.length < 2) return null;
  const parts: Buffer[] = [];
  for (const spec of specs) {
    const r = evaluateRange(`bytes=${spec}`, body.length);
    if (r.kind !== 'partial') continue;
    const head = `--${BOUNDARY}\r\nContent-Type: ${contentType}\r\nContent-Range: bytes ${r.start}-${r.end}/${body.length}\r\n\r\n`;
    parts.push(Buffer.from(head, 'latin1'), body.subarray(r.start, r.end + 1), Buffer.from('\r\n', 'latin1'));
  }
  if (parts.length === 0) return null;
  parts.push(Buffer.from(`--${BOUNDARY}--\r\n`, 'latin1'));
  const all = Buffer.concat(parts);
  return {
    status: 206,
    fields: `Content-Type: multipart/byteranges; boundary=${BOUNDARY}\r\nContent-Length: ${all.length}\r\n`,
    body: all,
  };
}
