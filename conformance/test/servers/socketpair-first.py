"""A server that holds a Unix socket pair (as asyncio's self-pipe or a worker pool's channel does)
for half a second before it listens on 127.0.0.1. Usage: socketpair-first.py PORT DOCROOT"""
import socket
import sys
import time

pair = socket.socketpair()
time.sleep(0.5)
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", int(sys.argv[1])))
srv.listen(16)
while True:
    conn, _ = srv.accept()
    conn.close()
