#!/usr/bin/env python3
"""Servers that answer every request with more than any client should hold, one per MODE:

  continue-forever  endless "100 Continue" interim responses
  ok-forever        endless "200 OK" responses with Content-Length: 0
  huge-body         a 2 GB Content-Length body
  many-headers      1,000,000 header lines
  chunked-forever   an endless chunked body
  long-status       a 100 MB status line

Usage: hostile-server.py MODE [PORT]. Binds 127.0.0.1 (port 0 picks one), prints "port N" and
serves each connection on a thread. Every answer is bounded (BOUND bytes at most) and stops as
soon as the client stops reading and closes, so a test never waits on it.
"""
import socket
import sys
import threading

BLOCK = 256 * 1024
BOUND = 2 * 1024 * 1024 * 1024 + 4096


def repeated(unit: bytes) -> bytes:
    return unit * max(1, BLOCK // len(unit))


def stream(head: bytes, unit: bytes, total: int):
    """head once, then `unit` repeated until `total` bytes in all."""
    yield head
    block = repeated(unit)
    sent = len(head)
    while sent < total:
        piece = block[: min(len(block), total - sent)]
        sent += len(piece)
        yield piece


MODES = {
    'continue-forever': lambda: stream(b'', b'HTTP/1.1 100 Continue\r\n\r\n', 256 * 1024 * 1024),
    'ok-forever': lambda: stream(b'', b'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n', 256 * 1024 * 1024),
    'huge-body': lambda: stream(b'HTTP/1.1 200 OK\r\nContent-Length: 2147483648\r\n\r\n', b'x', BOUND),
    'many-headers': lambda: stream(b'HTTP/1.1 200 OK\r\n', b'X-Header-Line: value\r\n', 1_000_000 * 22),
    'chunked-forever': lambda: stream(
        b'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n', b'4000\r\n' + b'y' * 0x4000 + b'\r\n', 256 * 1024 * 1024
    ),
    'long-status': lambda: stream(b'HTTP/1.1 200 ', b'a', 100 * 1000 * 1000),
}


def serve(conn: socket.socket, mode: str) -> None:
    try:
        conn.settimeout(10)
        if not conn.recv(65536):
            return
        for piece in MODES[mode]():
            conn.sendall(piece)
    except OSError:
        pass  # the client stopped reading and closed: done
    finally:
        conn.close()


def main() -> None:
    mode = sys.argv[1]
    if mode not in MODES:
        sys.exit(f'unknown mode {mode}; one of {", ".join(MODES)}')
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(('127.0.0.1', port))
    listener.listen(128)
    print(f'port {listener.getsockname()[1]}', flush=True)
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=serve, args=(conn, mode), daemon=True).start()


if __name__ == '__main__':
    main()
