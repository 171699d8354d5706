"""A student server that buffers each connection's input and cuts requests out of it: recv()
until "\r\n\r\n", the head decoded as ASCII and split on "\r\n", the request line on " ", fields
on ": ", the Host taken from the first field line, Content-Length through int(). Every exception
becomes a 500. Unknown paths fall back to index.html (single-page-app style); paths are
"sanitised" by dropping unprintable characters, and dot segments raise. Deliberately broken;
used by the harness tests. Usage: buffered-student.py PORT DOCROOT"""
import mimetypes
import os
import socket
import sys
import threading

port = int(sys.argv[1])
root = os.path.realpath(sys.argv[2])
MY_HOSTS = (f"127.0.0.1:{port}", f"localhost:{port}")


class BadRequest(Exception):
    pass


def head_bytes(status, reason, length, ctype="text/plain", close=False):
    lines = [f"HTTP/1.1 {status} {reason}", f"Content-Type: {ctype}", f"Content-Length: {length}"]
    if close:
        lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("ascii")


def read_file(path):
    path = "".join(ch for ch in path.split("?")[0] if ch.isprintable())
    for segment in path.split("/"):
        if segment.startswith("."):
            raise ValueError("dot segments and hidden files are not allowed")
    if path.endswith("/"):
        path += "index.html"
    full = os.path.join(root, path.lstrip("/"))
    try:
        with open(full, "rb") as f:
            return full, f.read()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        full = os.path.join(root, "index.html")
        with open(full, "rb") as f:
            return full, f.read()


def answer(method, target, version, headers, body):
    close = version == "HTTP/1.0" or headers.get("Connection") == "close"
    if method == "POST" and target == "/echo":
        return head_bytes(200, "OK", len(body), "application/octet-stream", close) + body, close
    if method not in ("GET", "HEAD"):
        msg = b"method not allowed\n"
        return head_bytes(405, "Method Not Allowed", len(msg), close=close) + msg, close
    full, data = read_file(target)
    ctype = mimetypes.guess_type(full)[0] or "application/octet-stream"
    out = head_bytes(200, "OK", len(data), ctype, close)
    return (out if method == "HEAD" else out + data), close


def handle(conn):
    buf = b""
    try:
        while True:
            while b"\r\n\r\n" not in buf:
                data = conn.recv(65536)
                if not data:
                    return
                buf += data
            head, buf = buf.split(b"\r\n\r\n", 1)
            try:
                lines = head.decode("ascii").split("\r\n")
                method, target, version = lines[0].split(" ")
                if version not in ("HTTP/1.0", "HTTP/1.1"):
                    msg = b"version not supported\n"
                    conn.sendall(head_bytes(505, "HTTP Version Not Supported", len(msg), close=True) + msg)
                    return
                headers = {}
                for line in lines[1:]:
                    name, value = line.split(": ")
                    if name in headers:
                        raise BadRequest(f"duplicate {name}")
                    headers[name] = value
                if version == "HTTP/1.1":
                    first = lines[1].split(": ") if len(lines) > 1 else []
                    if first[:1] != ["Host"] or first[1] not in MY_HOSTS:
                        raise BadRequest("bad Host")
                length = int(headers.get("Content-Length", "0"))
                while len(buf) < length:
                    data = conn.recv(65536)
                    if not data:
                        return
                    buf += data
                body, buf = buf[:length], buf[length:]
                out, close = answer(method, target, version, headers, body)
            except BadRequest:
                msg = b"bad request\n"
                conn.sendall(head_bytes(400, "Bad Request", len(msg), close=True) + msg)
                return
            except Exception:
                msg = b"internal server error\n"
                conn.sendall(head_bytes(500, "Internal Server Error", len(msg), close=True) + msg)
                return
            conn.sendall(out)
            if close:
                return
    except OSError:
        pass
    finally:
        conn.close()


srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", port))
srv.listen(64)
print(f"listening on http://127.0.0.1:{port}", flush=True)
while True:
    c, _ = srv.accept()
    threading.Thread(target=handle, args=(c,), daemon=True).start()
