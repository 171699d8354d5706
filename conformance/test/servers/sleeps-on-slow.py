"""A threaded server that serves files from the docroot at once, except GET /slow, which it holds
for a minute: a run against it can be interrupted while a case is in flight. With a third
argument, it creates that file when /slow arrives (a test waits for it).
Usage: sleeps-on-slow.py PORT DOCROOT [MARK-FILE]"""
import os
import socket
import sys
import threading
import time

port = int(sys.argv[1])
root = sys.argv[2]
mark = sys.argv[3] if len(sys.argv) > 3 else None


def handle(conn):
    with conn:
        data = conn.recv(65536)
        parts = data.split(b" ")
        path = parts[1].decode("latin1") if len(parts) > 1 else "/"
        if path == "/slow":
            if mark:
                open(mark, "w").close()
            time.sleep(60)
        try:
            with open(os.path.join(root, path.lstrip("/")), "rb") as f:
                body = f.read()
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body)
        except OSError:
            conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")


srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", port))
srv.listen(64)
print(f"listening on {port}", flush=True)
while True:
    c, _ = srv.accept()
    threading.Thread(target=handle, args=(c,), daemon=True).start()
