"""A typical second student server: a thread per connection, keep-alive, the head read with
makefile().readline(), header names lower-cased into a dict (the last one wins), Content-Length
trusted through int(), Transfer-Encoding ignored, no Date, no Host check, 405 without Allow,
folded lines appended to the previous field, and any exception a silent close.
Deliberately broken; used by the harness tests. Usage: threaded-student.py PORT DOCROOT"""
import mimetypes
import os
import socket
import sys
import threading
import urllib.parse

port = int(sys.argv[1])
root = os.path.realpath(sys.argv[2])


def respond(out, status, reason, body, content_type="text/plain", head_only=False, close=False):
    lines = [
        f"HTTP/1.1 {status} {reason}",
        f"Content-Type: {content_type}",
        f"Content-Length: {len(body)}",
    ]
    if close:
        lines.append("Connection: close")
    out.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin1"))
    if not head_only:
        out.write(body)
    out.flush()


def serve_file(out, target, head_only, close):
    path = urllib.parse.unquote(target.split("?", 1)[0])
    if path.endswith("/"):
        path += "index.html"
    full = os.path.normpath(os.path.join(root, path.lstrip("/")))
    if not full.startswith(root):
        respond(out, 403, "Forbidden", b"forbidden\n", head_only=head_only, close=close)
        return
    try:
        with open(full, "rb") as f:
            body = f.read()
    except OSError:
        respond(out, 404, "Not Found", b"not found\n", head_only=head_only, close=close)
        return
    ctype = mimetypes.guess_type(full)[0] or "application/octet-stream"
    respond(out, 200, "OK", body, ctype, head_only, close)


def handle(conn):
    rfile = conn.makefile("rb")
    out = conn.makefile("wb")
    try:
        while True:
            line = rfile.readline()
            if not line:
                return
            if line in (b"\r\n", b"\n"):
                continue
            try:
                method, target, version = line.decode("latin1").split()
            except ValueError:
                respond(out, 400, "Bad Request", b"bad request\n", close=True)
                return
            headers = {}
            last = None
            while True:
                h = rfile.readline()
                if h in (b"\r\n", b"\n", b""):
                    break
                if h[:1] in (b" ", b"\t"):
                    # a folded line continues the previous field (KeyError if there is none)
                    headers[last] += " " + h.decode("latin1").strip()
                    continue
                if b":" not in h:
                    continue
                name, value = h.decode("latin1").split(":", 1)
                last = name.strip().lower()
                headers[last] = value.strip()
            try:
                length = int(headers.get("content-length", "0"))
            except ValueError:
                respond(out, 400, "Bad Request", b"bad length\n", close=True)
                return
            body = rfile.read(length) if length > 0 else b""
            close = version == "HTTP/1.0" or headers.get("connection", "").lower() == "close"
            if method == "POST" and target == "/echo":
                respond(out, 200, "OK", body, "application/octet-stream", close=close)
            elif method in ("GET", "HEAD"):
                serve_file(out, target, method == "HEAD", close)
            elif method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS"):
                respond(out, 405, "Method Not Allowed", b"method not allowed\n", close=close)
            else:
                respond(out, 501, "Not Implemented", b"not implemented\n", close=close)
            if close:
                return
    except Exception:
        pass
    finally:
        try:
            conn.close()
        except OSError:
            pass


srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", port))
srv.listen(64)
print(f"listening on http://127.0.0.1:{port}", flush=True)
while True:
    c, _ = srv.accept()
    threading.Thread(target=handle, args=(c,), daemon=True).start()
