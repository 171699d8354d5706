"""A careful keep-alive HTTP/1.1 server with one framing bug: when a request carries both
Transfer-Encoding: chunked and Content-Length, it frames the body by Content-Length (RFC 9112
§6.3 says Transfer-Encoding wins, and a server ought to reject or close). Everything else is
strict: the request line, field names, Host, Content-Length digits, chunk sizes. It serves the
docroot (GET, HEAD) and POST /echo. The explorer's test runs it without telling the explorer.
With the argument `fixed` it rejects such a request instead (400, then close), as the
reference server does; with `slow` it takes 0.3 s before it reads a connection's first request (a loaded machine).
Usage: cl-over-te-server.py PORT DOCROOT [fixed] [slow]"""
import os
import re
import socket
import sys
import threading
import time

port = int(sys.argv[1])
root = os.path.realpath(sys.argv[2])
fixed = "fixed" in sys.argv[3:]
delay = 0.3 if "slow" in sys.argv[3:] else 0.0
TOKEN = re.compile(rb"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")
REQUEST_LINE = re.compile(rb"^([A-Z]+) (/[^ \x00-\x1f\x7f]*) HTTP/1\.1$")
CHUNK_SIZE = re.compile(rb"^([0-9A-Fa-f]{1,8})(;[^\r\n]*)?$")


class Bad(Exception):
    pass


class Reader:
    def __init__(self, conn):
        self.conn = conn
        self.buf = b""

    def fill(self):
        chunk = self.conn.recv(65536)
        if not chunk:
            raise EOFError
        self.buf += chunk

    def line(self):
        while b"\r\n" not in self.buf:
            if len(self.buf) > 16384:
                raise Bad("line too long")
            self.fill()
        line, self.buf = self.buf.split(b"\r\n", 1)
        if b"\n" in line or b"\r" in line:
            raise Bad("bare CR or LF")
        return line

    def exactly(self, n):
        while len(self.buf) < n:
            self.fill()
        out, self.buf = self.buf[:n], self.buf[n:]
        return out


def respond(conn, status, reason, body=b"", head_only=False, close=False):
    head = f"HTTP/1.1 {status} {reason}\r\nContent-Length: {len(body)}\r\n"
    if close:
        head += "Connection: close\r\n"
    conn.sendall(head.encode() + b"\r\n" + (b"" if head_only else body))


def read_request(r):
    line = r.line()
    # RFC 9112 §2.2: empty lines before a request line are ignored.
    for _ in range(8):
        if line != b"":
            break
        line = r.line()
    m = REQUEST_LINE.match(line)
    if not m:
        raise Bad("request line")
    fields = []
    while True:
        f = r.line()
        if f == b"":
            break
        name, sep, value = f.partition(b":")
        if not sep or not TOKEN.match(name):
            raise Bad("field line")
        value = value.strip(b" \t")
        if any(c < 0x20 and c != 0x09 or c == 0x7F for c in value):
            raise Bad("field value")
        fields.append((name.lower(), value))
    names = [n for n, _ in fields]
    if names.count(b"host") != 1:
        raise Bad("host")
    te = [v for n, v in fields if n == b"transfer-encoding"]
    cl = [v for n, v in fields if n == b"content-length"]
    if len(set(cl)) > 1 or any(not re.fullmatch(rb"\d{1,15}", v) for v in cl):
        raise Bad("content-length")
    if fixed and te and cl:
        raise Bad("both Transfer-Encoding and Content-Length")
    # The bug: Content-Length is looked at first, so it wins over Transfer-Encoding.
    if cl:
        body = r.exactly(int(cl[0]))
    elif te:
        if te != [b"chunked"]:
            raise Bad("transfer-encoding")
        body = b""
        while True:
            size = CHUNK_SIZE.match(r.line())
            if not size:
                raise Bad("chunk size")
            n = int(size.group(1), 16)
            if n == 0:
                while r.line() != b"":
                    pass
                break
            body += r.exactly(n)
            if r.exactly(2) != b"\r\n":
                raise Bad("chunk data")
    else:
        body = b""
    close = any(n == b"connection" and b"close" in v.lower() for n, v in fields)
    return m.group(1), m.group(2), body, close


def serve(conn, method, target, body, close):
    if target == b"/echo":
        if method == b"POST":
            respond(conn, 200, "OK", body, close=close)
        else:
            respond(conn, 405, "Method Not Allowed", b"", close=close)
        return
    if method not in (b"GET", b"HEAD"):
        respond(conn, 405, "Method Not Allowed", b"", close=close)
        return
    path = target.split(b"?", 1)[0].decode("latin1")
    if path.endswith("/"):
        path += "index.html"
    full = os.path.realpath(os.path.join(root, path.lstrip("/")))
    if not full.startswith(root + os.sep) or not os.path.isfile(full):
        respond(conn, 404, "Not Found", b"not found\n", head_only=method == b"HEAD", close=close)
        return
    with open(full, "rb") as f:
        respond(conn, 200, "OK", f.read(), head_only=method == b"HEAD", close=close)


def handle(conn):
    r = Reader(conn)
    try:
        # Slow to its first answer on a connection, as a loaded machine is: the request waits.
        if delay:
            time.sleep(delay)
        while True:
            try:
                method, target, body, close = read_request(r)
            except Bad:
                respond(conn, 400, "Bad Request", b"bad request\n", close=True)
                return
            serve(conn, method, target, body, close)
            if close:
                return
    except (EOFError, OSError):
        pass
    finally:
        conn.close()


def main():
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    s.listen(64)
    while True:
        conn, _ = s.accept()
        threading.Thread(target=handle, args=(conn,), daemon=True).start()


main()
