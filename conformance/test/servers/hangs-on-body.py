"""A student server that reads a request body the wrong way: after the head it loops on recv()
until it has "the whole body", but it counts the body from the first recv() only and waits for
more that never comes, so any request with a body (the echo route, a POST with Content-Length)
blocks it for good. One connection at a time, so one such request hangs the whole server.
Deliberately broken; used by the harness tests. Usage: hangs-on-body.py PORT DOCROOT"""
import os
import socket
import sys

from lowest_priority import lower_priority

port = int(sys.argv[1])
root = os.path.realpath(sys.argv[2])

srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", port))
srv.listen(16)
print(f"listening on {port}", flush=True)


def read_request(conn):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            return None, b""
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    body = rest
    # Bug: waits for `length` bytes *more* than what already came with the head, and treats an
    # empty recv() (the client gave up) as "try again".
    while len(body) < len(rest) + length:
        chunk = conn.recv(4096)
        if not chunk:
            lower_priority()
        body += chunk
    return head.decode("latin1"), body


while True:
    conn, _ = srv.accept()
    try:
        head, body = read_request(conn)
        if head is None:
            continue
        method, target = head.split(" ")[:2]
        if method == "POST" and target == "/echo":
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body)
            continue
        full = os.path.normpath(os.path.join(root, target.split("?")[0].lstrip("/")))
        try:
            with open(full, "rb") as f:
                data = f.read()
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n" % len(data) + data)
        except OSError:
            conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 10\r\nConnection: close\r\n\r\nnot found\n")
    except Exception:
        pass
    finally:
        conn.close()
