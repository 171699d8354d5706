// Conditional requests (RFC 9110 §13): entity-tag comparison and the precondition order of
// §13.2.2. Pure functions over field values; the static file handler supplies the validators.

import { parseHttpDate } from './http-date.ts';

export type Validators = {
  /** Strong entity-tag, quotes included. */
  etag: string;
  /** Last-Modified in ms, whole seconds, never later than the response's Date. */
  lastModified: number;
};

/** The request fields that conditional and range handling read (list fields already joined). */
export type ConditionalFields = {
  ifMatch: string | null;
  ifNoneMatch: string | null;
  ifModifiedSince: string | null;
  ifUnmodifiedSince: string | null;
  range: string | null;
  ifRange: string | null;
};

type EntityTag = { weak: boolean; opaque: string } | null;

/**
 * RFC 9110 §8.8.3: `#entity-tag`. Commas may occur inside the quotes, so the list is scanned,
 * not split. An element that is not an entity-tag (unquoted, say) becomes null: it never matches.
 */
export function parseEntityTags(value: string): EntityTag[] {
  const tags: EntityTag[] = [];
  let i = 0;
  const n = value.length;
  while (i < n) {
    const c = value[i];
    if (c === ',' || c === ' ' || c === '\t') {
      i++;
      continue;
    }
    let weak = false;
    let j = i;
    if (value.startsWith('W/', j)) {
      weak = true;
      j += 2;
    }
    if (value[j] === '"') {
      const close = value.indexOf('"', j + 1);
      if (close > 0) {
        const after = value.slice(close + 1).match(/^[ \t]*(,|$)/);
        if (after) {
          tags.push({ weak, opaque: value.slice(j + 1, close) });
          i = close + 1;
          continue;
        }
      }
    }
    tags.push(null);
    const comma = value.indexOf(',', i);
    i = comma < 0 ? n : comma + 1;
  }
  return tags;
}

function isStar(value: string): boolean {
  return value.trim() === '*';
}

function opaqueOf(etag: string): string {
  return etag.startsWith('W/') ? etag.slice(3, -1) : etag.slice(1, -1);
}

/** §8.8.3.2 strong comparison: both strong and the same opaque-tag. */
function strongMatch(list: string, current: string): boolean {
  const opaque = opaqueOf(current);
  return parseEntityTags(list).some((tag) => tag !== null && !tag.weak && tag.opaque === opaque);
}

/** §8.8.3.2 weak comparison: the same opaque-tag, weakness ignored. */
function weakMatch(list: string, current: string): boolean {
  const opaque = opaqueOf(current);
  return parseEntityTags(list).some((tag) => tag !== null && tag.opaque === opaque);
}

export type PreconditionOutcome = 'proceed' | 'not-modified' | 'failed';

// RFC 9110 §13.2.2: If-Match, then If-Unmodified-Since (only without If-Match), then
// If-None-Match, then If-Modified-Since (only without If-None-Match, only for GET/HEAD).
export function evaluatePreconditions(
  fields: ConditionalFields,
  validators: Validators,
  getOrHead: boolean,
): PreconditionOutcome {
  if (fields.ifMatch !== null) {
    if (!isStar(fields.ifMatch) && !strongMatch(fields.ifMatch, validators.etag)) return 'failed';
  } else if (fields.ifUnmodifiedSince !== null) {
    // §13.1.4: an invalid date means the field is ignored.
    const date = parseHttpDate(fields.ifUnmodifiedSince.trim());
    if (date !== null && validators.lastModified > date) return 'failed';
  }
  if (fields.ifNoneMatch !== null) {
    if (isStar(fields.ifNoneMatch) || weakMatch(fields.ifNoneMatch, validators.etag)) {
      return getOrHead ? 'not-modified' : 'failed';
    }
  } else if (getOrHead && fields.ifModifiedSince !== null) {
    const date = parseHttpDate(fields.ifModifiedSince.trim());
    if (date !== null && validators.lastModified <= date) return 'not-modified';
  }
  return 'proceed';
}

/**
 * RFC 9110 §13.1.5: If-Range holds either a strong entity-tag, compared strongly, or the exact
 * Last-Modified date. Anything else means the Range is ignored.
 */
export function ifRangeHolds(value: string, validators: Validators): boolean {
  const trimmed = value.trim();
  if (trimmed.startsWith('"') || trimmed.startsWith('W/')) {
    const tags = parseEntityTags(trimmed);
    if (tags.length !== 1) return false;
    const tag = tags[0];
    return tag != null && !tag.weak && tag.opaque === opaqueOf(validators.etag);
  }
  const date = parseHttpDate(trimmed);
  return date !== null && date === validators.lastModified;
}

const FIELD_KEYS: ReadonlyMap<string, keyof ConditionalFields> = new Map([
  ['if-match', 'ifMatch'],
  ['if-none-match', 'ifNoneMatch'],
  ['if-modified-since', 'ifModifiedSince'],
  ['if-unmodified-since', 'ifUnmodifiedSince'],
  ['range', 'range'],
  ['if-range', 'ifRange'],
]);

/**
 * Collects the conditional and range fields; null when there are none (the common case, which
 * then costs one character test per field line). Repeated lines are joined with ", " (RFC 9110
 * §5.3), which also makes a repeated singleton (two dates) invalid, and so ignored.
 */
export function readConditionalFields(headers: ReadonlyArray<readonly [string, string]>): ConditionalFields | null {
  let fields: ConditionalFields | null = null;
  for (const [name, value] of headers) {
    const first = name.charCodeAt(0) | 0x20;
    if (first !== 105 /* i */ && first !== 114 /* r */) continue;
    const key = FIELD_KEYS.get(name.toLowerCase());
    if (key === undefined) continue;
    fields ??= { ifMatch: null, ifNoneMatch: null, ifModifiedSince: null, ifUnmodifiedSince: null, range: null, ifRange: null };
    const prior = fields[key];
    fields[key] = prior === null ? value : `${prior}, ${value}`;
  }
  return fields;
}
