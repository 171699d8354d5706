"""A careful student server on the standard library: http.server with a thread per connection,
HTTP/1.1 keep-alive and a POST /echo route. Usage: stdlib-threaded.py PORT DOCROOT"""
import functools
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer


class Handler(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        if self.path != "/echo":
            self.send_error(404)
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


port, root = int(sys.argv[1]), sys.argv[2]
server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=root))
server.daemon_threads = True
print(f"listening on {port}", flush=True)
server.serve_forever()
