// The 1 GiB scenarios, driven by a small raw-socket client (wrk cannot stream a body of that
// size): a chunked upload the server must read to the end and throw away, and a download of a
// 1 GiB file. Both honour backpressure on the client side, so the server's memory is what shows.

import net from 'node:net';

import { BenchError } from './spawn-server.ts';

const UPLOAD_CHUNK = 256 * 1024;
const TIMEOUT_MS = 120_000;

export type TransferResult = { bytes: number; seconds: number; status: number };

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ port, host: '127.0.0.1' }, () => resolve(s));
    s.once('error', reject);
  });
}

/** Feeds what arrives to `onData` until it returns true (or throws). */
function collect(socket: net.Socket, onData: (chunk: Buffer) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new BenchError(`transfer did not finish within ${TIMEOUT_MS / 1000} s`));
    }, TIMEOUT_MS);
    const finish = (err?: Error): void => {
      clearTimeout(timer);
      socket.removeAllListeners('data');
      if (err) reject(err);
      else resolve();
    };
    socket.on('data', (chunk: Buffer) => {
      let done: boolean;
      try {
        done = onData(chunk);
      } catch (err) {
        socket.destroy();
        finish(err as Error);
        return;
      }
      if (done) finish();
    });
    socket.once('error', (e) => finish(new BenchError(`connection failed: ${e.message}`)));
    socket.once('close', () => finish(new BenchError('the server closed the connection before the response was complete')));
  });
}

function drained(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
  });
}

function statusOf(head: string): number {
  const m = /^HTTP\/1\.1 (\d{3}) /.exec(head);
  if (m === null) throw new BenchError(`not an HTTP/1.1 response: ${JSON.stringify(head.slice(0, 40))}`);
  return Number(m[1]);
}

/** POSTs `bytes` octets, chunked, to `path`; resolves when the (final) response head has arrived. */
export async function upload(port: number, path: string, bytes: number): Promise<TransferResult> {
  const socket = await connect(port);
  const started = process.hrtime.bigint();
  let head = '';
  let status = 0;
  const response = collect(socket, (chunk) => {
    head += chunk.toString('latin1');
    const end = head.indexOf('\r\n\r\n');
    if (end === -1) return false;
    status = statusOf(head);
    return true;
  });
  socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n`);
  const payload = Buffer.alloc(UPLOAD_CHUNK, 'u');
  const crlf = Buffer.from('\r\n');
  let sent = 0;
  let aborted = false;
  void response.catch(() => {
    aborted = true;
  });
  while (sent < bytes && !aborted) {
    const n = Math.min(UPLOAD_CHUNK, bytes - sent);
    socket.cork();
    socket.write(`${n.toString(16)}\r\n`);
    socket.write(n === UPLOAD_CHUNK ? payload : payload.subarray(0, n));
    const ok = socket.write(crlf);
    socket.uncork();
    sent += n;
    if (!ok) await drained(socket);
  }
  if (!aborted) socket.write('0\r\n\r\n');
  await response;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  socket.destroy();
  return { bytes: sent, seconds, status };
}

/** GETs `path` and reads the whole body (Content-Length framed), keeping none of it. */
export async function download(port: number, path: string): Promise<TransferResult> {
  const socket = await connect(port);
  const started = process.hrtime.bigint();
  let head = '';
  let headDone = false;
  let expected = -1;
  let received = 0;
  let status = 0;
  const response = collect(socket, (chunk) => {
    if (!headDone) {
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) return false;
      headDone = true;
      status = statusOf(head);
      const m = /\r\ncontent-length: *(\d+)\r\n/i.exec(head.slice(0, end + 2));
      if (m === null) throw new BenchError('the download has no Content-Length');
      expected = Number(m[1]);
      received = Buffer.byteLength(head, 'latin1') - (end + 4);
      head = '';
    } else {
      received += chunk.length;
    }
    return received >= expected;
  });
  socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
  await response;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  socket.destroy();
  return { bytes: received, seconds, status };
}
