"""A keep-alive student server whose parser forgives everything the vector cases probe: lines
end at LF (a CR before it dropped), field names lose every whitespace character Python knows
(NBSP, NEL and TAB included: ''.join(name.split())), a folded line is read as a field of its own,
the first Content-Length wins and an empty one counts as 0, Transfer-Encoding counts only when
it is exactly "chunked", an empty chunk size is 0, "100-continue" is looked for as a substring,
the minor version is read into an octet, a request line of one word goes on at the next line, a
folded line without a colon ends the header section, a line without a colon is split at its first
space, "_" in a name is read as "-", and OPTIONS, HEAD, DELETE and 404 answers never
read a body. Deliberately broken. Usage: lenient-parser.py PORT DOCROOT"""
import os
import socket
import sys
import threading

port = int(sys.argv[1])
root = os.path.realpath(sys.argv[2])


def send(out, status, reason, body, head_only=False, close=False):
    head = f"HTTP/1.1 {status} {reason}\r\nContent-Length: {len(body)}\r\n" + ("Connection: close\r\n" if close else "") + "\r\n"
    out.write(head.encode("latin1") + (b"" if head_only else body))
    out.flush()


def line(rfile):
    raw = rfile.readline(1 << 20)
    return None if not raw else raw.decode("latin1").rstrip("\n").rstrip("\r")


def read_chunked(rfile):
    body = b""
    while True:
        size_line = line(rfile)
        if size_line is None:
            return None
        size = int(size_line.split(";")[0].strip() or "0", 16)
        if size == 0:
            while line(rfile) not in ("", None):
                pass
            return body
        body += rfile.read(size)
        line(rfile)


def handle(conn):
    rfile = conn.makefile("rb")
    out = conn.makefile("wb")
    try:
        while True:
            request = line(rfile)
            if request is None:
                return
            if request == "":
                continue
            if len(request.split()) == 1:
                # "GET" alone: the rest of the request line must be on the next line
                request += " " + (line(rfile) or "")
            try:
                method, target, version = request.split()
                major, minor = version[len("HTTP/"):].split(".")
                if (int(major), int(minor) % 256) not in ((1, 0), (1, 1)):
                    raise ValueError(version)
            except ValueError:
                send(out, 400, "Bad Request", b"bad request\n", close=True)
                return
            fields = {}
            while True:
                h = line(rfile)
                if h in ("", None):
                    break
                if ":" not in h:
                    if h[:1] in (" ", "\t"):
                        break  # a folded line that is no field ends the section; the rest is body
                    name, _, value = h.partition(" ")  # "Content-Length 36": split at the space
                else:
                    name, _, value = h.partition(":")
                name = name.replace("_", "-")  # CGI-style: Content_Length is Content-Length
                fields.setdefault("".join(name.split()).lower(), value.strip())
            if "100-continue" in fields.get("expect", ""):
                out.write(b"HTTP/1.1 100 Continue\r\n\r\n")
                out.flush()
            if method not in ("GET", "HEAD", "POST", "OPTIONS", "DELETE"):
                send(out, 501, "Not Implemented", b"not implemented\n")
                continue
            path = target.split("?", 1)[0]
            full = os.path.realpath(os.path.join(root, path.lstrip("/") or "index.html"))
            found = (full == root or full.startswith(root + os.sep)) and os.path.isfile(full)
            if method in ("OPTIONS", "HEAD", "DELETE") or not found:
                if method == "OPTIONS":
                    send(out, 204, "No Content", b"")
                elif method == "DELETE":
                    send(out, 405, "Method Not Allowed", b"method not allowed\n")
                else:
                    send(out, 404 if not found else 200, "Not Found" if not found else "OK", b"not found\n" if not found else open(full, "rb").read(), head_only=method == "HEAD")
                continue
            if fields.get("transfer-encoding") == "chunked":
                if read_chunked(rfile) is None:
                    return
            else:
                try:
                    length = int(fields.get("content-length", "0") or "0")
                except ValueError:
                    length = 0
                rfile.read(length)
            with open(full, "rb") as f:
                send(out, 200, "OK", f.read(), head_only=False)
    except (OSError, ValueError):
        pass
    finally:
        conn.close()


srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", port))
srv.listen(64)
print(f"serving on {port}", flush=True)
while True:
    c, _ = srv.accept()
    threading.Thread(target=handle, args=(c,), daemon=True).start()
