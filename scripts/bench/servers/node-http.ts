// The yardstick: node:http doing the same work as the reference server in the benchmark. Small
// files are kept in memory and re-checked with one stat per second, as the reference server does;
// large files are streamed with pipe(); POST /echo collects up to 1 MiB and answers it; a body
// sent to a static path is drained, then answered 405. Written the way a careful node:http
// server would be, not tuned for the benchmark.

import { createReadStream, promises as fsp } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

import { contentTypeFor } from '../../../server/src/mime.ts';
import { formatHttpDate } from '../../../server/src/http-date.ts';

const CACHE_FILE_BYTES = 256 * 1024;
const REVALIDATE_MS = 1000;
const ECHO_MAX_BYTES = 1024 * 1024;

type Entry = { file: string; size: number; headers: Record<string, string | number>; body: Buffer | null; checkedAt: number };

const [rootArg] = process.argv.slice(2);
if (rootArg === undefined) {
  process.stderr.write('usage: node-http.ts DOCROOT\n');
  process.exit(2);
}
const root = await fsp.realpath(rootArg);
const cache = new Map<string, Entry>();

async function lookup(urlPath: string): Promise<Entry | null> {
  const cached = cache.get(urlPath);
  const now = Date.now();
  if (cached !== undefined && now - cached.checkedAt < REVALIDATE_MS) return cached;
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.split('/').includes('..')) return null;
  const file = path.join(root, decoded);
  try {
    const st = await fsp.stat(file);
    if (!st.isFile()) return null;
    if (cached !== undefined && cached.size === st.size && cached.file === file) {
      cached.checkedAt = now;
      return cached;
    }
    const entry: Entry = {
      file,
      size: st.size,
      headers: {
        'Content-Type': contentTypeFor(file),
        ETag: `"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`,
        'Last-Modified': formatHttpDate(Math.min(st.mtimeMs, now)),
        'Accept-Ranges': 'bytes',
        'Content-Length': st.size,
      },
      body: st.size <= CACHE_FILE_BYTES ? await fsp.readFile(file) : null,
      checkedAt: now,
    };
    cache.set(urlPath, entry);
    return entry;
  } catch {
    return null;
  }
}

function plain(res: http.ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  const body = Buffer.from(text);
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': body.length, ...extra });
  res.end(body);
}

function echo(req: http.IncomingMessage, res: http.ServerResponse): void {
  const parts: Buffer[] = [];
  let bytes = 0;
  let tooLarge = false;
  req.on('data', (chunk: Buffer) => {
    if (tooLarge) return;
    bytes += chunk.length;
    if (bytes > ECHO_MAX_BYTES) {
      tooLarge = true;
      parts.length = 0;
      plain(res, 413, '413 Content Too Large\n', { Connection: 'close' });
      return;
    }
    parts.push(chunk);
  });
  req.on('end', () => {
    if (tooLarge) return;
    const body = Buffer.concat(parts, bytes);
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length });
    res.end(body);
  });
}

const server = http.createServer({ keepAliveTimeout: 5000 }, (req, res) => {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const urlPath = q === -1 ? url : url.slice(0, q);
  const method = req.method ?? 'GET';
  if (urlPath === '/echo') {
    if (method === 'POST') echo(req, res);
    else plain(res, 405, '405 Method Not Allowed\n', { Allow: 'POST, OPTIONS' });
    return;
  }
  if (method !== 'GET' && method !== 'HEAD') {
    // Read the body to its end, then answer, so the connection stays usable.
    req.resume();
    req.on('end', () => plain(res, 405, '405 Method Not Allowed\n', { Allow: 'GET, HEAD, OPTIONS' }));
    return;
  }
  lookup(urlPath).then(
    (entry) => {
      if (entry === null) {
        plain(res, 404, '404 Not Found\n');
        return;
      }
      res.writeHead(200, entry.headers);
      if (method === 'HEAD') res.end();
      else if (entry.body !== null) res.end(entry.body);
      else createReadStream(entry.file).on('error', () => res.destroy()).pipe(res);
    },
    () => plain(res, 500, '500 Internal Server Error\n'),
  );
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  process.stdout.write(`listening on http://127.0.0.1:${address.port}\n`);
});
const stop = (): void => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
