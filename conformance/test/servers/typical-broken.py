"""The typical broken student server of issue 12: a thread per connection, one recv() per
connection (whatever the request's size), the request line split on spaces, no Host check, the
path joined to the docroot without checking for `..`, error responses without Content-Length
(the close ends them), the connection closed after each answer. Deliberately broken; used by
the harness tests. Usage: typical-broken.py PORT DOCROOT"""
import os
import socket
import sys
import threading

port = int(sys.argv[1])
root = sys.argv[2]


def error(conn, status):
    # The body's end is the close: no Content-Length, as many first servers do.
    conn.sendall(f"HTTP/1.1 {status}\r\nContent-Type: text/plain\r\n\r\n{status}\n".encode("latin1"))


def handle(conn):
    with conn:
        data = conn.recv(4096).decode("latin1")
        line = data.split("\r\n")[0]
        parts = line.split(" ")
        if len(parts) != 3:
            return error(conn, "400 Bad Request")
        method, path, _version = parts
        if method not in ("GET", "HEAD"):
            return error(conn, "501 Not Implemented")
        path = path.split("?")[0]
        if path.endswith("/"):
            path += "index.html"
        try:
            with open(os.path.join(root, path.lstrip("/")), "rb") as f:
                body = f.read()
        except OSError:
            return error(conn, "404 Not Found")
        head = f"HTTP/1.1 200 OK\r\nContent-Length: {len(body)}\r\n\r\n".encode("latin1")
        conn.sendall(head if method == "HEAD" else head + body)


srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", port))
srv.listen(64)
print(f"serving on {port}", flush=True)
while True:
    c, _ = srv.accept()
    threading.Thread(target=handle, args=(c,), daemon=True).start()
