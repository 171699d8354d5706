"""A static file server written directly on h11 (python3-h11) for the published comparison: one
thread per connection, keep-alive through h11's cycles, the same routes as wsgi_static.py (files
under DOCROOT, POST /echo). Everything about parsing and framing is h11's; this file only moves
bytes between the socket and h11 and picks the answer.
Usage: python3 h11_static.py PORT DOCROOT"""
import mimetypes
import os
import socket
import sys
import threading
from email.utils import formatdate
from urllib.parse import unquote_to_bytes

import h11

os.environ.setdefault("MATRIX_DOCROOT", sys.argv[2] if len(sys.argv) > 2 else ".")
from wsgi_static import last_modified, resolve  # noqa: E402  (reads MATRIX_DOCROOT at import)

MAX_BODY = 64 * 1024 * 1024


def answer(conn, sock, status, headers, body, head):
    headers = headers + [("Content-Length", str(len(body))), ("Date", formatdate(usegmt=True))]
    data = conn.send(h11.Response(status_code=status, headers=headers))
    if not head:
        data += conn.send(h11.Data(data=body))
    data += conn.send(h11.EndOfMessage())
    sock.sendall(data)


def next_event(conn, sock):
    while True:
        event = conn.next_event()
        if event is not h11.NEED_DATA:
            return event
        conn.receive_data(sock.recv(65536))


def route(method, target):
    """(status, headers, body) for a request whose body has been read."""
    path = target.split(b"?", 1)[0]
    # h11 hands over the request-target as sent: the absolute-form is the application's to read
    # (RFC 9112 §3.2.2: accept it, use its authority); an https target did not come over TLS.
    lower = path.lower()
    if lower.startswith(b"https://"):
        return 421, [("Content-Type", "text/plain")], b"misdirected request\n"
    if lower.startswith(b"http://"):
        slash = path.find(b"/", len(b"http://"))
        path = b"/" if slash < 0 else path[slash:]
    if method not in (b"GET", b"HEAD"):
        return 405, [("Allow", "GET, HEAD"), ("Content-Type", "text/plain")], b"method not allowed\n"
    full = resolve(unquote_to_bytes(path).decode("utf-8", "replace"))
    if full is None:
        return 404, [("Content-Type", "text/plain")], b"not found\n"
    with open(full, "rb") as f:
        body = f.read()
    ctype = mimetypes.guess_type(full)[0] or "application/octet-stream"
    return 200, [("Content-Type", ctype), ("Last-Modified", last_modified(full))], body


def serve(sock):
    conn = h11.Connection(h11.SERVER)
    sock.settimeout(30)
    try:
        while True:
            event = next_event(conn, sock)
            if isinstance(event, h11.ConnectionClosed):
                return
            request = event
            # h11 leaves the interim answer to the application: send it when the client waits.
            if conn.they_are_waiting_for_100_continue:
                sock.sendall(conn.send(h11.InformationalResponse(status_code=100, headers=[])))
            body = b""
            while True:
                event = next_event(conn, sock)
                if isinstance(event, h11.EndOfMessage):
                    break
                body += event.data
                if len(body) > MAX_BODY:
                    raise h11.RemoteProtocolError("body too large", error_status_hint=413)
            head = request.method == b"HEAD"
            if request.method == b"POST" and request.target.split(b"?", 1)[0] == b"/echo":
                answer(conn, sock, 200, [("Content-Type", "application/octet-stream")], body, head)
            else:
                answer(conn, sock, *route(request.method, request.target), head)
            if conn.our_state is h11.MUST_CLOSE:
                return
            conn.start_next_cycle()
    except h11.RemoteProtocolError as e:
        # h11's own status for what it could not parse, as its documentation shows servers do.
        if conn.our_state in (h11.IDLE, h11.SEND_RESPONSE):
            try:
                status = e.error_status_hint
                headers = [("Content-Length", "0"), ("Connection", "close"), ("Date", formatdate(usegmt=True))]
                sock.sendall(conn.send(h11.Response(status_code=status, headers=headers)) + conn.send(h11.EndOfMessage()))
            except (h11.LocalProtocolError, OSError):
                pass
    except (OSError, h11.LocalProtocolError):
        pass
    finally:
        try:
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        sock.close()


def main():
    port = int(sys.argv[1])
    listener = socket.create_server(("127.0.0.1", port), backlog=1024)
    print(f"h11 static server on 127.0.0.1:{port}", flush=True)
    while True:
        sock, _ = listener.accept()
        threading.Thread(target=serve, args=(sock,), daemon=True).start()


if __name__ == "__main__":
    main()
