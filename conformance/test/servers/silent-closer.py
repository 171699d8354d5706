"""A student server that never got as far as answering: it accepts, reads the request, and closes
the connection without writing anything (the response code is still a TODO). It must score near
zero: saying nothing is not refusing bad input.
Deliberately broken; used by the harness tests. Usage: silent-closer.py PORT DOCROOT"""
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
    try:
        conn.recv(65536)
        # TODO: parse the request and send a response
    except OSError:
        pass
    finally:
        conn.close()


while True:
    c, _ = srv.accept()
    threading.Thread(target=handle, args=(c,), daemon=True).start()
