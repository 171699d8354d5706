// The parts a server is composed of, as one object: the request reader, the connection rules,
// the router and the static-file answer, the response head writer, and the few policies around
// them. startServer() uses SERVER_SEAMS. Only server/variants/ replaces any of them, to build a
// server that is exactly this one plus one deviation (a deliberately broken one, or one the RFCs
// permit); no flag of the server's own command line reaches them.

import { SERVER_RULES } from './connection-rules.ts';
import type { EchoBody } from './echo.ts';
import type { ConnectionRules } from './connection-rules.ts';
import type { NeedData, ParserEvent, RequestHead } from './protocol/events.ts';
import { RequestParser } from './protocol/request-parser.ts';
import type { ParserOptionsInput } from './protocol/request-parser.ts';
import { serializeHead } from './response.ts';
import type { OutgoingResponse } from './response.ts';
import { route } from './routes.ts';
import type { RouteContext, RoutePlan } from './routes.ts';
import { withinRoot } from './static-files.ts';
import { fileResponse } from './static-response.ts';
import type { FileAnswer } from './static-response.ts';

/** What the connection needs of a request parser (protocol/request-parser.ts is the one). */
export type RequestReader = {
  feed(bytes: Buffer): void;
  feedEof(): void;
  nextEvent(): ParserEvent | NeedData;
  readonly betweenMessages: boolean;
};

export type Router = (head: RequestHead, ctx: RouteContext) => RoutePlan;

/**
 * The response head: status line, Date, `fields`, the Connection line and the empty line.
 * `request` is null for an answer to no complete request (a parse error, a timeout); `hasBody`
 * says whether content follows.
 */
export type HeadWriter = (status: number, fields: string, connectionLine: string, request: RequestHead | null, hasBody: boolean) => string;

export type Seams = {
  rules: ConnectionRules;
  newReader: (options: ParserOptionsInput) => RequestReader;
  /**
   * The first read of a connection, before any parsing: bytes to answer it with instead of
   * HTTP/1.1 (another protocol's greeting, say), or null to parse it as usual. Null: none.
   */
  greet: ((first: Buffer) => Buffer | null) | null;
  /** Each socket read passes through a fresh filter per connection before the reader sees it; null: none. */
  inputFilter: (() => (chunk: Buffer) => Buffer) | null;
  route: Router;
  fileAnswer: FileAnswer;
  /** The answer to POST /echo once its body is complete. */
  echoAnswer: (body: EchoBody, head: RequestHead) => OutgoingResponse;
  writeHead: HeadWriter;
  /** Re-encodes an in-memory response body before it is written; null: as is. */
  encodeBody: ((body: Buffer) => Buffer) | null;
  /** Whether a file at real path `real` may be served from the docroot at real path `root`. */
  servable: (root: string, real: string) => boolean;
  /** 'concurrent': every connection is served at once; 'one-at-a-time': the others wait, unread. */
  admission: 'concurrent' | 'one-at-a-time';
};

export const SERVER_SEAMS: Seams = {
  rules: SERVER_RULES,
  newReader: (options) => new RequestParser(options),
  inputFilter: null,
  greet: null,
  route,
  fileAnswer: fileResponse,
  echoAnswer: (body) => body.response(),
  // serializeHead ignores the request and hasBody arguments.
  writeHead: serializeHead,
  encodeBody: null,
  servable: withinRoot,
  admission: 'concurrent',
};
