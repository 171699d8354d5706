// A raw TCP peer for server tests: it writes literal bytes and records everything that comes
// back, plus how the connection ended. Every wait is bounded.

import net from 'node:net';

export type Step = string | Buffer | { pause: number } | { fin: true } | { reset: true } | { awaitBytes: number; max?: number };

export type Outcome = {
  received: Buffer;
  /** How the connection ended, or 'open' if we stopped reading first. */
  end: 'closed' | 'reset' | 'open';
  /** ms from the first write to the first received byte (Infinity if none). */
  firstByteMs: number;
};

export type ExchangeOptions = {
  /** Stop reading once this holds (the connection stays open). */
  until?: (received: Buffer) => boolean;
  /** Upper bound on the whole exchange. */
  timeoutMs?: number;
  host?: string;
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Connects, performs the steps, then reads until close, `until`, or the time bound. */
export function exchange(port: number, steps: Step[] | string | Buffer, options: ExchangeOptions = {}): Promise<Outcome> {
  const list = Array.isArray(steps) ? steps : [steps];
  const timeoutMs = options.timeoutMs ?? 5000;
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: options.host ?? '127.0.0.1' });
    const chunks: Buffer[] = [];
    let total = 0;
    let started = 0;
    let firstByteMs = Infinity;
    let settled = false;
    let waiter: (() => void) | null = null;

    const finish = (end: Outcome['end']): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ received: Buffer.concat(chunks), end, firstByteMs });
    };
    const timer = setTimeout(() => finish('open'), timeoutMs);

    socket.on('data', (d: Buffer) => {
      if (firstByteMs === Infinity) firstByteMs = Date.now() - started;
      chunks.push(d);
      total += d.length;
      waiter?.();
      if (options.until?.(Buffer.concat(chunks))) finish('open');
    });
    socket.on('end', () => finish('closed'));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ECONNREFUSED') {
        settled = true;
        clearTimeout(timer);
        reject(e);
        return;
      }
      finish('reset');
    });
    socket.on('close', () => finish('closed'));
    socket.once('connect', async () => {
      started = Date.now();
      for (const step of list) {
        if (settled) return;
        if (typeof step === 'string') socket.write(Buffer.from(step, 'latin1'));
        else if (Buffer.isBuffer(step)) socket.write(step);
        else if ('pause' in step) await sleep(step.pause);
        else if ('fin' in step) socket.end();
        else if ('reset' in step) socket.resetAndDestroy();
        else if ('awaitBytes' in step) {
          const deadline = Date.now() + (step.max ?? 2000);
          while (total < step.awaitBytes && Date.now() < deadline && !settled) {
            await new Promise<void>((r) => {
              waiter = r;
              setTimeout(r, 50);
            });
            waiter = null;
          }
        }
      }
    });
  });
}

export type ParsedResponse = {
  statusLine: string;
  status: number;
  /** Lower-cased name -> values in order. */
  headers: Map<string, string[]>;
  /** The raw head, status line through the empty line. */
  rawHead: string;
  body: Buffer;
  /** False when the bytes ended before the body did. */
  complete: boolean;
};

export function header(res: ParsedResponse, name: string): string | undefined {
  const values = res.headers.get(name.toLowerCase());
  return values === undefined ? undefined : values.join(', ');
}

/**
 * Splits received bytes into responses. `headIndexes` are the final responses that answer HEAD
 * (no body whatever they say). 1xx responses are returned too.
 */
export function parseResponses(buf: Buffer, headIndexes: number[] = []): ParsedResponse[] {
  const out: ParsedResponse[] = [];
  let pos = 0;
  let finals = 0;
  while (pos < buf.length) {
    const end = buf.indexOf('\r\n\r\n', pos, 'latin1');
    if (end < 0) break;
    const rawHead = buf.subarray(pos, end + 4).toString('latin1');
    const lines = rawHead.slice(0, -4).split('\r\n');
    const statusLine = lines[0]!;
    const status = Number(statusLine.split(' ')[1]);
    const headers = new Map<string, string[]>();
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).toLowerCase();
      const list = headers.get(name) ?? [];
      list.push(line.slice(colon + 1).trim());
      headers.set(name, list);
    }
    pos = end + 4;
    const res: ParsedResponse = { statusLine, status, headers, rawHead, body: Buffer.alloc(0), complete: true };
    out.push(res);
    if (status >= 100 && status < 200) continue;
    const isHead = headIndexes.includes(finals);
    finals++;
    if (isHead || status === 204 || status === 304) continue;
    const te = header(res, 'transfer-encoding');
    const cl = header(res, 'content-length');
    if (te !== undefined && /chunked/i.test(te)) {
      const parts: Buffer[] = [];
      for (;;) {
        const lineEnd = buf.indexOf('\r\n', pos, 'latin1');
        if (lineEnd < 0) {
          res.complete = false;
          pos = buf.length;
          break;
        }
        const size = parseInt(buf.subarray(pos, lineEnd).toString('latin1'), 16);
        pos = lineEnd + 2;
        if (size === 0) {
          const trailerEnd = buf.indexOf('\r\n', pos, 'latin1');
          pos = trailerEnd < 0 ? buf.length : trailerEnd + 2;
          break;
        }
        parts.push(buf.subarray(pos, pos + size));
        pos += size + 2;
      }
      res.body = Buffer.concat(parts);
    } else if (cl !== undefined) {
      const length = Number(cl);
      res.body = buf.subarray(pos, pos + length);
      res.complete = res.body.length === length;
      pos += length;
    } else {
      res.body = buf.subarray(pos);
      pos = buf.length;
    }
  }
  return out;
}

/** Sends `steps` on one connection and parses what came back. */
export async function roundTrip(
  port: number,
  steps: Step[] | string | Buffer,
  options: ExchangeOptions & { headIndexes?: number[] } = {},
): Promise<Outcome & { responses: ParsedResponse[] }> {
  const outcome = await exchange(port, steps, options);
  return { ...outcome, responses: parseResponses(outcome.received, options.headIndexes ?? []) };
}

/** An `until` predicate: stop once `n` complete final responses have arrived. */
export function finals(n: number, headIndexes: number[] = []): (received: Buffer) => boolean {
  return (received) => {
    const all = parseResponses(received, headIndexes).filter((r) => r.status >= 200);
    return all.length >= n && all.slice(0, n).every((r) => r.complete);
  };
}
