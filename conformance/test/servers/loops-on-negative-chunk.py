"""A student asyncio server with its own chunked decoder. The chunk size goes through
int(size, 16), which takes "-5"; the copy loop then never reaches zero and never awaits, so one
bad request pins a core at 100% and the event loop answers nobody again. Every other request is
served properly (keep-alive, Content-Length, 404s).
Deliberately broken; used by the harness tests. Usage: loops-on-negative-chunk.py PORT DOCROOT"""
import asyncio
import os
import signal
import sys

from lowest_priority import lower_priority

port = int(sys.argv[1])
root = os.path.realpath(sys.argv[2])
# Whatever happens, gone within ten minutes: a test that forgets it does not leave a spinning core.
signal.alarm(600)


def response(status, body, close=False):
    extra = b"Connection: close\r\n" if close else b""
    return b"HTTP/1.1 %s\r\nContent-Length: %d\r\n%s\r\n" % (status, len(body), extra) + body


async def read_chunked(reader):
    body = b""
    while True:
        size = int((await reader.readline()).split(b";")[0].strip(), 16)
        if size == 0:
            await reader.readline()
            return body
        if size < 0:
            lower_priority()
        buf = b""
        remaining = size
        while remaining != 0:
            piece = buf[:remaining]
            buf = buf[len(piece):]
            body += piece
            remaining -= len(piece)
            if remaining > 0 and not buf:
                buf = await reader.read(remaining)
                if not buf:
                    raise ConnectionError("eof in chunk")
        await reader.readline()


async def handle(reader, writer):
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin1").split("\r\n")
            method, target, version = lines[0].split(" ")
            headers = {}
            for line in lines[1:]:
                if ":" in line:
                    name, value = line.split(":", 1)
                    headers[name.strip().lower()] = value.strip()
            if headers.get("transfer-encoding", "").lower() == "chunked":
                body = await read_chunked(reader)
            else:
                body = await reader.readexactly(int(headers.get("content-length", "0")))
            close = headers.get("connection", "").lower() == "close"
            if method == "POST" and target == "/echo":
                writer.write(response(b"200 OK", body, close))
            elif method in ("GET", "HEAD"):
                full = os.path.normpath(os.path.join(root, target.split("?")[0].lstrip("/")))
                if not full.startswith(root + os.sep):
                    writer.write(response(b"403 Forbidden", b"forbidden\n", close))
                elif os.path.isfile(full):
                    with open(full, "rb") as f:
                        data = f.read()
                    r = response(b"200 OK", data, close)
                    writer.write(r[: len(r) - len(data)] if method == "HEAD" else r)
                else:
                    writer.write(response(b"404 Not Found", b"not found\n", close))
            else:
                writer.write(response(b"405 Method Not Allowed", b"", close))
            await writer.drain()
            if close:
                break
    except (asyncio.IncompleteReadError, ConnectionError, ValueError, asyncio.LimitOverrunError):
        pass
    finally:
        writer.close()


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", port)
    print(f"listening on {port}", flush=True)
    async with server:
        await server.serve_forever()


asyncio.run(main())
