"""A student server that dies when a client connects and closes without sending anything:
`request.split()[1]` on an empty read raises IndexError, uncaught, in a one-connection-at-a-time
accept loop. Its real bug: it joins the request path onto the docroot as is, so
GET /../outside.txt serves a file outside the docroot. With DYING_S, it dies slowly (a slow cleanup,
a machine under load): DYING_S before its listening socket closes (resetting what waits in its
backlog), DYING_S more before the process exits, both after the harness has first looked for it.
Usage: dies-on-empty-connection.py PORT DOCROOT [DYING_S]"""
import os
import socket
import sys
import time

port = int(sys.argv[1])
root = sys.argv[2]
dying_s = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0

srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", port))
srv.listen(16)
print(f"serving {root} on port {port}", flush=True)

while True:
    conn, _ = srv.accept()
    request = conn.recv(4096).decode("latin1")
    if not request and dying_s:
        time.sleep(dying_s)
        srv.close()
        time.sleep(dying_s)
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
