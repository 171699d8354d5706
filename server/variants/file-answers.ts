// Answers to GET and HEAD on a file (seams.ts fileAnswer) that each get one thing wrong: the
// request's conditional or Range fields rewritten before the server's own evaluation runs
// (static-response.ts stays as it is), or its answer changed after.

import { readFileSync } from 'node:fs';

import { parseEntityTags } from '../src/conditional.ts';
import type { ConditionalFields } from '../src/conditional.ts';
import { formatHttpDate, parseHttpDate } from '../src/http-date.ts';
import { evaluateRange } from '../src/range.ts';
import type { EchoBody } from '../src/echo.ts';
import type { RequestHead } from '../src/protocol/events.ts';
import type { OutgoingResponse } from '../src/response.ts';
import type { FileEntry } from '../src/static-files.ts';
import { fileResponse } from '../src/static-response.ts';
import type { FileAnswer } from '../src/static-response.ts';

const IMF_FIXDATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
// An entity-tag that matches nothing the server ever sends.
const NO_MATCH = '"\u0001"';
// An If-Unmodified-Since that every file fails.
const EPOCH = 'Thu, 01 Jan 1970 00:00:00 GMT';

/** The server's answer with the request fields rewritten first. */
function rewriting(rewrite: (fields: ConditionalFields, entry: FileEntry) => ConditionalFields): FileAnswer {
  return (entry, isGet, fields) => fileResponse(entry, isGet, fields === null ? null : rewrite({ ...fields }, entry));
}

/** The server's answer, then changed. */
function after(change: (res: OutgoingResponse, entry: FileEntry, fields: ConditionalFields | null, isGet: boolean) => OutgoingResponse): FileAnswer {
  return (entry, isGet, fields) => change(fileResponse(entry, isGet, fields), entry, fields, isGet);
}

export const ignoreInmAndIms = rewriting((f) => ({ ...f, ifNoneMatch: null, ifModifiedSince: null }));

export const anyConditionalIs304 = rewriting((f) => (f.ifNoneMatch !== null || f.ifModifiedSince !== null ? { ...f, ifNoneMatch: '*' } : f));

export const ignoreIfMatch = rewriting((f) => ({ ...f, ifMatch: null, ifUnmodifiedSince: null }));

/** If-Match compared as a string with the ETag: `*` and lists never match. */
export const ifMatchLiteral = rewriting((f, entry) => (f.ifMatch !== null && f.ifMatch.trim() !== entry.etag ? { ...f, ifMatch: NO_MATCH } : f));

/** If-Unmodified-Since holds only for a valid date strictly after Last-Modified. */
export const iusStrictlyAfter = rewriting((f, entry) => {
  if (f.ifUnmodifiedSince === null) return f;
  const date = parseHttpDate(f.ifUnmodifiedSince.trim());
  return date === null || date <= entry.lastModified ? { ...f, ifUnmodifiedSince: EPOCH } : f;
});

/** If-None-Match with the strong comparison: a weak tag never matches. */
export const strongInm = rewriting((f) => {
  if (f.ifNoneMatch === null || f.ifNoneMatch.trim() === '*') return f;
  const strong = parseEntityTags(f.ifNoneMatch).filter((tag) => tag !== null && !tag.weak);
  return { ...f, ifNoneMatch: strong.length === 0 ? NO_MATCH : strong.map((tag) => `"${tag!.opaque}"`).join(', ') };
});

const imfOnly = (value: string | null): string | null => (value !== null && IMF_FIXDATE.test(value.trim()) ? value : null);

export const imfDatesOnly = rewriting((f) => ({ ...f, ifModifiedSince: imfOnly(f.ifModifiedSince), ifUnmodifiedSince: imfOnly(f.ifUnmodifiedSince) }));

export const ifRangeIsInm = rewriting((f) => (f.ifRange !== null && f.ifNoneMatch === null ? { ...f, ifNoneMatch: f.ifRange } : f));

