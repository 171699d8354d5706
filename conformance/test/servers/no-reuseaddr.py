"""A threaded student server that does not set SO_REUSEADDR and dies (exit 70) on a TRACE
request. Once it has crashed, the connections it closed sit in TIME_WAIT on its port, and it
cannot bind that port again for a minute: bind() fails with EADDRINUSE.
Usage: no-reuseaddr.py PORT DOCROOT"""
import os
import socket
import sys
import threading

port = int(sys.argv[1])
root = sys.argv[2]


def handle(conn):
    with conn:
        data = conn.recv(65536)
        if data.startswith(b"TRACE "):
            print("Traceback (most recent call last): ValueError: unsupported method TRACE", flush=True)
            os._exit(70)
        parts = data.split(b" ")
        path = parts[1].decode("latin1") if len(parts) > 1 else "/"
        try:
            with open(os.path.join(root, path.lstrip("/").split("?")[0] or "index.html"), "rb") as f:
                body = f.read()
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body)
        except OSError:
            conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")


srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # no SO_REUSEADDR
srv.bind(("127.0.0.1", port))
srv.listen(64)
print(f"listening on {port}", flush=True)
while True:
    c, _ = srv.accept()
    threading.Thread(target=handle, args=(c,), daemon=True).start()
