"""A correct but slow student server: a thread per connection (ThreadingHTTPServer) that spends
two seconds on every answer (it re-reads a config file over a slow network share, say). Nothing
is wrong with its HTTP; a fair harness must not fail it for being slow.
Used by the harness tests. Usage: slow-2s.py PORT DOCROOT [DELAY_SECONDS]"""
import functools
import http.server
import sys
import time

port = int(sys.argv[1])
root = sys.argv[2]
delay = float(sys.argv[3]) if len(sys.argv) > 3 else 2.0


class Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def handle_one_request(self):
        time.sleep(delay)
        super().handle_one_request()

    def log_message(self, *args):
        pass


Handler = functools.partial(Handler, directory=root)
http.server.ThreadingHTTPServer.daemon_threads = True
srv = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
print(f"serving on {port}", flush=True)
srv.serve_forever()