export const ifRangeIgnored = rewriting((f) => ({ ...f, ifRange: null }));

/** Range for every method: HEAD too. */
export const rangeAnyMethod: FileAnswer = (entry, _isGet, fields) => fileResponse(entry, true, fields);

/** A 304 that carries the representation and its Content-Length. */
export const notModifiedWithBody = after((res, entry) => (res.status === 304 ? { ...fileResponse(entry, true, null), status: 304 } : res));

export const unquotedEtag = after((res) => ({ ...res, fields: res.fields.replace(/^ETag: "([^"\r]*)"/m, 'ETag: $1') }));

export const range416WithoutLength = after((res) => (res.status === 416 ? { ...res, fields: res.fields.replace(/^Content-Range:[^\r]*\r\n/m, '') } : res));

/** The last position of a byte range taken as exclusive, as slice(first, last) would. */
export const rangeOffByOne = after((res) => {
  if (res.status !== 206 || res.body === null) return res;
  const m = /^Content-Length: (\d+)\r\n/m.exec(res.fields);
  const length = Math.max(0, Number(m?.[1] ?? 0) - 1);
  const fields = res.fields.replace(/^Content-Length: \d+\r\n/m, `Content-Length: ${length}\r\n`);
  if (Buffer.isBuffer(res.body)) return { ...res, fields, body: res.body.subarray(0, length) };
  return { ...res, fields, body: { ...res.body, end: res.body.end - 1 } };
});

/**
 * Range as split("=")[1].split("-") and parseInt read it: unit and syntax never checked, a
 * missing number means from the start or to the end, and the result is served as 206.
 */
export const rangeParseInt = after((res, entry, fields, isGet) => {
  if (fields?.range === null || fields === null || !isGet || res.status === 304 || res.status === 412) return res;
  const spec = fields.range.slice(fields.range.indexOf('=') + 1);
  const [a = '', b = ''] = spec.split('-');
  const first = Number.parseInt(a, 10);
  const last = Number.parseInt(b, 10);
  const size = entry.size;
  let start: number;
  let end: number;
  if (Number.isNaN(first) && !Number.isNaN(last) && a.trim() === '') {
    start = Math.max(0, size - last);
    end = size - 1;
  } else {
    start = Math.min(Number.isNaN(first) ? 0 : first, size);
    end = Math.min(Number.isNaN(last) ? size - 1 : last, size - 1);
  }
  const body = wholeBody(entry).subarray(start, Math.max(start, end + 1));
  return {
    status: 206,
    fields: `${entry.metaFields}Content-Range: bytes ${start}-${end}/${size}\r\nContent-Length: ${body.length}\r\n`,
    body,
  };
});

const BOUNDARY = 'VARIANT-BYTERANGES';

/** Several ranges answered multipart/byteranges, one part each, however many or overlapping. */
export const multipartRanges = after((res, entry, fields, isGet) => {
  const range = fields?.range;
  if (!isGet || range === null || range === undefined || !/^bytes=/i.test(range) || res.status >= 300) return res;
  const specs = range.slice(6).split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (specs.length < 2) return res;
  const whole = wholeBody(entry);
  const parts: Buffer[] = [];
  for (const spec of specs) {
    const r = evaluateRange(`bytes=${spec}`, whole.length);
    if (r.kind !== 'partial') continue;
    const head = `--${BOUNDARY}\r\nContent-Type: ${entry.contentType}\r\nContent-Range: bytes ${r.start}-${r.end}/${whole.length}\r\n\r\n`;
    parts.push(Buffer.from(head, 'latin1'), whole.subarray(r.start, r.end + 1), Buffer.from('\r\n', 'latin1'));
  }
  if (parts.length === 0) return res;
  parts.push(Buffer.from(`--${BOUNDARY}--\r\n`, 'latin1'));
  const all = Buffer.concat(parts);
  return { status: 206, fields: `Content-Type: multipart/byteranges; boundary=${BOUNDARY}\r\nContent-Length: ${all.length}\r\n`, body: all };
});

function wholeBody(entry: FileEntry): Buffer {
  return entry.body ?? readFileSync(entry.realPath);
}

/** The representation with its fields changed (type, validators, length) and, optionally, its body. */
function representation(edit: (fields: string, entry: FileEntry) => string, body?: (b: Buffer) => Buffer): FileAnswer {
  return after((res, entry) => {
    if (res.status !== 200 && res.status !== 206 && res.status !== 304) return res;
    const fields = edit(res.fields, entry);
    if (body === undefined || res.body === null || res.status !== 200) return { ...res, fields };
    const out = body(wholeBody(entry));
    return { ...res, fields: fields.replace(/^Content-Length: \d+\r\n/m, `Content-Length: ${out.length}\r\n`), body: out };
  });
}

export const everythingHtml = representation((fields) => fields.replace(/^Content-Type:[^\r]*\r\n/m, 'Content-Type: text/html\r\n'));

/** Files read as UTF-8 text and written back re-encoded, which mangles binary files. */
export const textModeFiles = representation((fields) => fields, (b) => Buffer.from(b.toString('utf8'), 'utf8'));

/** Content-Length counts the characters of a text file, not its octets. */
export const lengthInCharacters = representation((fields, entry) =>
  entry.contentType.startsWith('text/') && entry.body !== null
    ? fields.replace(/^Content-Length: \d+\r\n/m, `Content-Length: ${entry.body.toString('utf8').length}\r\n`)
    : fields,
);

/** Last-Modified is the file time even when it lies in the future. */
export const futureLastModified = representation((fields, entry) =>
  fields.replace(/^Last-Modified:[^\r]*\r\n/m, `Last-Modified: ${formatHttpDate(Math.floor(entry.mtimeMs / 1000) * 1000)}\r\n`),
);

/** No validators: neither ETag nor Last-Modified, and so no conditional request ever applies (RFC 9110 §13.1). */
export const noValidators: FileAnswer = (entry, isGet, fields) => {
  // RFC 9110 §13.1.5: an If-Range that cannot hold (there is no validator) means the whole file.
  const range = fields === null || fields.ifRange !== null ? null : fields.range;
  const res = fileResponse(entry, isGet, fields === null ? null : { ifMatch: null, ifNoneMatch: null, ifModifiedSince: null, ifUnmodifiedSince: null, ifRange: null, range });
  return { ...res, fields: res.fields.replace(/^(ETag|Last-Modified):[^\r]*\r\n/gm, '') };
};

/** File bodies read into memory, for the variants that re-encode every body. */
export const inMemoryBodies: FileAnswer = (entry, isGet, fields) => {
  const res = fileResponse(entry, isGet, fields);
  if (res.body === null || Buffer.isBuffer(res.body)) return res;
  return { ...res, body: readFileSync(res.body.path).subarray(res.body.start, res.body.end + 1) };
};

/** range-any-method for the echo: its answer cut to the requested range as a file would be. */
export function rangedEcho(body: EchoBody, head: RequestHead): OutgoingResponse {
  const res = body.response();
  const range = head.headers.find(([name]) => name.toLowerCase() === 'range')?.[1];
  if (range === undefined || !Buffer.isBuffer(res.body)) return res;
  const r = evaluateRange(range, res.body.length);
  if (r.kind !== 'partial') return res;
  const part = res.body.subarray(r.start, r.end + 1);
  return { status: 206, fields: `Content-Range: bytes ${r.start}-${r.end}/${res.body.length}\r\nContent-Length: ${part.length}\r\n`, body: part };
}

/** No range support: Range (and so If-Range) is ignored, and Accept-Ranges is not offered. */
export const noRanges: FileAnswer = (entry, isGet, fields) => {
  const res = fileResponse(entry, isGet, fields === null ? null : { ...fields, range: null, ifRange: null });
  return { ...res, fields: res.fields.replace(/^Accept-Ranges:[^\r]*\r\n/m, '') };
};
