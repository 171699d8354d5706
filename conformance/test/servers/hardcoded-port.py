"""A student server whose port is fixed in its command line (`python3 hardcoded-port.py 23456
DOCROOT` instead of `{port}`), or in its code: it listens on that port, never on the one the
harness picked, which it is given as a third argument and ignores.
Usage: hardcoded-port.py PORT DOCROOT [IGNORED-PORT]"""
import http.server
import sys

port = int(sys.argv[1])
root = sys.argv[2]
handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=root, **k)
srv = http.server.HTTPServer(("127.0.0.1", port), handler)
print(f"Serving HTTP on 127.0.0.1 port {port} (http://127.0.0.1:{port}/) ...", flush=True)
srv.serve_forever()
