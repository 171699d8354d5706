// Stable error codes for everything the parser rejects. Each code names one condition; the
// status is what the server answers with. The parser helper extends this table as it needs.

export const PARSE_ERRORS = {
  INVALID_REQUEST_LINE: { status: 400, reason: 'malformed request line' },
  INVALID_METHOD: { status: 400, reason: 'method is not a token' },
  INVALID_TARGET: { status: 400, reason: 'invalid request-target' },
  INVALID_VERSION: { status: 400, reason: 'malformed HTTP-version' },
  UNSUPPORTED_VERSION: { status: 505, reason: 'HTTP major version not supported' },
  URI_TOO_LONG: { status: 414, reason: 'request line too long' },
  HEADER_TOO_LARGE: { status: 431, reason: 'header section too large' },
  TOO_MANY_HEADERS: { status: 431, reason: 'too many header fields' },
  INVALID_HEADER_NAME: { status: 400, reason: 'field name is not a token' },
  WHITESPACE_BEFORE_COLON: { status: 400, reason: 'whitespace between field name and colon' },
  OBS_FOLD: { status: 400, reason: 'obsolete line folding' },
  INVALID_HEADER_VALUE: { status: 400, reason: 'invalid octet in field value' },
  BARE_CR: { status: 400, reason: 'CR not followed by LF' },
  BARE_LF: { status: 400, reason: 'LF without CR' },
  MISSING_HOST: { status: 400, reason: 'HTTP/1.1 request without Host' },
  DUPLICATE_HOST: { status: 400, reason: 'more than one Host field' },
  INVALID_HOST: { status: 400, reason: 'invalid Host value' },
  INVALID_CONTENT_LENGTH: { status: 400, reason: 'invalid Content-Length' },
  CONFLICTING_CONTENT_LENGTH: { status: 400, reason: 'differing Content-Length values' },
  CONTENT_LENGTH_WITH_TRANSFER_ENCODING: { status: 400, reason: 'both Transfer-Encoding and Content-Length' },
  UNKNOWN_TRANSFER_CODING: { status: 501, reason: 'transfer coding not implemented' },
  CHUNKED_NOT_FINAL: { status: 400, reason: 'chunked is not the final transfer coding' },
  INVALID_TRANSFER_ENCODING: { status: 400, reason: 'invalid Transfer-Encoding' },
  INVALID_CHUNK_SIZE: { status: 400, reason: 'invalid chunk size' },
  INVALID_CHUNK_EXTENSION: { status: 400, reason: 'invalid chunk extension' },
  INVALID_CHUNK_DATA: { status: 400, reason: 'chunk data not followed by CRLF' },
  INVALID_TRAILER: { status: 400, reason: 'invalid trailer section' },
  BODY_TOO_LARGE: { status: 413, reason: 'request body too large' },
  INCOMPLETE_MESSAGE: { status: 400, reason: 'connection closed inside a message' },
} as const;

export type ParseErrorCode = keyof typeof PARSE_ERRORS;
