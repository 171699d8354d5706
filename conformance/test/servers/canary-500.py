"""A student server with keep-alive that forgets to reset its parser state between requests: the
first request on a connection is answered right, the second finds the previous request's leftovers
in its buffer and gets a 500. Its real bug is keep-alive, not the first request it answers.
Deliberately broken; used by the harness tests. Usage: canary-500.py PORT DOCROOT"""
import os
import socket
import sys
import threading

port = int(sys.argv[1])
root = os.path.realpath(sys.argv[2])

srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", port))
srv.listen(64)
print(f"listening on {port}", flush=True)


def answer(conn, status, body, head_only=False):
    conn.sendall(b"HTTP/1.1 %s\r\nContent-Length: %d\r\n\r\n" % (status, len(body)) + (b"" if head_only else body))


def handle(conn):
    buf = b""
    served = 0
    try:
        while True:
            while b"\r\n\r\n" not in buf:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                buf += chunk
            head, _, buf = buf.partition(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value.strip())
            while len(buf) < length:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                buf += chunk
            buf = buf[length:]
            served += 1
            if served > 1:
                # Bug: the state of the first request is still there; the handler trips over it.
                answer(conn, b"500 Internal Server Error", b"internal error\n")
                continue
            parts = head.split(b"\r\n")[0].split(b" ")
            head_only = parts[0] == b"HEAD"
            target = parts[1].decode("latin1") if len(parts) > 1 else "/"
            full = os.path.normpath(os.path.join(root, target.split("?")[0].lstrip("/")))
            if not full.startswith(root):
                answer(conn, b"403 Forbidden", b"forbidden\n", head_only)
                continue
            try:
                with open(full, "rb") as f:
                    answer(conn, b"200 OK", f.read(), head_only)
            except OSError:
                answer(conn, b"404 Not Found", b"not found\n", head_only)
    except (OSError, ValueError):
        pass
    finally:
        conn.close()


while True:
    c, _ = srv.accept()
    threading.Thread(target=handle, args=(c,), daemon=True).start()
