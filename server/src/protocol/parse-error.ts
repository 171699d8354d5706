// Builds the `error` event: a stable code, the status from PARSE_ERRORS, the stream offset and a
// reason that names the specific problem.

import type { ParserEvent } from './events.ts';
import { PARSE_ERRORS, type ParseErrorCode } from './errors.ts';

export type ParseErrorEvent = Extract<ParserEvent, { type: 'error' }>;

export function parseError(code: ParseErrorCode, offset: number, detail?: string): ParseErrorEvent {
  const entry = PARSE_ERRORS[code];
  return {
    type: 'error',
    code,
    offset,
    reason: detail === undefined ? entry.reason : `${entry.reason}: ${detail}`,
    status: entry.status,
  };
}

/** Readers return either their result or an error event; results never carry `type: 'error'`. */
export function isParseError(value: unknown): value is ParseErrorEvent {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'error';
}
