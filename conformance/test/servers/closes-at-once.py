"""A student server that answers as soon as it has read a request's head and then closes at once,
whatever else the client sent (no lingering close, RFC 9112 §9.6): the rest of the request is left
unread, so the kernel ends the connection with a reset. Its answer is sent before the reset; a
client that reads before it writes more gets it. Every request gets 404 Not Found with
Connection: close.
Used by the harness tests. Usage: closes-at-once.py PORT DOCROOT"""
import socket
import sys
import threading

port = int(sys.argv[1])

srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", port))
srv.listen(64)
print(f"listening on {port}", flush=True)


def handle(conn):
    buf = b""
    try:
        while b"\r\n\r\n" not in buf:
            chunk = conn.recv(1024)
            if not chunk:
                return
            buf += chunk
        conn.sendall(b"HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
    except OSError:
        pass
    finally:
        conn.close()


while True:
    c, _ = srv.accept()
    threading.Thread(target=handle, args=(c,), daemon=True).start()
