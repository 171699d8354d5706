"""A server configured as stock nginx, Apache, lighttpd and h2o are: it binds its port, then opens
/dev/stderr as its error log, and exits if it cannot (opening /dev/stderr fails with ENXIO when
stderr is a socket). Serves GET from the docroot. Usage: opens-dev-stderr.py PORT DOCROOT"""
import os
import socket
import sys

port = int(sys.argv[1])
root = sys.argv[2]

srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", port))
srv.listen(16)
try:
    log = open("/dev/stderr", "a")
except OSError as e:
    print(f"[emerg] open() \"/dev/stderr\" failed ({e})", file=sys.stdout, flush=True)
    sys.exit(1)
log.write(f"[notice] listening on port {port}\n")
log.flush()

while True:
    conn, _ = srv.accept()
    with conn:
        data = conn.recv(4096).decode("latin1")
        parts = data.split(" ")
        path = parts[1] if len(parts) > 1 else "/"
        try:
            with open(os.path.join(root, path.lstrip("/")), "rb") as f:
                body = f.read()
            conn.sendall(f"HTTP/1.1 200 OK\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode() + body)
        except OSError:
            conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        log.write(f"[info] {path}\n")
        log.flush()
