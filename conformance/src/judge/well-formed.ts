// `wellFormed: true`: the response as sent follows the HTTP/1.1 message grammar. The tolerant
// reader lists what it noticed while reading (status-line syntax, bare LF, field lines without a
// colon, obs-fold, framing); two octet rules it does not look at are checked here.

import type { ReadResponse } from '../wire/types.ts';
import { quote } from './show.ts';

// RFC 9112 §4: reason-phrase = 1*( HTAB / SP / VCHAR / obs-text )
// RFC 9110 §5.5: field-vchar = VCHAR / obs-text, with SP and HTAB between them
// Both exclude the same octets: the controls other than HTAB, and DEL.
const NOT_ALLOWED = /[\x00-\x08\x0a-\x1f\x7f]/;

/** The first protocol problem in the response, or null when there is none. */
export function wellFormedProblem(r: ReadResponse): string | null {
  const finding = r.findings[0];
  if (finding !== undefined) return finding;
  if (NOT_ALLOWED.test(r.reason)) return `control character in the reason phrase ${quote(r.reason)}`;
  for (const [name, value] of [...r.headers, ...(r.trailers ?? [])]) {
    if (NOT_ALLOWED.test(value)) return `control character in the value of field "${name}": ${quote(value)}`;
  }
  return null;
}
