"""A server bound to ::1 only (what `localhost` resolves to first on some systems): a connection to
127.0.0.1 never reaches it. Usage: ipv6-only.py PORT DOCROOT"""
import socket
import sys

port = int(sys.argv[1])
srv = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("::1", port))
srv.listen(16)
print(f"listening on [::1]:{port}", flush=True)
while True:
    conn, _ = srv.accept()
    conn.close()
