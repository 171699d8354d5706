// Reason phrases for every status this server sends, and the status lines built from them once.

export const REASONS: Readonly<Record<number, string>> = {
  100: 'Continue',
  200: 'OK',
  204: 'No Content',
  206: 'Partial Content',
  301: 'Moved Permanently',
  304: 'Not Modified',
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  416: 'Range Not Satisfiable',
  417: 'Expectation Failed',
  421: 'Misdirected Request',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
  505: 'HTTP Version Not Supported',
};

const STATUS_LINES = new Map<number, string>();

/**
 * `HTTP/1.1 <code> <reason>\r\n`. RFC 9112 §4: the SP after the code is required even when the
 * reason is empty, and we answer every version 1.x request with our own version, HTTP/1.1.
 */
export function statusLine(status: number): string {
  let line = STATUS_LINES.get(status);
  if (line === undefined) {
    line = `HTTP/1.1 ${status} ${REASONS[status] ?? ''}\r\n`;
    STATUS_LINES.set(status, line);
  }
  return line;
}
