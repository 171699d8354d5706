// A small static file server on node:http, as someone would write it for the published comparison:
// GET and HEAD of files under the docroot (index.html for a directory, a MIME type by extension,
// Last-Modified), POST /echo answering the request body, 404 for anything else.
// Usage: node --import tsx scripts/matrix/node-static.ts PORT DOCROOT

import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.wasm': 'application/wasm',
};

const [portArg, rootArg] = process.argv.slice(2);
if (portArg === undefined || rootArg === undefined) {
  console.error('usage: node-static.ts PORT DOCROOT');
  process.exit(2);
}
const root = await realpath(rootArg);

function send(res: http.ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** The file a request path names, or null when it is not a file inside the docroot. */
async function resolveFile(urlPath: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  let file = path.join(root, path.normalize(decoded));
  try {
    // realpath: a symlink must not lead out of the docroot.
    file = await realpath(file);
    if (file !== root && !file.startsWith(root + path.sep)) return null;
    let info = await stat(file);
    if (info.isDirectory()) {
      file = path.join(file, 'index.html');
      info = await stat(file);
    }
    return info.isFile() ? file : null;
  } catch {
    return null;
  }
}

// A client that resets the connection mid-body makes `req` throw: answer 400 if still possible,
// never let one request take the process down.
const server = http.createServer((req, res) => {
  handle(req, res).catch(() => {
    if (!res.headersSent) send(res, 400, 'bad request\n');
    else res.destroy();
  });
});

async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  // node:http hands the absolute-form over as sent: an https target did not come over TLS here.
  if (/^https:\/\//i.test(req.url ?? '')) {
    send(res, 421, 'misdirected request\n');
    return;
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/echo' && req.method === 'POST') {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length });
    res.end(body);
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    send(res, 405, 'method not allowed\n');
    return;
  }
  const file = await resolveFile(url.pathname);
  if (file === null) {
    send(res, 404, 'not found\n');
    return;
  }
  const info = await stat(file);
  res.writeHead(200, {
    'Content-Type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': info.size,
    // Never later than the Date header (RFC 9110 §8.8.2.1: a future mtime is replaced by the
    // message's date); a second back, as node:http writes a Date it caches once a second.
    'Last-Modified': new Date(Math.min(info.mtimeMs, Date.now() - 1000)).toUTCString(),
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).on('error', () => res.destroy()).pipe(res);
}

server.listen(Number(portArg), '127.0.0.1', () => console.log(`node:http static server on 127.0.0.1:${portArg}`));
