"""The shared skeleton of the one-bug student servers: a thread per connection, one request per
connection (every response says Connection: close), the head read up to its empty line, static
files from the docroot with Content-Length, and POST /echo by Content-Length. Each server file replaces one function to carry the
one mistake it is named after; this module itself is not a server."""
import mimetypes
import os
import socket
import sys
import threading
import urllib.parse


class Student:
    # How much one recv() of the head may take.
    HEAD_RECV = 65536

    def __init__(self, port, root):
        self.port = port
        self.root = os.path.realpath(root)

    # ---- the parts a one-bug server replaces -------------------------------------------
    def read_head(self, conn):
        """The bytes up to and including the empty line, or None when the client went away."""
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(self.HEAD_RECV)
            if not chunk:
                return None
            data += chunk
        return data

    def resolve(self, path):
        """The file for a decoded path, or None: containment with a separator after the root."""
        full = os.path.realpath(os.path.join(self.root, path.lstrip("/")))
        if full != self.root and not full.startswith(self.root + os.sep):
            return None
        return full if os.path.isfile(full) else None

    def request_line(self, conn, head):
        """(method, target), or None once an error response has been sent."""
        parts = head.split(b"\r\n", 1)[0].decode("latin1").split(" ")
        if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
            self.respond(conn, 400, "Bad Request", b"bad request\n")
            return None
        return parts[0], parts[1]

    def echo(self, conn, head):
        """POST /echo: the body back, by Content-Length only; over 1 MiB refused with 400 (a limit
        with the wrong status: 413 names it)."""
        fields = head.split(b"\r\n\r\n", 1)[0].decode("latin1").lower()
        length = 0
        for line in fields.split("\r\n")[1:]:
            name, _, value = line.partition(":")
            if name.strip() == "content-length" and value.strip().isdigit():
                length = int(value.strip())
        if length > 1 << 20:
            self.respond(conn, 400, "Bad Request", b"body too large\n")
            return
        body = head.split(b"\r\n\r\n", 1)[1]
        while len(body) < length:
            chunk = conn.recv(65536)
            if not chunk:
                return
            body += chunk
        self.respond(conn, 200, "OK", body[:length])

    def head_fields(self, body):
        return [f"Content-Length: {len(body)}"]

    # ---- the rest ----------------------------------------------------------------------
    def respond(self, conn, status, reason, body, ctype="text/plain", head_only=False):
        lines = [f"HTTP/1.1 {status} {reason}", f"Content-Type: {ctype}", *self.head_fields(body), "Connection: close"]
        conn.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin1") + (b"" if head_only else body))

    def handle(self, conn):
        try:
            head = self.read_head(conn)
            if head is None:
                return
            line = self.request_line(conn, head)
            if line is None:
                return
            method, target = line
            if method == "POST" and target == "/echo":
                self.echo(conn, head)
                return
            if method not in ("GET", "HEAD"):
                self.respond(conn, 405, "Method Not Allowed", b"method not allowed\n")
                return
            path = urllib.parse.unquote(target.split("?", 1)[0])
            if path.endswith("/"):
                path += "index.html"
            full = self.resolve(path)
            if full is None:
                self.respond(conn, 404, "Not Found", b"not found\n", head_only=method == "HEAD")
                return
            with open(full, "rb") as f:
                body = f.read()
            ctype = mimetypes.guess_type(full)[0] or "application/octet-stream"
            self.respond(conn, 200, "OK", body, ctype, head_only=method == "HEAD")
        except OSError:
            pass
        finally:
            conn.close()

    def serve(self):
        srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        srv.bind(("127.0.0.1", self.port))
        srv.listen(64)
        print(f"serving on {self.port}", flush=True)
        while True:
            conn, _ = srv.accept()
            threading.Thread(target=self.handle, args=(conn,), daemon=True).start()


def main(cls):
    cls(int(sys.argv[1]), sys.argv[2]).serve()
