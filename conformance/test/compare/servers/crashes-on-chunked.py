"""A student server that dies on a request it did not plan for: any Transfer-Encoding header
ends the whole process (an uncaught error in the accept loop). Usage: crashes-on-chunked.py PORT DOCROOT"""
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
    conn.settimeout(5)
    try:
        data = conn.recv(4096).decode("latin1")
    except OSError:
        conn.close()
        continue
    if "transfer-encoding" in data.lower():
        raise SystemExit("ValueError: cannot parse a body without Content-Length")
    path = (data.split(" ") + ["/", "/"])[1]
    try:
        with open(os.path.join(root, path.lstrip("/") or "index.html"), "rb") as f:
            body = f.read()
        status = "200 OK"
    except OSError:
        body, status = b"not found", "404 Not Found"
    try:
        conn.sendall(f"HTTP/1.1 {status}\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode() + body)
    except OSError:
        pass
    conn.close()
