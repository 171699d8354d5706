"""A server that ignores SIGTERM (a student's `signal(SIGTERM, SIG_IGN)`, or a blocking loop that
never checks): only SIGKILL stops it. Usage: ignores-sigterm.py PORT DOCROOT"""
import functools
import http.server
import signal
import sys

signal.signal(signal.SIGTERM, signal.SIG_IGN)
port = int(sys.argv[1])
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[2])
srv = http.server.HTTPServer(("127.0.0.1", port), handler)
print(f"serving on {port}, ignoring SIGTERM", flush=True)
srv.serve_forever()
