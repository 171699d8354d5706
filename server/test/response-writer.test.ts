// The response writer (server/src/response-writer.ts) against a stand-in socket that records its
// writes: what is gathered while a read is drained leaves in one write, a shared body's whole
// response comes from the wire cache only with the server's head writer, and a full socket is
// reported.

import type { Socket } from 'node:net';

import { describe, expect, it } from 'vitest';

import { ResponseWriter } from '../src/response-writer.ts';
import { SERVER_SEAMS } from '../src/seams.ts';
import { shareBody } from '../src/wire-cache.ts';

/** Records writes; `full` makes write() report a full socket. */
function fakeSocket(full = false): { socket: Socket; writes: Buffer[] } {
  const writes: Buffer[] = [];
  const socket = {
    destroyed: false,
    writableEnded: false,
    writableNeedDrain: full,
    write: (buf: Buffer) => {
      writes.push(Buffer.from(buf));
      return !full;
    },
    cork: () => {},
    uncork: () => {},
  } as unknown as Socket;
  return { socket, writes };
}

const FIELDS = 'Content-Type: text/plain\r\nContent-Length: 5\r\n';

describe('gathering', () => {
  it('answers written while a read is drained leave in one write, at flush', () => {
    const { socket, writes } = fakeSocket();
    const w = new ResponseWriter(socket, SERVER_SEAMS, () => {});
    w.gathering = true;
    for (let i = 0; i < 3; i++) w.response(200, FIELDS, Buffer.from('hello'), '', null, true);
    expect(writes).toHaveLength(0);
    expect(w.gatheredBytes).toBeGreaterThan(0);
    w.gathering = false;
    w.flush();
    expect(writes).toHaveLength(1);
    expect(writes[0]!.toString('latin1').match(/HTTP\/1\.1 200 OK/g)).toHaveLength(3);
    expect(w.gatheredBytes).toBe(0);
  });

  it('writes at once when not gathering, and flushes past 64 KiB gathered', () => {
    const { socket, writes } = fakeSocket();
    const w = new ResponseWriter(socket, SERVER_SEAMS, () => {});
    w.write(Buffer.from('a'));
    expect(writes).toHaveLength(1);
    w.gathering = true;
    for (let i = 0; i < 5; i++) w.write(Buffer.alloc(16 * 1024));
    expect(writes.length).toBeGreaterThan(1);
  });
});

describe('the wire cache', () => {
  it('serves a shared body\'s whole response from one buffer, with the server\'s head writer only', () => {
    const body = Buffer.from('hello');
    shareBody(body);
    const { socket, writes } = fakeSocket();
    const w = new ResponseWriter(socket, SERVER_SEAMS, () => {});
    w.response(200, FIELDS, body, '', null, true);
    w.response(200, FIELDS, body, '', null, true);
    expect(writes).toHaveLength(2);
    // Head and body in one buffer each time (the same one within a second of the Date field).
    for (const out of writes) expect(out.toString('latin1')).toMatch(/^HTTP\/1\.1 200 OK\r\nDate: [^\r]+\r\nContent-Type: text\/plain\r\nContent-Length: 5\r\n\r\nhello$/);

    const other = fakeSocket();
    const noDate = new ResponseWriter(other.socket, { writeHead: (status, fields, line) => `HTTP/1.1 ${status} OK\r\n${fields}${line}\r\n`, encodeBody: null }, () => {});
    noDate.response(200, FIELDS, body, '', null, true);
    expect(other.writes[0]!.toString('latin1')).toBe(`HTTP/1.1 200 OK\r\n${FIELDS}\r\nhello`);
  });

  it('re-encodes in-memory bodies through encodeBody', () => {
    const { socket, writes } = fakeSocket();
    const w = new ResponseWriter(socket, { writeHead: SERVER_SEAMS.writeHead, encodeBody: (b) => Buffer.concat([b, b]) }, () => {});
    w.response(200, FIELDS, Buffer.from('hello'), '', null, true);
    expect(writes[0]!.toString('latin1').endsWith('\r\n\r\nhellohello')).toBe(true);
  });
});

describe('a full socket', () => {
  it('is reported, so the send bound can start', () => {
    const { socket } = fakeSocket(true);
    let full = 0;
    const w = new ResponseWriter(socket, SERVER_SEAMS, () => full++);
    expect(w.write(Buffer.from('x'))).toBe(false);
    expect(full).toBe(1);
  });
});
