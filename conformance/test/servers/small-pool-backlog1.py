"""A student server with a fixed pool of six worker threads that each accept() and serve one
connection until it closes (keep-alive), on a listen backlog of 1, as the lecture's pre-threaded
example had it. When all six are busy, a seventh client waits in the kernel's queue; more than
that, and the kernel drops its SYN until a worker is free. Its HTTP is otherwise careful; its
only real bugs are small (no Date, 405 without Allow).
Used by the harness tests. Usage: small-pool-backlog1.py PORT DOCROOT [WORKERS]"""
import os
import socket
import sys
import threading

port = int(sys.argv[1])
root = os.path.realpath(sys.argv[2])
workers = int(sys.argv[3]) if len(sys.argv) > 3 else 6


def send(conn, status, body, close, head_only=False):
    extra = b"Connection: close\r\n" if close else b""
    conn.sendall(b"HTTP/1.1 %s\r\nContent-Length: %d\r\n%s\r\n" % (status, len(body), extra) + (b"" if head_only else body))


def serve(conn):
    buf = b""
    while True:
        while b"\r\n\r\n" not in buf:
            chunk = conn.recv(65536)
            if not chunk:
                return
            buf += chunk
            if len(buf) > 65536:
                send(conn, b"431 Request Header Fields Too Large", b"", True)
                return
        head, _, buf = buf.partition(b"\r\n\r\n")
        lines = head.decode("latin1").split("\r\n")
        try:
            method, target, version = lines[0].split(" ")
        except ValueError:
            send(conn, b"400 Bad Request", b"bad request\n", True)
            return
        headers = {}
        for line in lines[1:]:
            name, sep, value = line.partition(":")
            if not sep or name != name.strip() or not name:
                send(conn, b"400 Bad Request", b"bad header\n", True)
                return
            if name.lower() in headers and name.lower() == "content-length":
                send(conn, b"400 Bad Request", b"bad length\n", True)
                return
            headers[name.lower()] = value.strip()
        if version != "HTTP/1.1" and version != "HTTP/1.0":
            send(conn, b"505 HTTP Version Not Supported", b"", True)
            return
        if version == "HTTP/1.1" and "host" not in headers:
            send(conn, b"400 Bad Request", b"no host\n", True)
            return
        if "transfer-encoding" in headers:
            send(conn, b"501 Not Implemented", b"no chunked\n", True)
            return
        length = headers.get("content-length", "0")
        if not length.isdigit():
            send(conn, b"400 Bad Request", b"bad length\n", True)
            return
        length = int(length)
        while len(buf) < length:
            chunk = conn.recv(65536)
            if not chunk:
                return
            buf += chunk
        body, buf = buf[:length], buf[length:]
        close = headers.get("connection", "").lower() == "close" or version == "HTTP/1.0"
        if method == "POST" and target == "/echo":
            send(conn, b"200 OK", body, close)
        elif method in ("GET", "HEAD"):
            path = target.split("?")[0]
            full = os.path.normpath(os.path.join(root, path.lstrip("/")))
            if not full.startswith(root + os.sep) and full != root:
                send(conn, b"403 Forbidden", b"forbidden\n", close, method == "HEAD")
            elif os.path.isfile(full):
                with open(full, "rb") as f:
                    send(conn, b"200 OK", f.read(), close, method == "HEAD")
            else:
                send(conn, b"404 Not Found", b"not found\n", close, method == "HEAD")
        else:
            send(conn, b"405 Method Not Allowed", b"", close)
        if close:
            return


def worker(srv):
    while True:
        conn, _ = srv.accept()
        try:
            serve(conn)
        except OSError:
            pass
        finally:
            conn.close()


srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", port))
srv.listen(1)
print(f"{workers} workers on {port}", flush=True)
threads = [threading.Thread(target=worker, args=(srv,), daemon=True) for _ in range(workers)]
for t in threads:
    t.start()
for t in threads:
    t.join()
