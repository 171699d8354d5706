"""A first-week student server: a thread per connection, one recv() per request, split(' ')
parsing, no Date, always closes. Usage: naive-threaded.py PORT DOCROOT"""
import os
import socket
import sys
import threading

port, root = int(sys.argv[1]), sys.argv[2]


def serve(conn):
    try:
        conn.settimeout(5)
        data = conn.recv(4096).decode("latin1")
        parts = data.split(" ")
        path = parts[1] if len(parts) > 1 else "/"
        if path == "/":
            path = "/index.html"
        try:
            with open(os.path.join(root, path.lstrip("/")), "rb") as f:
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


srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", port))
srv.listen(64)
print(f"serving on {port}", flush=True)
while True:
    c, _ = srv.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
