// A strict reader of what a server sent, independent of the server's own parser: every response
// must be well formed (RFC 9112 §4 status line, §5 field lines, §6 framing) and complete. Used
// by the fuzz test, where the requests are mangled and only the answers' shape can be judged.

export type CheckedResponse = { status: number; fields: Array<[string, string]>; bodyLength: number };

export type CheckResult = { responses: CheckedResponse[]; problem: string | null };

const STATUS_LINE = /^HTTP\/1\.1 ([1-5]\d\d) [\t\x20-\x7e\x80-\xff]*$/;
const FIELD_LINE = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+):[ \t]*([^\x00-\x08\x0a-\x1f\x7f]*?)[ \t]*$/;
const IMF_FIXDATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const MAX_HEAD = 64 * 1024;

function values(fields: Array<[string, string]>, name: string): string[] {
  return fields.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);
}

/**
 * `closedCleanly`: the server ended the connection with a FIN (not a reset, not a timeout), which
 * is the only way a response without Content-Length may end. No request may be HEAD: with mangled
 * requests the checker could not know which responses carry no body.
 */
export function checkResponses(buf: Buffer, closedCleanly: boolean): CheckResult {
  const responses: CheckedResponse[] = [];
  let pos = 0;
  const fail = (problem: string): CheckResult => ({ responses, problem: `response ${responses.length + 1}: ${problem}` });
  while (pos < buf.length) {
    const end = buf.indexOf('\r\n\r\n', pos, 'latin1');
    if (end < 0) return fail(buf.length - pos > MAX_HEAD ? 'head longer than 64 KiB' : 'truncated head');
    if (end - pos > MAX_HEAD) return fail('head longer than 64 KiB');
    const lines = buf.subarray(pos, end).toString('latin1').split('\r\n');
    pos = end + 4;
    const statusMatch = STATUS_LINE.exec(lines[0]!);
    if (statusMatch === null) return fail(`bad status line ${JSON.stringify(lines[0]!.slice(0, 80))}`);
    const status = Number(statusMatch[1]);
    const fields: Array<[string, string]> = [];
    for (const line of lines.slice(1)) {
      if (line.includes('\r') || line.includes('\n')) return fail(`bare CR or LF in ${JSON.stringify(line.slice(0, 80))}`);
      const m = FIELD_LINE.exec(line);
      if (m === null) return fail(`bad field line ${JSON.stringify(line.slice(0, 80))}`);
      fields.push([m[1]!, m[2]!]);
    }
    const lengths = values(fields, 'content-length');
    const codings = values(fields, 'transfer-encoding');
    if (lengths.length > 1) return fail('more than one Content-Length');
    if (lengths.length === 1 && !/^\d{1,15}$/.test(lengths[0]!)) return fail(`bad Content-Length ${lengths[0]}`);
    if (lengths.length === 1 && codings.length > 0) return fail('both Content-Length and Transfer-Encoding');
    // RFC 9110 §6.6.1: an origin server with a clock sends Date in 2xx, 3xx and 4xx responses.
    if (status >= 200 && status < 500) {
      const dates = values(fields, 'date');
      if (dates.length !== 1 || !IMF_FIXDATE.test(dates[0]!)) return fail(`Date missing or not IMF-fixdate: ${JSON.stringify(dates)}`);
    }
    if (status < 200 || status === 204 || status === 304) {
      // RFC 9110 §8.6, §15.3.5: no content, and a 204 carries no Content-Length either.
      if (codings.length > 0) return fail(`Transfer-Encoding on a ${status}`);
      if (status !== 304 && lengths.length > 0) return fail(`Content-Length on a ${status}`);
      responses.push({ status, fields, bodyLength: 0 });
      continue;
    }
    if (codings.length > 0) {
      if (codings.join(',').trim().toLowerCase() !== 'chunked') return fail(`unexpected Transfer-Encoding ${codings.join(',')}`);
      let bodyLength = 0;
      for (;;) {
        const lineEnd = buf.indexOf('\r\n', pos, 'latin1');
        if (lineEnd < 0) return fail('truncated chunked body');
        const sizeText = buf.subarray(pos, lineEnd).toString('latin1');
        if (!/^[0-9A-Fa-f]{1,15}$/.test(sizeText)) return fail(`bad chunk size ${JSON.stringify(sizeText.slice(0, 40))}`);
        const size = parseInt(sizeText, 16);
        pos = lineEnd + 2;
        if (size === 0) {
          if (buf.indexOf('\r\n', pos, 'latin1') !== pos) return fail('trailers or missing CRLF after the last chunk');
          pos += 2;
          break;
        }
        if (pos + size + 2 > buf.length) return fail('truncated chunk');
        if (buf[pos + size] !== 0x0d || buf[pos + size + 1] !== 0x0a) return fail('chunk data not followed by CRLF');
        pos += size + 2;
        bodyLength += size;
      }
      responses.push({ status, fields, bodyLength });
      continue;
    }
    if (lengths.length === 1) {
      const length = Number(lengths[0]);
      if (pos + length > buf.length) return fail(`body truncated: ${buf.length - pos} of ${length} octets`);
      pos += length;
      responses.push({ status, fields, bodyLength: length });
      continue;
    }
    // RFC 9112 §6.3 item 8: without either, the body runs to the close; only a clean close ends it.
    if (!closedCleanly) return fail('no Content-Length and the connection did not end with a FIN');
    responses.push({ status, fields, bodyLength: buf.length - pos });
    pos = buf.length;
  }
  return { responses, problem: null };
}
