"""A server on `::` with IPv6-only off (what Node's and many servers' default listen does): one
socket, listed in the kernel's IPv6 table, that a connection to 127.0.0.1 reaches.
Usage: dual-stack.py PORT DOCROOT"""
import socket
import sys

srv = socket.create_server(("::", int(sys.argv[1])), family=socket.AF_INET6, dualstack_ipv6=True)
while True:
    conn, _ = srv.accept()
    conn.close()
