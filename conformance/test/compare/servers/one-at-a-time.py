"""A student server with a blocking accept loop: one connection at a time, reads until the blank
line, answers, closes. Usage: one-at-a-time.py PORT DOCROOT"""
import os
import socket
import sys

port, root = int(sys.argv[1]), sys.argv[2]
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", port))
srv.listen(64)
print(f"serving on {port}", flush=True)
while True:
    conn, _ = srv.accept()
    conn.settimeout(2)
    try:
        data = b""
        while b"\r\n\r\n" not in data and len(data) < 65536:
            chunk = conn.recv(4096)
            if not chunk:
                break
            data += chunk
        line = data.split(b"\r\n", 1)[0].decode("latin1").split(" ")
        path = line[1] if len(line) == 3 else "/"
        full = os.path.join(root, path.lstrip("/") or "index.html")
        if len(line) != 3:
            body, status = b"bad request", "400 Bad Request"
        elif os.path.isfile(full):
            with open(full, "rb") as f:
                body, status = f.read(), "200 OK"
        else:
            body, status = b"not found", "404 Not Found"
        conn.sendall(f"HTTP/1.1 {status}\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode() + body)
    except OSError:
        pass
    finally:
        conn.close()
