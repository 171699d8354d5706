"""A student server that dies when a client connects and closes without sending anything:
`request.split()[1]` on an empty read raises IndexError, uncaught, in a one-connection-at-a-time
accept loop. Its real bug: it joins the request path onto the docroot as is, so
GET /../outside.txt serves a file outside the docroot. Usage: dies-on-empty-connection.py PORT DOCROOT"""
import os
import socket
import sys

port = int(sys.argv[1])
root = sys.argv[2]

srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", port))
srv.listen(16)
print(f"serving {root} on port {port}", flush=True)

while True:
    conn, _ = srv.accept()
    request = conn.recv(4096).decode("latin1")
    path = request.split()[1]  # IndexError on an empty read: the whole server dies
    full = root + "/" + path.lstrip("/")
    try:
        with open(full, "rb") as f:
            body = f.read()
        head = f"HTTP/1.1 200 OK\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    except OSError:
        body = b"not found"
        head = f"HTTP/1.1 404 Not Found\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    conn.sendall(head.encode("latin1") + body)
    conn.close()
