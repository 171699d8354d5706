"""A typical first student server: one recv() per request, one connection at a time,
split(' ') parsing, no Date, always closes. Deliberately broken; used by the harness tests."""
import os
import socket
import sys

port = int(sys.argv[1])
root = sys.argv[2]

srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", port))
srv.listen(16)
print(f"serving on {port}", flush=True)

while True:
    conn, _ = srv.accept()
    try:
        data = conn.recv(4096).decode("latin1")
        parts = data.split(" ")
        path = parts[1] if len(parts) > 1 else "/"
        if path == "/":
            path = "/index.html"
        full = os.path.join(root, path.lstrip("/"))
        try:
            with open(full, "rb") as f:
                body = f.read()
            head = f"HTTP/1.1 200 OK\r\nContent-Length: {len(body)}\r\n\r\n"
        except OSError:
            body = b"not found"
            head = f"HTTP/1.1 404 Not Found\r\nContent-Length: {len(body)}\r\n\r\n"
        conn.sendall(head.encode("latin1") + body)
    except Exception:
        pass
    finally:
        conn.close()
