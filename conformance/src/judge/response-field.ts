// A field of a received response as RFC 9110 sees it.

import type { ReadResponse } from '../wire/types.ts';

/** The field's lines (OWS-trimmed) and its combined value, or null when it is absent. */
export function responseField(r: ReadResponse, lowerName: string): { lines: string[]; value: string | null } {
  // RFC 9110 §5.1: field names are case-insensitive. §5.3: several field lines with one name
  // are one field whose value is the lines joined with commas.
  const lines = r.headers.filter(([n]) => n.toLowerCase() === lowerName).map(([, v]) => v.trim());
  return { lines, value: lines.length > 0 ? lines.join(', ') : null };
}
