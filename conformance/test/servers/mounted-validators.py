#!/usr/bin/env python3
# Serves the docroot only under /files (anything else is 404), with a fixed ETag and
# Last-Modified that conditional requests are checked against, and POST /files/echo answering the
# body. Under --mount /files the harness must learn {etag}, {last-modified} and echo from it;
# without the prefix, its probes would see only 404s.
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PREFIX = '/files'
ETAG = '"mounted-v1"'
LAST_MODIFIED = 'Sun, 06 Nov 1994 08:49:37 GMT'
port, docroot = int(sys.argv[1]), sys.argv[2]


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, *args):
        pass

    def send(self, status, body=b'', headers=()):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        if self.command != 'HEAD':
            self.wfile.write(body)

    def do_GET(self):
        if not self.path.startswith(PREFIX + '/'):
            return self.send(404, b'not here\n')
        name = self.path[len(PREFIX) + 1:]
        full = os.path.join(docroot, name)
        if '..' in name or not os.path.isfile(full):
            return self.send(404, b'not found\n')
        validators = [('ETag', ETAG), ('Last-Modified', LAST_MODIFIED)]
        if self.headers.get('If-None-Match') == ETAG or self.headers.get('If-Modified-Since') == LAST_MODIFIED:
            return self.send(304, b'', validators)
        with open(full, 'rb') as f:
            self.send(200, f.read(), validators + [('Content-Type', 'text/plain')])

    do_HEAD = do_GET

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get('Content-Length') or 0))
        if self.path != PREFIX + '/echo':
            return self.send(404, b'not here\n')
        self.send(200, body)


ThreadingHTTPServer(('127.0.0.1', port), Handler).serve_forever()
