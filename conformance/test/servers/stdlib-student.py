"""A student server built on the standard library: http.server's SimpleHTTPRequestHandler with
HTTP/1.1 keep-alive switched on and a POST /echo route added, the way the docs suggest. It
inherits http.server's leniencies (no Host check, obs-fold and odd field names accepted, chunked
bodies ignored, directory listings). Deliberately not fixed; used by the harness tests.
Usage: stdlib-student.py PORT DOCROOT"""
import functools
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

port = int(sys.argv[1])
root = sys.argv[2]


class Handler(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        if self.path != "/echo":
            self.send_error(405)
            return
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length)
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


ThreadingHTTPServer.allow_reuse_address = True
ThreadingHTTPServer.daemon_threads = True
server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=root))
print(f"listening on http://127.0.0.1:{port}", flush=True)
server.serve_forever()
