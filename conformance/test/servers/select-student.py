"""A student server built on select(): one thread, every socket in one select() call, a request
answered once its head has arrived, then the connection closed. select() cannot watch a
descriptor numbered 1024 or more, so a flood of idle connections kills it (ValueError).
Deliberately broken; used by the harness tests. Usage: select-student.py PORT DOCROOT"""
import os
import select
import socket
import sys

port = int(sys.argv[1])
root = os.path.realpath(sys.argv[2])

srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", port))
srv.listen(128)
print(f"serving on {port}", flush=True)

buffers = {}


def answer(conn, head):
    parts = head.split(b"\r\n", 1)[0].split(b" ")
    path = parts[1].decode("latin1") if len(parts) > 1 else "/"
    if path == "/":
        path = "/index.html"
    full = os.path.realpath(os.path.join(root, path.lstrip("/")))
    try:
        if not full.startswith(root + os.sep):
            raise OSError("outside")
        with open(full, "rb") as f:
            body = f.read()
        status = b"200 OK"
    except OSError:
        body = b"not found"
        status = b"404 Not Found"
    conn.sendall(b"HTTP/1.1 " + status + b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body)


while True:
    readable, _, _ = select.select([srv, *buffers], [], [])
    for sock in readable:
        if sock is srv:
            conn, _ = srv.accept()
            buffers[conn] = b""
            continue
        data = sock.recv(65536)
        buffers[sock] += data
        if data and b"\r\n\r\n" not in buffers[sock]:
            continue
        try:
            if data:
                answer(sock, buffers[sock])
        except OSError:
            pass
        del buffers[sock]
        sock.close()
